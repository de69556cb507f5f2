package cn.shencha.jobs.console;

import cn.shencha.jobs.search.SearchCluster;
import cn.shencha.writers.search.SearchQuery;
import cn.shencha.writers.search.SearchResult;
import cn.shencha.writers.search.SearchUnavailableException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Full-text search of the archive: the console page and the same search as JSON ({@code GET /api/search}), with the
 * CLI's filters, facets, sorting and search_after cursors. Every hit links to its archived snapshot.
 */
@Controller
@ConditionalOnWebApplication
public class SearchController {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private final SearchCluster cluster;

    SearchController(SearchCluster cluster) {
        this.cluster = cluster;
    }

    @GetMapping("/search")
    String page(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "false") boolean phrase,
                @RequestParam(required = false) String category, @RequestParam(required = false) String importance,
                @RequestParam(required = false) String reviewState, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(defaultValue = "relevance") String sort,
                @RequestParam(required = false) String after, Model model) {
        model.addAttribute("title", "全文检索");
        model.addAttribute("q", q);
        model.addAttribute("phrase", phrase);
        model.addAttribute("category", category);
        model.addAttribute("importance", importance);
        model.addAttribute("reviewState", reviewState);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("sort", sort);
        if (q.isBlank() && blank(category) && blank(importance) && blank(reviewState)) {
            return "search";
        }
        try {
            SearchResult result = cluster.search(query(q, phrase, null, category, importance, reviewState, from, to, sort, 20, after));
            model.addAttribute("result", result);
        } catch (SearchUnavailableException e) {
            model.addAttribute("error", "检索服务暂不可用：" + e.getMessage());
        }
        return "search";
    }

    /** {@code GET /api/search?q=…}: the search as JSON (hits with highlights, facets, the next page's cursor). */
    @GetMapping(value = "/api/search", produces = "application/json")
    @ResponseBody
    ResponseEntity<?> api(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "false") boolean phrase,
                          @RequestParam(required = false) String site, @RequestParam(required = false) String category,
                          @RequestParam(required = false) String importance,
                          @RequestParam(required = false) String reviewState, @RequestParam(required = false) String from,
                          @RequestParam(required = false) String to, @RequestParam(defaultValue = "relevance") String sort,
                          @RequestParam(defaultValue = "10") int size, @RequestParam(required = false) String after) {
        try {
            return ResponseEntity.ok(cluster.search(query(q, phrase, site, category, importance, reviewState, from, to, sort, size, after)));
        } catch (SearchUnavailableException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", e.getMessage()));
        }
    }

    private static SearchQuery query(String q, boolean phrase, String site, String category, String importance,
                                     String reviewState, String from, String to, String sort, int size, String after) {
        SearchQuery.Sort s;
        try {
            s = SearchQuery.Sort.valueOf(sort.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sort 须为 relevance、newest 或 oldest");
        }
        return new SearchQuery(q, phrase, list(site), null, null, list(category), list(importance), list(reviewState),
                day(from, 0), day(to, 1), s, size, blank(after) ? null : after);
    }

    private static Instant day(String value, int plusDays) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay(BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("日期格式应为 YYYY-MM-DD：" + value);
        }
    }

    private static List<String> list(String v) {
        return blank(v) ? List.of() : List.of(v.split(","));
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }
}
