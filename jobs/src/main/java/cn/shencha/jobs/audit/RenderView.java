package cn.shencha.jobs.audit;

import cn.shencha.jobs.config.ShenchaProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The rendered view of a page (issue 4 item 5): an HTML page with scripts, run in headless Chromium, against its static
 * text. What the rendering adds — only when it adds links leaving the site — becomes a {@code script-rendered} hidden
 * range of the page, for HIDDEN_LINK, and is carried into the page's snapshots until the next rendering (a failed
 * rendering keeps the last one).
 */
public final class RenderView {

    /** The hidden-range reason of what only the rendered page shows. */
    public static final String REASON = "script-rendered";

    /**
     * One rendering, for the run's summary.
     *
     * @param section what only the rendering showed; null when it added no link leaving the site (or failed)
     * @param loaded  requests of the page the crawler answered
     * @param refused requests it refused (out of scope, disallowed, not text)
     */
    public record Check(String url, String pageId, String error, SpiderView.Section section, int loaded,
                        List<String> refused, Instant renderedAt) {

        public Check {
            refused = refused == null ? List.of() : List.copyOf(refused);
        }
    }

    private final ShenchaProperties.Render settings;

    public RenderView(ShenchaProperties.Render settings) {
        this.settings = settings == null ? new ShenchaProperties.Render(false, "chromium", Duration.ofSeconds(15),
                Duration.ofMillis(500), Duration.ofDays(7)) : settings;
    }

    public ShenchaProperties.Render settings() {
        return settings;
    }

    /**
     * Whether a fetched HTML page is rendered: rendering is on, the page has scripts, and its content changed since its
     * last snapshot or its last rendering is older than the interval.
     */
    public boolean due(byte[] html, boolean changed, Instant lastRendered, Instant now) {
        if (!settings.enabled() || !hasScripts(html)) {
            return false;
        }
        if (changed || lastRendered == null) {
            return true;
        }
        Duration interval = settings.interval() == null ? Duration.ofDays(7) : settings.interval();
        return !lastRendered.plus(interval).isAfter(now);
    }

    /** Whether a page carries a script at all (in any ASCII-compatible charset); one without has nothing to render. */
    static boolean hasScripts(byte[] html) {
        String s = new String(html, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return s.contains("<script") || s.contains(" on") && (s.contains("onload=") || s.contains("onerror="));
    }
}
