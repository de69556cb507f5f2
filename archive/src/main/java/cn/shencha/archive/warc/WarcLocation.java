package cn.shencha.archive.warc;

/**
 * Where a record starts: a WARC file (relative to the WARC root, {@code <site-id>/<name>.warc.gz}) and the byte offset
 * of the record's gzip member in it.
 */
public record WarcLocation(String file, long offset) {
}
