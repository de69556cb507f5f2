package cn.shencha.readers.source;

import cn.shencha.readers.extract.DocumentTextExtractor;
import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads sitemaps (XML {@code <urlset>} and {@code <sitemapindex>}, plain-text and gzipped sitemaps) with
 * crawler-commons' {@link SiteMapParser}, in lenient mode: a sitemap may list URLs outside its own directory, since
 * the crawl scope decides what is fetched anyway, and a relative {@code <loc>} (which some CMS write) is resolved
 * against the sitemap's own URL. Doctype declarations are refused (no external entities).
 */
public final class SitemapReader {

    /** URLs read from one sitemap, at most; the rest are ignored. */
    public static final int MAX_URLS = 50_000;

    /**
     * @param body        the sitemap's bytes
     * @param contentType the Content-Type it was served with, or null
     * @param location    the sitemap's own URL
     * @throws SourceFormatException when the bytes are no sitemap Shencha can read
     */
    public Sitemap read(byte[] body, String contentType, String location) throws SourceFormatException {
        URL url;
        try {
            url = URI.create(location).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new SourceFormatException("not a sitemap URL: " + location);
        }
        SiteMapParser parser = new SiteMapParser(false, true);
        parser.setAllowDocTypeDefinitions(false);
        URI base = URI.create(location);
        parser.setURLFilter((String loc) -> resolve(base, loc));
        AbstractSiteMap parsed;
        try {
            parsed = parser.parseSiteMap(contentType == null ? "application/xml" : contentType, body, url);
        } catch (UnknownFormatException | IOException | RuntimeException e) {
            throw new SourceFormatException("cannot read the sitemap " + location + ": " + e.getMessage(), e);
        }
        List<String> pages = new ArrayList<>();
        List<String> sitemaps = new ArrayList<>();
        if (parsed instanceof SiteMapIndex index) {
            for (AbstractSiteMap child : index.getSitemaps()) {
                if (sitemaps.size() >= MAX_URLS) {
                    break;
                }
                sitemaps.add(child.getUrl().toString());
            }
        } else if (parsed instanceof SiteMap map) {
            for (SiteMapURL u : map.getSiteMapUrls()) {
                if (pages.size() >= MAX_URLS) {
                    break;
                }
                pages.add(u.getUrl().toString());
            }
        }
        return new Sitemap(pages, sitemaps);
    }

    /** A location resolved against the sitemap's URL and normalized; null (dropped) when it is no http(s) URL. */
    private static String resolve(URI base, String loc) {
        if (loc == null || loc.isBlank()) {
            return null;
        }
        try {
            return DocumentTextExtractor.normalizeLink(base.resolve(loc.strip().replace(" ", "%20")).toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
