package cn.shencha.readers.source;

import cn.shencha.readers.extract.DocumentTextExtractor;
import cn.shencha.readers.extract.ExtractedDocument;
import crawlercommons.sitemaps.AbstractSiteMap;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses RSS 2.0 (and RSS 1.0), Atom and JSON Feed 1.0/1.1 — the last being what new-media account exports (WeChat
 * official accounts, Weibo, short-video accounts) are commonly converted to. Each item's content (content:encoded,
 * Atom content, content_html, falling back to the description or summary) is turned into text with the same HTML
 * reading as a page, so hidden spam inside an item is found too.
 *
 * <p>Feeds are hostile input: XML doctype declarations are refused (no entity expansion, no external entities), at
 * most {@value #MAX_ITEMS} items are read, and anything that is not a feed fails with a {@link SourceFormatException}
 * saying why.
 */
public final class FeedParser {

    public static final int MAX_ITEMS = 2_000;
    private static final int MAX_ITEM_CHARS = 1_000_000;
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param body        the feed's bytes
     * @param contentType the Content-Type it was served with, or null (the content decides the format)
     * @param location    the feed's URL; relative links are resolved against it
     */
    public Feed parse(byte[] body, String contentType, String location) throws SourceFormatException {
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i >= body.length) {
            throw new SourceFormatException("the feed " + location + " is empty");
        }
        if (body[i] == '{') {
            return json(body, location);
        }
        if (body[i] == '<') {
            return xml(body, location);
        }
        throw new SourceFormatException("the feed " + location + " is neither XML nor JSON"
                + (contentType == null ? "" : " (served as " + contentType + ")"));
    }

    // ---- XML: RSS and Atom ----

    private Feed xml(byte[] body, String location) throws SourceFormatException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            doc = builder.parse(new ByteArrayInputStream(body), location);
        } catch (SAXParseException e) {
            throw new SourceFormatException("malformed feed " + location + " at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + e.getMessage(), e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new SourceFormatException("cannot read the feed " + location + ": " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        String name = local(root);
        if (name.equals("feed") && ATOM.equals(root.getNamespaceURI())) {
            return atom(root, location);
        }
        if (name.equals("rss") || name.equals("RDF")) {
            return rss(root, location);
        }
        throw new SourceFormatException("not a feed: " + location + " has a <" + root.getTagName()
                + "> root element (expected <rss>, <rdf:RDF> or an Atom <feed>)");
    }

    private Feed rss(Element root, String location) {
        Element channel = child(root, null, "channel");
        String feedTitle = channel == null ? "" : text(child(channel, null, "title"));
        String feedLink = channel == null ? null : resolve(location, text(child(channel, null, "link")));
        List<FeedItem> items = new ArrayList<>();
        NodeList nodes = root.getElementsByTagNameNS("*", "item");
        for (int k = 0; k < nodes.getLength() && items.size() < MAX_ITEMS; k++) {
            Element item = (Element) nodes.item(k);
            String link = resolve(location, text(child(item, null, "link")));
            Element guid = child(item, null, "guid");
            String id = guid != null ? text(guid) : link;
            if (link == null && guid != null && !"false".equalsIgnoreCase(guid.getAttribute("isPermaLink"))) {
                link = resolve(location, text(guid));
            }
            String date = text(child(item, null, "pubDate"));
            if (date.isEmpty()) {
                date = text(child(item, DC, "date"));
            }
            String html = text(child(item, CONTENT, "encoded"));
            if (html.isBlank()) {
                html = text(child(item, null, "description"));
            }
            items.add(item(id, text(child(item, null, "title")), link, date, html, link != null ? link : location));
        }
        return new Feed("rss", feedTitle, feedLink, items);
    }

    private Feed atom(Element root, String location) {
        String feedLink = resolve(location, atomLink(root));
        List<FeedItem> items = new ArrayList<>();
        NodeList nodes = root.getElementsByTagNameNS(ATOM, "entry");
        for (int k = 0; k < nodes.getLength() && items.size() < MAX_ITEMS; k++) {
            Element entry = (Element) nodes.item(k);
            String link = resolve(location, atomLink(entry));
            String date = text(child(entry, ATOM, "published"));
            if (date.isEmpty()) {
                date = text(child(entry, ATOM, "updated"));
            }
            Element content = child(entry, ATOM, "content");
            if (content == null || text(content).isBlank()) {
                content = child(entry, ATOM, "summary");
            }
            String html = atomText(content);
            String id = text(child(entry, ATOM, "id"));
            items.add(item(id.isEmpty() ? link : id, atomText(child(entry, ATOM, "title")), link, date, html,
                    link != null ? link : location));
        }
        return new Feed("atom", atomText(child(root, ATOM, "title")), feedLink, items);
    }

    /** The alternate link of an Atom feed or entry (a link without rel is alternate). */
    private static String atomLink(Element parent) {
        String fallback = null;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ATOM.equals(e.getNamespaceURI()) && local(e).equals("link")) {
                String rel = e.getAttribute("rel");
                if (rel.isEmpty() || rel.equals("alternate")) {
                    return e.getAttribute("href");
                }
                if (fallback == null && !rel.equals("self")) {
                    fallback = e.getAttribute("href");
                }
            }
        }
        return fallback;
    }

    /** An Atom text construct as HTML: {@code type="text"} is escaped, html and xhtml are kept as markup. */
    private static String atomText(Element e) {
        if (e == null) {
            return "";
        }
        String type = e.getAttribute("type");
        if (type.equals("xhtml")) {
            StringBuilder sb = new StringBuilder();
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                sb.append(serialize(n));
            }
            return sb.toString();
        }
        if (type.equals("html")) {
            return text(e);
        }
        return org.jsoup.nodes.Entities.escape(text(e));
    }

    private static String serialize(Node n) {
        if (n instanceof Element e) {
            StringBuilder sb = new StringBuilder("<").append(local(e));
            var attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Node a = attributes.item(i);
                if (!a.getNodeName().startsWith("xmlns")) {
                    sb.append(' ').append(a.getLocalName() == null ? a.getNodeName() : a.getLocalName()).append("=\"")
                            .append(org.jsoup.nodes.Entities.escape(a.getNodeValue())).append('"');
                }
            }
            sb.append('>');
            for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                sb.append(serialize(c));
            }
            return sb.append("</").append(local(e)).append('>').toString();
        }
        if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
            return org.jsoup.nodes.Entities.escape(n.getNodeValue());
        }
        return "";
    }

    // ---- JSON Feed ----

    private Feed json(byte[] body, String location) throws SourceFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new SourceFormatException("malformed JSON feed " + location + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SourceFormatException("not a JSON Feed: " + location + " is not a JSON object");
        }
        String version = str(root, "version");
        if (version == null || !version.startsWith("https://jsonfeed.org/version/")) {
            throw new SourceFormatException("not a JSON Feed: " + location + " has no \"version\": \"https://jsonfeed.org/version/1.1\"");
        }
        JsonNode items = root.get("items");
        if (items == null || !items.isArray()) {
            throw new SourceFormatException("not a JSON Feed: " + location + " has no \"items\" array");
        }
        List<FeedItem> out = new ArrayList<>();
        for (JsonNode item : items) {
            if (out.size() >= MAX_ITEMS) {
                break;
            }
            if (!item.isObject()) {
                continue;
            }
            String link = resolve(location, str(item, "url"));
            if (link == null) {
                link = resolve(location, str(item, "external_url"));
            }
            String date = str(item, "date_published");
            if (date == null) {
                date = str(item, "date_modified");
            }
            String html = str(item, "content_html");
            if (html == null || html.isBlank()) {
                String plain = str(item, "content_text");
                if (plain == null || plain.isBlank()) {
                    plain = str(item, "summary");
                }
                html = plain == null ? "" : plainToHtml(plain);
            }
            String id = str(item, "id");
            out.add(item(id == null ? link : id, str(item, "title"), link, date, html, link != null ? link : location));
        }
        return new Feed("json", orEmpty(str(root, "title")), resolve(location, str(root, "home_page_url")), out);
    }

    private static String str(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainer()) {
            return null;
        }
        return v.asString();
    }

    /** Plain text as HTML, one paragraph per line, so line breaks survive the HTML reading. */
    private static String plainToHtml(String plain) {
        StringBuilder sb = new StringBuilder();
        for (String line : plain.split("\\R")) {
            sb.append("<p>").append(org.jsoup.nodes.Entities.escape(line)).append("</p>");
        }
        return sb.toString();
    }

    // ---- common ----

    private static FeedItem item(String id, String title, String link, String date, String html, String base) {
        String content = html == null ? "" : html;
        ExtractedDocument doc = DocumentTextExtractor.htmlFragment(content, base, MAX_ITEM_CHARS);
        String cleanTitle = DocumentTextExtractor.htmlFragment(orEmpty(title), base, 2_000).text().replace('\n', ' ');
        return new FeedItem(id == null ? null : id.strip(), cleanTitle, link, date(date), doc.text(), doc.hidden(), doc.links());
    }

    /** A feed date as an ISO-8601 instant when readable (RFC 822 of RSS, RFC 3339 of Atom and JSON Feed), else as written. */
    static String date(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.strip();
        try {
            return OffsetDateTime.parse(s).toInstant().toString();
        } catch (DateTimeParseException e) {
            // not RFC 3339
        }
        try {
            ZonedDateTime z = AbstractSiteMap.parseRSSTimestamp(s);
            if (z != null) {
                return z.toInstant().toString();
            }
        } catch (RuntimeException e) {
            // not RFC 822 either
        }
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    private static String resolve(String base, String href) {
        if (href == null || href.isBlank()) {
            return null;
        }
        try {
            String abs = base == null ? href.strip() : URI.create(base).resolve(href.strip().replace(" ", "%20")).toString();
            return DocumentTextExtractor.normalizeLink(abs);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Element child(Element parent, String namespace, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local(e).equals(localName)
                    && (namespace == null ? e.getNamespaceURI() == null || !e.getNamespaceURI().equals(CONTENT) && !e.getNamespaceURI().equals(DC)
                    : namespace.equals(e.getNamespaceURI()))) {
                return e;
            }
        }
        return null;
    }

    private static String local(Element e) {
        String name = e.getLocalName() == null ? e.getTagName() : e.getLocalName();
        return name;
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
