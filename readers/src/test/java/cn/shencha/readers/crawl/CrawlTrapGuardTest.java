package cn.shencha.readers.crawl;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Spider-trap defenses. */
class CrawlTrapGuardTest {

    private final CrawlTrapGuard guard = new CrawlTrapGuard(new CrawlTrapGuard.Limits(200, 2, 3, 4));

    private CrawlTrapGuard.Verdict admit(String url) {
        URI uri = URI.create(url);
        CrawlTrapGuard.Verdict v = guard.check(uri);
        if (v == CrawlTrapGuard.Verdict.ADMIT) {
            guard.admit(uri);
        }
        return v;
    }

    @Test
    void sessionIdsAreRemoved() {
        assertThat(CrawlTrapGuard.canonical("http://h/a.jsp;jsessionid=ABC123?id=5")).isEqualTo("http://h/a.jsp?id=5");
        assertThat(CrawlTrapGuard.canonical("http://h/a.php?PHPSESSID=x&id=5&sid=9")).isEqualTo("http://h/a.php?id=5");
        assertThat(CrawlTrapGuard.canonical("http://h/a?sid=1")).isEqualTo("http://h/a");
        assertThat(CrawlTrapGuard.canonical("http://h/a?ASPSESSIONIDQQ=1&page=2#top")).isEqualTo("http://h/a?page=2#top");
        assertThat(CrawlTrapGuard.canonical("http://h/a?side=1&sidebar=2")).as("only whole parameter names")
                .isEqualTo("http://h/a?side=1&sidebar=2");
    }

    @Test
    void repeatingPathSegmentsAreATrap() {
        assertThat(admit("http://h/a/b/a/b/a/b/index.html")).isEqualTo(CrawlTrapGuard.Verdict.TRAP_REPEATING_PATH);
        assertThat(admit("http://h/news/news/news/1.html")).isEqualTo(CrawlTrapGuard.Verdict.TRAP_REPEATING_PATH);
        assertThat(admit("http://h/x/a/y/a/z/a/w/a/")).isEqualTo(CrawlTrapGuard.Verdict.TRAP_REPEATING_PATH);
        assertThat(admit("http://h/a/b/a/b/index.html")).as("twice is allowed").isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
        assertThat(admit("http://h/2026/11/11/art_1.html")).isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
    }

    @Test
    void samePathPatternHasABudget() {
        assertThat(admit("http://h/calendar/2026/11/01.html")).isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
        assertThat(admit("http://h/calendar/2026/11/02.html")).isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
        assertThat(admit("http://h/calendar/2027/1/3.html")).isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
        assertThat(admit("http://h/calendar/2099/12/31.html")).isEqualTo(CrawlTrapGuard.Verdict.TRAP_PATH_BUDGET);
        assertThat(admit("http://h/other/2026/11/01.html")).as("another pattern").isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
        assertThat(admit("http://other-host/calendar/2099/12/31.html")).as("another host").isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
    }

    @Test
    void queryVariantsPerPathAreCapped() {
        for (int i = 0; i < 4; i++) {
            // different parameter names keep the pattern budget out of the way
            assertThat(admit("http://h/list.jsp?p" + i + "=1")).isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
        }
        assertThat(admit("http://h/list.jsp?p9=1")).isEqualTo(CrawlTrapGuard.Verdict.TRAP_QUERY_VARIANTS);
        assertThat(guard.check(URI.create("http://h/list.jsp?p0=1"))).as("a variant already admitted stays admitted")
                .isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
        assertThat(admit("http://h/list.jsp")).isEqualTo(CrawlTrapGuard.Verdict.ADMIT);
    }

    @Test
    void overlongUrlsAreRefused() {
        assertThat(admit("http://h/" + "x".repeat(300))).isEqualTo(CrawlTrapGuard.Verdict.TRAP_URL_LENGTH);
    }

    @Test
    void aRestartedGuardRebuildsItsCountsFromAdmittedUrls() {
        CrawlTrapGuard restarted = new CrawlTrapGuard(new CrawlTrapGuard.Limits(200, 2, 3, 4));
        for (String u : new String[]{"http://h/p/1.html", "http://h/p/2.html", "http://h/p/3.html"}) {
            restarted.admit(URI.create(u));
        }
        assertThat(restarted.check(URI.create("http://h/p/4.html"))).isEqualTo(CrawlTrapGuard.Verdict.TRAP_PATH_BUDGET);
    }
}
