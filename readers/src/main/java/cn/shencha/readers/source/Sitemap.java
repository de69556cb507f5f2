package cn.shencha.readers.source;

import java.util.List;

/**
 * What one sitemap file lists.
 *
 * @param pages    page URLs (a {@code <urlset>}, a text sitemap, or a feed read as a sitemap), in file order
 * @param sitemaps further sitemaps (a {@code <sitemapindex>}), in file order
 */
public record Sitemap(List<String> pages, List<String> sitemaps) {
    public Sitemap {
        pages = List.copyOf(pages);
        sitemaps = List.copyOf(sitemaps);
    }
}
