package cn.shencha.readers.source;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Tells sitemaps and feeds apart from pages by their media type and their first bytes, so a feed or sitemap met as an
 * ordinary link (a footer's "RSS" link, an XML sitemap linked as "网站地图") is read as what it is.
 */
public final class SourceSniffer {

    /** What a fetched resource is, as far as crawl sources go. */
    public enum Kind {
        FEED, SITEMAP, OTHER
    }

    private static final int HEAD = 2048;

    private SourceSniffer() {
    }

    public static Kind sniff(byte[] body, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        type = (semi < 0 ? type : type.substring(0, semi)).strip();
        if (type.equals("application/rss+xml") || type.equals("application/atom+xml") || type.equals("application/feed+json")) {
            return Kind.FEED;
        }
        String head = new String(body, 0, Math.min(body.length, HEAD), StandardCharsets.UTF_8);
        if (type.equals("application/json") || type.startsWith("text/plain") || head.stripLeading().startsWith("{")) {
            return head.contains("jsonfeed.org/version/") ? Kind.FEED : Kind.OTHER;
        }
        if (!(type.isEmpty() || type.endsWith("/xml") || type.endsWith("+xml"))) {
            return Kind.OTHER;
        }
        String root = rootElement(head);
        if (root == null) {
            return Kind.OTHER;
        }
        return switch (root) {
            case "rss", "feed", "rdf:rdf" -> Kind.FEED;
            case "urlset", "sitemapindex" -> Kind.SITEMAP;
            default -> Kind.OTHER;
        };
    }

    /** The name of the first element of an XML text (after the declaration, comments, processing instructions). */
    static String rootElement(String xml) {
        int i = 0;
        while (true) {
            int lt = xml.indexOf('<', i);
            if (lt < 0 || lt + 1 >= xml.length()) {
                return null;
            }
            char next = xml.charAt(lt + 1);
            if (next == '?' || next == '!') {
                int end = xml.startsWith("<!--", lt) ? xml.indexOf("-->", lt) : xml.indexOf('>', lt);
                if (end < 0) {
                    return null;
                }
                i = end + 1;
                continue;
            }
            int j = lt + 1;
            while (j < xml.length() && !Character.isWhitespace(xml.charAt(j)) && xml.charAt(j) != '>' && xml.charAt(j) != '/') {
                j++;
            }
            return xml.substring(lt + 1, j).toLowerCase(Locale.ROOT);
        }
    }
}
