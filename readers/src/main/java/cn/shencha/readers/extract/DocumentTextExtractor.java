package cn.shencha.readers.extract;

import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Extracts text, title and links from a resource. HTML is decoded with {@link CharsetDecoder} and read with jsoup
 * (scripts, styles and templates are not text); for HTML the extractor also finds the main content (the article body,
 * see {@link MainContent}) and the ranges of the text a visitor does not see — blocks hidden by inline or page CSS and
 * injected marker clusters, each with the links inside it — so the HIDDEN_LINK rules can tell injected spam (暗链)
 * from legitimate hidden interface. Every other format goes through Tika's auto-detecting parser under
 * limits: a byte cap, a character cap and a wall-clock cap, so a zip bomb or a pathological PDF fails this one
 * resource with a clear error instead of the run.
 */
public final class DocumentTextExtractor {

    /** Limits against huge files, zip bombs and slow parses. */
    public record Limits(long maxBytes, int maxChars, long timeoutMillis) {
        public static Limits defaults() {
            return new Limits(50L * 1024 * 1024, 5_000_000, 60_000);
        }
    }

    private static final Set<String> HTML_TYPES = Set.of("text/html", "application/xhtml+xml");

    /** Links kept of one document (and of one hidden range): a page of a million links is a hostile one. */
    public static final int MAX_LINKS = 10_000;

