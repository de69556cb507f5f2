package cn.shencha.readers.source;

import java.util.List;

/**
 * A parsed feed: an RSS 2.0 (or RSS 1.0) channel, an Atom feed, or a JSON Feed (1.0/1.1) such as a new-media
 * account's export.
 *
 * @param format {@code rss}, {@code atom} or {@code json}
 * @param title  the feed's title, or empty
 * @param link   the site the feed belongs to, or null
 * @param items  the items, in feed order
 */
public record Feed(String format, String title, String link, List<FeedItem> items) {
    public Feed {
        items = List.copyOf(items);
    }
}
