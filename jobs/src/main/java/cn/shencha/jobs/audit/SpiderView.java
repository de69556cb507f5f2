package cn.shencha.jobs.audit;

import cn.shencha.jobs.config.ShenchaProperties;
import cn.shencha.readers.crawl.HttpExchange;
import cn.shencha.readers.extract.ExtractedDocument;
import cn.shencha.readers.extract.LinkLocality;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The spider view of a page (cloaked spam): which pages are fetched a second time as a search-engine spider, and what
 * of that view a visitor does not get. Only a difference that adds links leaving the site counts — pages that differ
 * by a clock, a counter or a rotated banner do not — and its lines and links become a {@code spider-only} hidden range
 * of the page, for HIDDEN_LINK.
 */
public final class SpiderView {

    /** What only the spider got: lines of text, links, and those of the links that leave the site. */
    public record Section(String text, List<String> links, List<String> externalLinks) {

        public Section {
            links = List.copyOf(links);
            externalLinks = List.copyOf(externalLinks);
        }

        public ExtractedDocument appendTo(ExtractedDocument doc) {
            return appendTo(doc, "spider-only");
        }

        /** This section as a hidden range of the page, hidden the way {@code reason} says (see HiddenRange). */
        public ExtractedDocument appendTo(ExtractedDocument doc, String reason) {
            return doc.withHiddenSection(text, reason, links, externalLinks, false);
        }
    }

    /**
     * One spider-view fetch, for the frontier's run: what came back and what differed.
     *
     * @param section  what only the spider got; null when nothing that counts differed (or the fetch failed)
     * @param exchange the final response's exchange, for its WARC location
     */
    public record Check(String url, String pageId, String userAgent, Integer status, String finalUrl, String error,
                        Section section, Instant fetchedAt, HttpExchange exchange) {

        public boolean ok() {
            return error == null && status != null && status >= 200 && status < 300;
        }
    }

    static final int MAX_SECTION_CHARS = 20_000;

    private final ShenchaProperties.Spider settings;
    private final long runId;

    public SpiderView(ShenchaProperties.Spider settings, long runId) {
        this.settings = settings;
        this.runId = runId;
    }

    public ShenchaProperties.Spider settings() {
        return settings;
    }

    /**
     * Whether a page is seen as a spider this run: never seen so, seen longer ago than the interval, or in this run's
     * sample. Only HTML pages (or pages not fetched before) are candidates.
     */
    public boolean due(String pageId, Instant lastChecked, String lastContentType, Instant now) {
        if (!settings.enabled()) {
            return false;
        }
        if (lastContentType != null && !lastContentType.toLowerCase().contains("html")) {
            return false;
        }
        if (lastChecked == null) {
            return true;
        }
        Duration interval = settings.interval() == null ? Duration.ofDays(7) : settings.interval();
        if (!lastChecked.plus(interval).isAfter(now)) {
            return true;
        }
        return sample(pageId) < settings.sampleRate();
    }

    /** A page's place in this run's sample, in [0, 1): a hash of the page and the run, so each run draws anew. */
    double sample(String pageId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((pageId + "|" + runId).getBytes(StandardCharsets.UTF_8));
            long v = ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
            return v / (double) (1L << 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What another view of a page (the spider's, the rendered page's) adds to the visitor's: its lines not in the
     * visitor's text and its links not among the visitor's links; null unless some of those links leave the site.
     */
    public static Section difference(ExtractedDocument visitor, ExtractedDocument spider, String location) {
        Set<String> visitorLinks = new HashSet<>(visitor.links());
        Set<String> added = new LinkedHashSet<>();
        List<String> external = new ArrayList<>();
        for (String link : spider.links()) {
            if (!visitorLinks.contains(link) && added.add(link)) {
                if (LinkLocality.isExternal(location, link)) {
                    external.add(link);
                }
            }
        }
        if (external.isEmpty()) {
            return null;
        }
        Set<String> visitorLines = new HashSet<>();
        for (String line : visitor.text().split("\n")) {
            visitorLines.add(line.strip());
        }
        Set<String> lines = new LinkedHashSet<>();
        for (String line : spider.text().split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !visitorLines.contains(l)) {
                lines.add(l);
            }
        }
        String text = lines.isEmpty() ? String.join("\n", added) : String.join("\n", lines);
        if (text.length() > MAX_SECTION_CHARS) {
            text = text.substring(0, MAX_SECTION_CHARS);
        }
        return new Section(text, new ArrayList<>(added), external);
    }

    /** A section as stored with the page (text; links and external links one per line), or null when none. */
    public static Section stored(String text, String links, String external) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return new Section(text, lines(links), lines(external));
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String l : s.split("\n")) {
                if (!l.isBlank()) {
                    out.add(l.strip());
                }
            }
        }
        return out;
    }
}
