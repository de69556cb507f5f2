package cn.shencha.readers.extract;

import java.util.List;

/**
 * What extraction got out of one fetched or uploaded resource.
 *
 * @param title       the document's title, or empty
 * @param text        the readable text, paragraphs separated by newlines
 * @param contentType the media type (no parameters) Tika or the header established
 * @param charset     the charset the text was decoded with, or null for binary formats
 * @param links       absolute http(s) links found in the document, in document order, without fragments
 */
public record ExtractedDocument(String title, String text, String contentType, String charset, List<String> links) {
    public ExtractedDocument {
        links = List.copyOf(links);
    }
}
