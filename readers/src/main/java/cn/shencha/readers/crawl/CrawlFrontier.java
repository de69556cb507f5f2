package cn.shencha.readers.crawl;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A run's crawl frontier, persisted in the {@code crawl_frontier} table: the URLs discovered, which are pending, and
 * what became of each. It is the crawl step's restart state, so a killed crawl resumes with exactly the URLs whose
 * chunk had not committed, no more and no less.
 */
public final class CrawlFrontier {

    public static final String PENDING = "PENDING";
    public static final String FETCHED = "FETCHED";
    public static final String UNCHANGED = "UNCHANGED";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED = "SKIPPED";

    /** Sources of a frontier row: a page or attachment to fetch, a sitemap, a feed, or an item read from a feed. */
    public static final String PAGE = "PAGE";
    public static final String SITEMAP = "SITEMAP";
    public static final String FEED = "FEED";
    public static final String FEED_ITEM = "FEED_ITEM";

    private final JdbcTemplate jdbc;

    public CrawlFrontier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a discovered URL once per run. A URL already known to the run is left as it is.
     *
     * @param state      {@link #PENDING} for a URL to fetch, {@link #SKIPPED} for one recorded but never fetched
     * @param skipReason why a skipped URL is not fetched (ROBOTS, SCOPE, DEPTH, PAGE_LIMIT, TRAP_..., ...), else null
     * @return whether the URL was new to the run
     */
    public boolean enqueue(long runId, String siteId, String url, int depth, String parentUrl, String state, String skipReason) {
        return enqueue(runId, siteId, url, depth, parentUrl, state, skipReason, PAGE);
    }

    /**
     * Records a discovered URL of the given source ({@link #PAGE}, {@link #SITEMAP}, {@link #FEED}) once per run.
     *
     * @return whether the URL was new to the run
     */
    public boolean enqueue(long runId, String siteId, String url, int depth, String parentUrl, String state, String skipReason,
                           String source) {
        return insert(runId, siteId, url, sha256(url), depth, parentUrl, state, skipReason, source);
    }

    /**
     * Records an item read from a feed as a row of its own, keyed by the feed and the item (not by the item's link,
     * which the crawl may also meet as a page, or skip as out of scope). The row is born complete: FETCHED with a new
     * snapshot, or UNCHANGED with the item's existing one. It has no HTTP status: the item's link was not requested.
     *
     * @return whether the item was new to the run
     */
    public boolean recordFeedItem(long runId, String siteId, String feedUrl, String itemKey, String url, int depth,
                                  String state, String contentType, Long bytes, String pageId, String snapshotId) {
        String hash = sha256("feed-item|" + feedUrl + "|" + itemKey);
        if (!insert(runId, siteId, url, hash, depth, feedUrl, state, null, FEED_ITEM)) {
            return false;
        }
        jdbc.update("UPDATE crawl_frontier SET content_type = ?, bytes = ?, page_id = ?, snapshot_id = ?, final_url = ?, fetched_at = ?"
                        + " WHERE run_id = ? AND url_hash = ?",
                truncate(contentType, 200), bytes, pageId, snapshotId, truncate(url, 4000), Timestamp.from(Instant.now()),
                runId, hash);
        return true;
    }

    private boolean insert(long runId, String siteId, String url, String hash, int depth, String parentUrl, String state,
                           String skipReason, String source) {
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM crawl_frontier WHERE run_id = ? AND url_hash = ?",
                Integer.class, runId, hash);
        if (known != null && known > 0) {
            return false;
        }
        jdbc.update("INSERT INTO crawl_frontier (run_id, site_id, url, url_hash, depth, parent_url, state, skip_reason, discovered_at, source)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                runId, siteId, truncate(url, 4000), hash, depth, truncate(parentUrl, 4000), state, skipReason,
                Timestamp.from(Instant.now()), source);
        return true;
    }

    /** The URLs a run has queued or fetched (not the skipped ones), in discovery order: restart state for trap counts. */
    public List<String> countedUrls(long runId) {
        return jdbc.queryForList("SELECT url FROM crawl_frontier WHERE run_id = ? AND state <> 'SKIPPED'"
                + " AND (source IS NULL OR source <> 'FEED_ITEM') ORDER BY id", String.class, runId);
    }

    /** The next pending URLs of a run with an id above {@code afterId}, in discovery order. */
    public List<FrontierEntry> pending(long runId, long afterId, int limit) {
        return jdbc.query("SELECT id, run_id, site_id, url, depth, parent_url, source FROM crawl_frontier"
                        + " WHERE run_id = ? AND state = 'PENDING' AND id > ? ORDER BY id FETCH FIRST " + limit + " ROWS ONLY",
                (rs, i) -> new FrontierEntry(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getString(6), rs.getString(7)),
                runId, afterId);
    }

    /** How many URLs the run has queued or fetched so far (the page budget counts these; feed items do not). */
    public int countCounted(long runId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM crawl_frontier WHERE run_id = ? AND state <> 'SKIPPED'"
                        + " AND (source IS NULL OR source <> 'FEED_ITEM')",
                Integer.class, runId);
        return n == null ? 0 : n;
    }

    public int countPending(long runId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM crawl_frontier WHERE run_id = ? AND state = 'PENDING'",
                Integer.class, runId);
        return n == null ? 0 : n;
    }

    /** Records what fetching a pending URL gave. */
    public void complete(long frontierId, String state, Integer httpStatus, String contentType, String charset, Long bytes,
                         String error, String finalUrl, String pageId, String snapshotId) {
        jdbc.update("UPDATE crawl_frontier SET state = ?, http_status = ?, content_type = ?, charset = ?, bytes = ?, error = ?,"
                        + " final_url = ?, page_id = ?, snapshot_id = ?, fetched_at = ? WHERE id = ?",
                state, httpStatus, truncate(contentType, 200), truncate(charset, 64), bytes, truncate(error, 2000),
                truncate(finalUrl, 4000), pageId, snapshotId, Timestamp.from(Instant.now()), frontierId);
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