    private final Parser parser = new AutoDetectParser();
    private final Limits limits;
    private final ExecutorService parseThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tika-parse");
        t.setDaemon(true);
        return t;
    });

    public DocumentTextExtractor(Limits limits) {
        this.limits = limits;
    }

    public DocumentTextExtractor() {
        this(Limits.defaults());
    }

    /**
     * @param body              the resource's bytes
     * @param contentTypeHeader the Content-Type header as served, or null
     * @param location          the resource's URL (links are resolved against it) or file name
     */
    public ExtractedDocument extract(byte[] body, String contentTypeHeader, String location) throws ExtractionException {
        if (body.length > limits.maxBytes()) {
            throw new ExtractionException("resource is " + body.length + " bytes, over the limit of " + limits.maxBytes());
        }
        String declared = mediaType(contentTypeHeader);
        if ((declared != null && HTML_TYPES.contains(declared)) || (declared == null && looksLikeHtml(body, location))) {
            return html(body, contentTypeHeader, location);
        }
        return tika(body, contentTypeHeader, location);
    }

    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean looksLikeHtml(byte[] body, String location) {
        String lower = location == null ? "" : location.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".html") || lower.endsWith(".htm") || lower.endsWith("/")) {
            return true;
        }
        String head = new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        return head.contains("<html") || head.contains("<!doctype html");
    }

    private ExtractedDocument html(byte[] body, String contentTypeHeader, String location) {
        CharsetDecoder.Decoded decoded = CharsetDecoder.decode(body, contentTypeHeader);
        Document doc = Jsoup.parse(decoded.text(), location == null ? "" : location);
        return fromDocument(doc, location, decoded.charset().name(), limits.maxChars());
    }

    /**
     * The text, hidden ranges and links of an HTML fragment, such as a feed item's content; scripts and styles are not
     * text, and CSS in the fragment's own style attributes and blocks decides what is hidden.
     *
     * @param location the URL relative links are resolved against, or null
     */
    public static ExtractedDocument htmlFragment(String html, String location, int maxChars) {
        Document doc = Jsoup.parseBodyFragment(html == null ? "" : html, location == null ? "" : location);
        return fromDocument(doc, location, "UTF-8", maxChars);
    }

    private static ExtractedDocument fromDocument(Document doc, String location, String charset, int maxChars) {
        List<String> css = new ArrayList<>();
        for (Element style : doc.select("style")) {
            css.add(style.data());
        }
        StyleSheet sheet = StyleSheet.parse(css);
        List<String> feeds = feedLinks(doc);
        List<String> inlineScripts = new ArrayList<>();
        Set<String> scriptSources = new LinkedHashSet<>();
        collectScripts(doc, location, inlineScripts, scriptSources);
        doc.select("script, style, noscript, template").remove();
        Element root = doc.body() == null ? doc : doc.body();
        Element main = MainContent.locate(root);
        HtmlText.Result walked = HtmlText.walk(root, sheet, main, location, maxChars);
        Set<String> links = new LinkedHashSet<>();
        boolean linksCut = false;
        for (Element a : doc.select("a[href], area[href], iframe[src], frame[src]")) {
            String abs = a.hasAttr("href") ? a.absUrl("href") : a.absUrl("src");
            String normalized = normalizeLink(abs);
            if (normalized != null && links.size() >= MAX_LINKS && !links.contains(normalized)) {
                linksCut = true;
                break;
            }
            if (normalized != null) {
                links.add(normalized);
            }
        }
        ExtractedDocument extracted = new ExtractedDocument(doc.title().strip(), walked.text(), "text/html", charset,
                new ArrayList<>(links), walked.mainStart(), walked.mainEnd(), walked.hidden(), feeds,
                new ArrayList<>(scriptSources));
        if (walked.text().length() >= maxChars) {
            extracted = extracted.withPartialReason(textCut(maxChars));
        }
        if (linksCut) {
            extracted = extracted.withPartialReason("links cut at " + MAX_LINKS);
        }
        if (sheet.exhausted()) {
            extracted = extracted.withPartialReason(CSS_EXHAUSTED);
        }
        if (inlineScripts.isEmpty()) {
            return extracted;
        }
        ScriptDecoder.Budget budget = new ScriptDecoder.Budget(); // one for the page: its scripts and what they write
        return withScriptSections(extracted, ScriptDecoder.decode(String.join("\n;\n", inlineScripts), budget), location,
                1, budget);
    }

    /** Text served as {@code contentType}, decoded the way pages are (header, BOM, meta, detection), e.g. a script. */
    public static String decodeText(byte[] body, String contentType) {
        return CharsetDecoder.decode(body, contentType).text();
    }

    /** Scripts are JavaScript when they have no type or a JavaScript one (not JSON, templates, ...). */
    private static boolean isJavaScript(Element script) {
        String type = script.attr("type").strip().toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.contains("javascript") || type.contains("ecmascript") || type.equals("module");
    }

    private static void collectScripts(Element root, String location, List<String> inline, Set<String> sources) {
        for (Element script : root.select("script")) {
            if (!isJavaScript(script)) {
                continue;
            }
            if (script.hasAttr("src")) {
                String src = normalizeLink(script.absUrl("src"));
                if (src != null && location != null && !LinkLocality.isExternal(location, src) && sources.size() < 50) {
                    sources.add(src);
                }
            } else if (!script.data().isBlank()) {
                inline.add(script.data());
            }
        }
    }

    /** Most of a section kept: a script may write a lot, the rules need the start of it. */
    static final int MAX_SECTION_CHARS = 100_000;

    /**
     * Appends what the page's own-site scripts (fetched by the crawler: {@link ExtractedDocument#scriptSources()})
     * write, decoded statically ({@link ScriptDecoder}), as hidden sections like those of its inline scripts.
     */
    public static ExtractedDocument appendScripts(ExtractedDocument doc, List<ScriptDecoder.Decoded> scripts, String location) {
        StringBuilder html = new StringBuilder();
        List<String> redirects = new ArrayList<>();
        boolean referrer = false;
        boolean obfuscated = false;
        String incomplete = null;
        for (ScriptDecoder.Decoded d : scripts) {
            if (html.length() < ScriptDecoder.MAX_OUTPUT) {
                html.append(d.html(), 0, Math.min(d.html().length(), ScriptDecoder.MAX_OUTPUT - html.length()));
            }
            redirects.addAll(d.redirects());
            referrer |= d.readsReferrer();
            obfuscated |= d.obfuscated();
            incomplete = incomplete != null ? incomplete : d.incompleteReason();
        }
        return withScriptSections(doc, new ScriptDecoder.Decoded(html.toString(), redirects, referrer, obfuscated, incomplete),
                location, 1, new ScriptDecoder.Budget());
    }

    /**
     * Appends what decoded scripts write — the text and links of the HTML, as a {@code script-written} hidden range —
     * and where they redirect: a redirect that depends on document.referrer (only visitors from a search engine get
     * it) as a {@code referrer-redirect} range of its own, any other with the written content. Scripts inside the
     * written HTML are decoded in turn, once.
     */
    private static ExtractedDocument withScriptSections(ExtractedDocument doc, ScriptDecoder.Decoded decoded, String location,
                                                        int nestedLevels, ScriptDecoder.Budget budget) {
        doc = doc.withPartialReason(decoded.incompleteReason());
        if (decoded.isEmpty()) {
            return doc;
        }
        String base = location == null ? "" : location;
        Document fragment = Jsoup.parseBodyFragment(decoded.html(), base);
        List<String> css = new ArrayList<>();
        for (Element style : fragment.select("style")) {
            css.add(style.data());
        }
        List<String> nested = new ArrayList<>();
        collectScripts(fragment, location, nested, new LinkedHashSet<>());
        fragment.select("script, style, noscript, template").remove();
        Element body = fragment.body() == null ? fragment : fragment.body();
        StyleSheet sheet = StyleSheet.parse(css);
        String text = HtmlText.walk(body, sheet, null, location, MAX_SECTION_CHARS).text();
        if (sheet.exhausted()) {
            doc = doc.withPartialReason(CSS_EXHAUSTED);
        }
        Set<String> links = new LinkedHashSet<>();
        for (Element a : fragment.select("a[href], area[href], iframe[src], frame[src]")) {
            String normalized = normalizeLink(a.hasAttr("href") ? a.absUrl("href") : a.absUrl("src"));
            if (normalized != null && links.size() >= MAX_LINKS) {
                doc = doc.withPartialReason("script-written links cut at " + MAX_LINKS);
                break;
            }
            if (normalized != null) {
                links.add(normalized);
            }
        }
        Set<String> redirects = new LinkedHashSet<>();
        for (String r : decoded.redirects()) {
            String target = resolve(base, r);
            if (target != null) {
                redirects.add(target);
            }
        }
        ExtractedDocument out = doc;
        if (decoded.readsReferrer() && !redirects.isEmpty()) {
            out = out.withHiddenSection(String.join("\n", redirects), "referrer-redirect", new ArrayList<>(redirects),
                    external(location, redirects), false);
        } else if (!redirects.isEmpty()) {
            links.addAll(redirects);
            text = text.isBlank() ? String.join("\n", redirects) : text + "\n" + String.join("\n", redirects);
        }
        if (!text.isBlank() || !links.isEmpty()) {
            String section = text.isBlank() ? String.join("\n", links) : text;
            out = out.withHiddenSection(section, "script-written", new ArrayList<>(links), external(location, links), true);
        }
        if (!nested.isEmpty() && nestedLevels > 0) {
            out = withScriptSections(out, ScriptDecoder.decode(String.join("\n;\n", nested), budget), location,
                    nestedLevels - 1, budget);
        }
        return out;
    }

    private static List<String> external(String location, Set<String> links) {
        List<String> out = new ArrayList<>();
        for (String l : links) {
            if (LinkLocality.isExternal(location, l)) {
                out.add(l);
            }
        }
        return out;
    }

    private static String resolve(String base, String target) {
        try {
            String t = target.strip().replace(" ", "%20");
            return normalizeLink(base.isEmpty() ? t : URI.create(base).resolve(t).toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static final Set<String> FEED_TYPES = Set.of("application/rss+xml", "application/atom+xml",
            "application/feed+json", "application/json");

    /** Feeds announced in the head ({@code <link rel="alternate" type="application/rss+xml" href="...">}). */
    private static List<String> feedLinks(Document doc) {
        Set<String> out = new LinkedHashSet<>();
        for (Element link : doc.select("link[href][type]")) {
            boolean alternate = false;
            for (String rel : link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")) {
                alternate |= rel.equals("alternate");
            }
            String type = mediaType(link.attr("type"));
            if (alternate && type != null && FEED_TYPES.contains(type)) {
                String normalized = normalizeLink(link.absUrl("href"));
                if (normalized != null) {
                    out.add(normalized);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Text of an element with a newline at every block boundary, so paragraphs stay apart. */
    static String blockText(Element root) {
        return HtmlText.walk(root, StyleSheet.EMPTY, null, null, Integer.MAX_VALUE).text();
    }

    /** An absolute http(s) URL without its fragment, or null for anything else (mailto:, javascript:, garbage). */
    public static String normalizeLink(String href) {
        if (href == null || href.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(href.strip().replace(" ", "%20"));
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null) {
                return null;
            }
            URI clean = new URI(scheme.toLowerCase(Locale.ROOT), uri.getRawAuthority().toLowerCase(Locale.ROOT),
                    uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(), uri.getRawQuery(), null);
            return clean.toString();
        } catch (URISyntaxException | NullPointerException e) {
            return null;
        }
    }

    private ExtractedDocument tika(byte[] body, String contentTypeHeader, String location) throws ExtractionException {
        Metadata metadata = new Metadata();
        if (location != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, location.replaceAll("[?#].*$", ""));
        }
        if (contentTypeHeader != null) {
            metadata.set(Metadata.CONTENT_TYPE, contentTypeHeader);
        }
        BodyContentHandler handler = new BodyContentHandler(limits.maxChars());
        boolean cut = false;
        Future<?> parse = parseThreads.submit(() -> {
            try (TikaInputStream in = TikaInputStream.get(body)) {
                parser.parse(in, handler, metadata, new ParseContext());
            }
            return null;
        });
        try {
            parse.get(limits.timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            parse.cancel(true);
            throw new ExtractionException("parsing took longer than " + limits.timeoutMillis() + " ms");
        } catch (InterruptedException e) {
            parse.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExtractionException("interrupted while parsing", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!WriteLimitReachedException.isWriteLimitReached(cause)) {
                String what = cause instanceof TikaException || cause instanceof IOException
                        ? cause.getMessage() : cause.toString();
                throw new ExtractionException("cannot extract text: " + what, cause);
            }
            // Over the character limit: keep what was read.
            cut = true;
        }
        String type = mediaType(metadata.get(Metadata.CONTENT_TYPE));
        String title = metadata.get(TikaCoreProperties.TITLE);
        String text = handler.toString().replace("\r\n", "\n").strip();
        String charset = metadata.get(Metadata.CONTENT_ENCODING);
        ExtractedDocument doc = new ExtractedDocument(title == null ? "" : title.strip(), text,
                type == null ? "application/octet-stream" : type, charset, List.of());
        return cut ? doc.withPartialReason(textCut(limits.maxChars())) : doc;
    }

    private static final String CSS_EXHAUSTED = "page CSS applied to part of the page only: over "
            + StyleSheet.MAX_MATCH_WORK + " rule checks";

    private static String textCut(int maxChars) {
        return "text cut at " + maxChars + " characters";
    }
}
