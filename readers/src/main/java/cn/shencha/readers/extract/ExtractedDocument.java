package cn.shencha.readers.extract;

import cn.shencha.rules.HiddenRange;

import java.util.List;

/**
 * What extraction got out of one fetched or uploaded resource.
 *
 * @param title       the document's title, or empty
 * @param text        the full readable text, paragraphs separated by newlines; every offset below indexes it
 * @param contentType the media type (no parameters) Tika or the header established
 * @param charset     the charset the text was decoded with, or null for binary formats
 * @param links       absolute http(s) links found in the document, in document order, without fragments
 * @param mainStart   where the main content (the article body, without navigation and footer) starts in {@code text}
 * @param mainEnd     where it ends (exclusive); {@code [0, text.length())} when the whole text is the content
 * @param hidden      ranges of {@code text} a visitor does not see (CSS-hidden blocks, injected marker clusters), each
 *                    with the links inside it
 * @param feedLinks   feeds the document announces ({@code <link rel="alternate">} of RSS, Atom or JSON Feed type)
 * @param scriptSources scripts the page loads from its own site ({@code <script src>}), whose writes the crawler decodes
 *                    too (see {@link DocumentTextExtractor#appendScripts})
 * @param partialReason why part of the document could not be read (its scripts were over the page's decoding budget,
 *                    its text over the character limit), or null when it was read whole
 */
public record ExtractedDocument(String title, String text, String contentType, String charset, List<String> links,
                                int mainStart, int mainEnd, List<HiddenRange> hidden, List<String> feedLinks,
                                List<String> scriptSources, String partialReason) {

    public ExtractedDocument {
        text = text == null ? "" : text;
        links = List.copyOf(links);
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        feedLinks = feedLinks == null ? List.of() : List.copyOf(feedLinks);
        scriptSources = scriptSources == null ? List.of() : List.copyOf(scriptSources);
        if (mainStart < 0 || mainEnd < mainStart || mainEnd > text.length()) {
            mainStart = 0;
            mainEnd = text.length();
        }
    }

    /** A document read whole. */
    public ExtractedDocument(String title, String text, String contentType, String charset, List<String> links,
                             int mainStart, int mainEnd, List<HiddenRange> hidden, List<String> feedLinks,
                             List<String> scriptSources) {
        this(title, text, contentType, charset, links, mainStart, mainEnd, hidden, feedLinks, scriptSources, null);
    }

    /** A document without scripts of its own to decode. */
    public ExtractedDocument(String title, String text, String contentType, String charset, List<String> links,
                             int mainStart, int mainEnd, List<HiddenRange> hidden, List<String> feedLinks) {
        this(title, text, contentType, charset, links, mainStart, mainEnd, hidden, feedLinks, List.of());
    }

    /** A document whose whole text is its content, with nothing hidden. */
    public ExtractedDocument(String title, String text, String contentType, String charset, List<String> links) {
        this(title, text, contentType, charset, links, 0, text == null ? 0 : text.length(), List.of(), List.of(), List.of());
    }

    /**
     * This document with a hidden section appended to its text (after a blank line): content a visitor of the page
     * does not see but that is part of it all the same (written by a script, served only to spiders). The section
     * becomes one hidden range with its links; the main content is unchanged.
     *
     * @param crawlLinks whether the section's links are also links of the document, to crawl
     */
    public ExtractedDocument withHiddenSection(String sectionText, String reason, List<String> sectionLinks,
                                               List<String> externalLinks, boolean crawlLinks) {
        String section = sectionText == null ? "" : sectionText.strip();
        if (section.isEmpty()) {
            return this;
        }
        String joined = text.isEmpty() ? section : text + "\n\n" + section;
        int start = joined.length() - section.length();
        List<HiddenRange> ranges = new java.util.ArrayList<>(hidden);
        ranges.add(new HiddenRange(start, joined.length(), reason, sectionLinks, externalLinks));
        List<String> allLinks = links;
        if (crawlLinks) {
            java.util.LinkedHashSet<String> merged = new java.util.LinkedHashSet<>(links);
            merged.addAll(sectionLinks);
            allLinks = List.copyOf(merged);
        }
        return new ExtractedDocument(title, joined, contentType, charset, allLinks, mainStart, mainEnd, ranges, feedLinks,
                scriptSources, partialReason);
    }

    /** Whether part of the document could not be read (see {@link #partialReason()}). */
    public boolean partial() {
        return partialReason != null;
    }

    /** This document noted as partly read, for {@code reason} (added to any reason it already has); null: unchanged. */
    public ExtractedDocument withPartialReason(String reason) {
        if (reason == null || reason.isBlank() || (partialReason != null && partialReason.contains(reason))) {
            return this;
        }
        return new ExtractedDocument(title, text, contentType, charset, links, mainStart, mainEnd, hidden, feedLinks,
                scriptSources, partialReason == null ? reason : partialReason + "; " + reason);
    }

    /** The main content: the article body of an HTML page, the whole text otherwise. */
    public String mainText() {
        return text.substring(mainStart, mainEnd);
    }
}
