package cn.shencha.readers.source;

import cn.shencha.readers.extract.ExtractedDocument;
import cn.shencha.rules.HiddenRange;

import java.util.List;

/**
 * One item of a feed, ready to be audited as a document of its own.
 *
 * @param id        the item's id (guid, Atom id, JSON Feed id), or its link, or null
 * @param title     the title, or empty
 * @param link      the item's absolute http(s) link, or null
 * @param published when it was published (ISO-8601 instant when the feed's date could be read, else the date as
 *                  written), or null
 * @param text      the readable text of its content (HTML content converted to text), or empty
 * @param hidden    ranges of {@code text} that the content's own markup hides, with their links
 * @param links     links inside the content
 */
public record FeedItem(String id, String title, String link, String published, String text, List<HiddenRange> hidden,
                       List<String> links) {

    public FeedItem {
        title = title == null ? "" : title;
        text = text == null ? "" : text;
        hidden = hidden == null ? List.of() : List.copyOf(hidden);
        links = links == null ? List.of() : List.copyOf(links);
    }

    /**
     * The item as an extracted document: its title on the first line, then its content (the main content), with the
     * hidden ranges moved to match.
     */
    public ExtractedDocument toDocument(String feedContentType) {
        String head = title.isBlank() ? "" : title.strip() + "\n";
        String full = head + text;
        List<HiddenRange> moved = hidden.stream().map(r -> r.shifted(head.length())).toList();
        return new ExtractedDocument(title.strip(), full, feedContentType, "UTF-8", links, head.length(), full.length(),
                moved, List.of());
    }
}
