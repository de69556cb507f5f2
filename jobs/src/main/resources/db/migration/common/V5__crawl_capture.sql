-- Crawl capture: where each fetch's WARC response record is, and how far each WARC file is committed. Portable
-- between H2 (MODE=PostgreSQL) and PostgreSQL.

-- The response record a snapshot was made from (for a feed item: the feed's response), as a file under DATA/warc
-- (<site-id>/<name>.warc.gz) and the byte offset of the record's gzip member. NULL for snapshots from before WARC
-- capture.
ALTER TABLE snapshot ADD COLUMN warc_file VARCHAR(300);
ALTER TABLE snapshot ADD COLUMN warc_offset BIGINT;

-- The same for every fetch a run made, whatever its outcome (unchanged, failed with a response).
ALTER TABLE crawl_frontier ADD COLUMN warc_file VARCHAR(300);
ALTER TABLE crawl_frontier ADD COLUMN warc_offset BIGINT;

-- WARC files as committed: the crawl writes records with each chunk and records the file's size in the same
-- transaction. A restarted run cuts the file back to this size (what lies beyond belongs to fetches whose results were
-- never committed, and is fetched again) and deletes the run's files of a higher sequence. See ADR 7.
CREATE TABLE warc_file (
    name            VARCHAR(300)  PRIMARY KEY,    -- <site-id>/SHENCHA-<site-id>-<run-id>-<sequence>.warc.gz
    site_id         VARCHAR(64)   NOT NULL,
    run_id          BIGINT        NOT NULL,
    sequence        INTEGER       NOT NULL,
    committed_bytes BIGINT        NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX warc_file_run ON warc_file (run_id, sequence);
