package cn.shencha.readers.crawl;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Defends a crawl against spider traps — URL spaces a site (or an attacker who planted links in it) makes infinite:
 * relative-link loops that repeat path segments ({@code /a/b/a/b/a/b/}), calendars and paginators that produce the
 * same page shape under ever new numbers, query-parameter explosions (every sort order × filter × page), session ids
 * that make every URL new, and absurdly long URLs. Session ids are removed by {@link #canonical}; the rest is refused
 * with a skip reason recorded in the frontier like SCOPE or ROBOTS.
 *
 * <p>The guard counts the URLs it {@linkplain #admit admitted}; a restarted crawl rebuilds the counts by admitting
 * again the URLs its frontier already holds. Not thread-safe: one guard per crawl step.
 */
public final class CrawlTrapGuard {

    /** Why a URL looks like part of a trap; {@link #ADMIT} when it does not. */
    public enum Verdict {
        ADMIT, TRAP_URL_LENGTH, TRAP_REPEATING_PATH, TRAP_PATH_BUDGET, TRAP_QUERY_VARIANTS
    }

    /**
     * @param maxUrlLength       longer URLs are refused
     * @param maxSegmentRepeats  how often a path segment (or a run of segments) may repeat back to back; a single
     *                           segment may occur at most one time more than this anywhere in the path
     * @param maxPagesPerPattern URLs admitted per path pattern (host + path with every digit run made {@code 0} + the
     *                           names of the query parameters)
     * @param maxQueryVariants   distinct query strings admitted per host + path
     */
    public record Limits(int maxUrlLength, int maxSegmentRepeats, int maxPagesPerPattern, int maxQueryVariants) {
        public static Limits defaults() {
            return new Limits(2000, 2, 1000, 50);
        }
    }

    private static final Set<String> SESSION_PARAMETERS = Set.of("jsessionid", "phpsessid", "sid", "sessionid", "session_id",
            "sessid", "aspsessionid", "cfid", "cftoken", "wicket-session", "zenid", "osCsid".toLowerCase(Locale.ROOT));
    private static final Pattern PATH_SESSION = Pattern.compile("(?i);(?:jsessionid|phpsessid|sid|sessionid)=[^/?#]*");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final Limits limits;
    private final Map<String, Integer> pagesByPattern = new HashMap<>();
    private final Map<String, Set<String>> queriesByPath = new HashMap<>();

    public CrawlTrapGuard(Limits limits) {
        this.limits = limits;
    }

    /**
     * A URL without session ids: {@code ;jsessionid=…} path parameters and query parameters such as {@code sid},
     * {@code jsessionid}, {@code PHPSESSID} are removed (an emptied query is dropped). Anything unparsable is returned
     * unchanged for the scope check to refuse.
     */
    public static String canonical(String url) {
        if (url == null) {
            return null;
        }
        String s = PATH_SESSION.matcher(url).replaceAll("");
        int q = s.indexOf('?');
        if (q < 0) {
            return s;
        }
        int hash = s.indexOf('#', q);
        String query = hash < 0 ? s.substring(q + 1) : s.substring(q + 1, hash);
        String rest = hash < 0 ? "" : s.substring(hash);
        List<String> kept = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (!SESSION_PARAMETERS.contains(name) && !name.startsWith("aspsessionid")) {
                kept.add(pair);
            }
        }
        return s.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept)) + rest;
    }

    /** Whether a URL may be queued, without counting it. */
    public Verdict check(URI uri) {
        String url = uri.toString();
        if (url.length() > limits.maxUrlLength()) {
            return Verdict.TRAP_URL_LENGTH;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (repeats(segments(path), limits.maxSegmentRepeats())) {
            return Verdict.TRAP_REPEATING_PATH;
        }
        String query = uri.getRawQuery();
        if (query != null) {
            Set<String> seen = queriesByPath.get(pathKey(uri));
            if (seen != null && !seen.contains(query) && seen.size() >= limits.maxQueryVariants()) {
                return Verdict.TRAP_QUERY_VARIANTS;
            }
        }
        if (pagesByPattern.getOrDefault(patternKey(uri), 0) >= limits.maxPagesPerPattern()) {
            return Verdict.TRAP_PATH_BUDGET;
        }
        return Verdict.ADMIT;
    }

    /** Counts a URL that was queued (or, on restart, that the frontier already holds). */
    public void admit(URI uri) {
        pagesByPattern.merge(patternKey(uri), 1, Integer::sum);
        if (uri.getRawQuery() != null) {
            queriesByPath.computeIfAbsent(pathKey(uri), k -> new HashSet<>()).add(uri.getRawQuery());
        }
    }

    /** The path pattern a URL counts against: host, path with digit runs as {@code 0}, sorted query parameter names. */
    static String patternKey(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        StringBuilder key = new StringBuilder(CrawlScope.hostKey(uri)).append(DIGITS.matcher(path).replaceAll("0"));
        String query = uri.getRawQuery();
        if (query != null) {
            List<String> names = new ArrayList<>();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                names.add(eq < 0 ? pair : pair.substring(0, eq));
            }
            names.sort(null);
            key.append('?').append(String.join("&", new java.util.LinkedHashSet<>(names)));
        }
        return key.toString();
    }

    private static String pathKey(URI uri) {
        return CrawlScope.hostKey(uri) + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Whether some run of segments repeats back to back more than {@code max} times, or one segment recurs too often. */
    static boolean repeats(List<String> segments, int max) {
        int n = segments.size();
        Map<String, Integer> counts = new HashMap<>();
        for (String s : segments) {
            if (counts.merge(s, 1, Integer::sum) > max + 1) {
                return true;
            }
        }
        for (int length = 1; length * (max + 1) <= n; length++) {
            for (int start = 0; start + length * (max + 1) <= n; start++) {
                int copies = 1;
                while (start + (copies + 1) * length <= n
                        && segments.subList(start, start + length).equals(
                        segments.subList(start + copies * length, start + (copies + 1) * length))) {
                    copies++;
                }
                if (copies > max) {
                    return true;
                }
            }
        }
        return false;
    }
}
