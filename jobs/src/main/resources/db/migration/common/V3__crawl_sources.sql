-- Crawl sources beyond links: sitemaps and feeds in the frontier, feed items as documents of their own; and what the
-- extractor learned about a snapshot's text besides the text itself. Portable between H2 (MODE=PostgreSQL) and
-- PostgreSQL. New skip reasons of crawl_frontier.skip_reason (still VARCHAR(32)): TRAP_URL_LENGTH,
-- TRAP_REPEATING_PATH, TRAP_PATH_BUDGET, TRAP_QUERY_VARIANTS (spider-trap defenses).

-- PAGE (NULL in rows written before this migration), SITEMAP, FEED, or FEED_ITEM: an item read from a feed, stored as
-- a snapshot of its own without fetching its link (parent_url holds the feed).
ALTER TABLE crawl_frontier ADD COLUMN source VARCHAR(16);

-- The main content (article body) as offsets into snapshot.text; NULL for snapshots from before this migration.
ALTER TABLE snapshot ADD COLUMN main_start INTEGER;
ALTER TABLE snapshot ADD COLUMN main_end INTEGER;

-- Ranges of snapshot.text a visitor does not see, one per line: start TAB end TAB reason TAB links TAB external links
-- (links space-separated). The analyze step hands them to the rules (HIDDEN_LINK).
ALTER TABLE snapshot ADD COLUMN hidden_ranges TEXT;

-- For feed items: the item's date as the feed gave it (ISO-8601 when readable) and the feed it was read from.
ALTER TABLE snapshot ADD COLUMN published_at VARCHAR(64);
ALTER TABLE snapshot ADD COLUMN source_url VARCHAR(4000);

-- Sitemaps and feeds read by the crawl, per site: what their body was the last time, so a run can tell an unchanged
-- source (UNCHANGED in the frontier) from a new or changed one (FETCHED). They are never snapshots themselves.
CREATE TABLE crawl_source (
    id              VARCHAR(64)   PRIMARY KEY,   -- sha256 of the URL
    site_id         VARCHAR(64)   NOT NULL,
    url             VARCHAR(4000) NOT NULL,
    kind            VARCHAR(16)   NOT NULL,      -- SITEMAP or FEED
    body_sha256     VARCHAR(64)   NOT NULL,
    entries         INTEGER       NOT NULL,      -- pages and sitemaps listed, or feed items
    last_fetched_at TIMESTAMP WITH TIME ZONE NOT NULL
);
