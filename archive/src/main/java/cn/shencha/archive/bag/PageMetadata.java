package cn.shencha.archive.bag;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;

/** The metadata XML of one captured page ({@value PackageWriter#SCHEMA_FILE}, GB/T 42147-2022 elements). */
final class PageMetadata {

    static final String NAMESPACE = "urn:shencha:page-metadata:1.0";

    private PageMetadata() {
    }

    static String xml(PackageWriter.Contents c, PackageWriter.Page p, WarcScan.Entry record,
                      PackageWriter.Settings settings, String textFile, String period) {
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.setDefaultNamespace(NAMESPACE);
            w.writeStartElement(NAMESPACE, "pageRecord");
            w.writeDefaultNamespace(NAMESPACE);
            w.writeAttribute("version", "1.0");
            element(w, 1, "recordId", p.snapshotId());
            open(w, 1, "website");
            element(w, 2, "name", c.siteName());
            element(w, 2, "url", c.siteUrl());
            element(w, 2, "organization", settings.organization());
            close(w, 1);
            open(w, 1, "page");
            element(w, 2, "title", p.title() == null ? "" : p.title());
            element(w, 2, "url", p.url());
            if (p.publicationDate() != null) {
                element(w, 2, "publicationDate", p.publicationDate().toString());
            }
            element(w, 2, "responsibleUnit", p.responsibleUnit());
            element(w, 2, "httpStatus", Integer.toString(p.httpStatus()));
            element(w, 2, "contentType", p.contentType() == null ? "" : p.contentType());
            element(w, 2, "textFile", textFile);
            close(w, 1);
            open(w, 1, "capture");
            element(w, 2, "time", DateTimeFormatter.ISO_INSTANT.format(p.capturedAt()));
            element(w, 2, "method", "网络爬虫采集 (web crawl, HTTP GET; request and response kept in WARC)");
            element(w, 2, "tool", settings.software());
            element(w, 2, "toolVersion", settings.version());
            close(w, 1);
            open(w, 1, "fixity");
            element(w, 2, "warcFile", "warc/" + p.warcFile());
            element(w, 2, "warcOffset", Long.toString(p.warcOffset()));
            element(w, 2, "warcRecordId", record.id());
            element(w, 2, "warcTargetUri", record.target());
            if (record.payloadDigest() != null) {
                element(w, 2, "warcPayloadDigest", record.payloadDigest());
            }
            element(w, 2, "bodySha256", p.bodySha256());
            element(w, 2, "textSha256", p.textSha256());
            close(w, 1);
            open(w, 1, "archiving");
            element(w, 2, "recordClass", "网页");
            element(w, 2, "retentionPeriod", settings.retentionPeriod());
            element(w, 2, "period", period);
            close(w, 1);
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
            return out + "\n";
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void open(XMLStreamWriter w, int depth, String name) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
        w.writeStartElement(NAMESPACE, name);
    }

    private static void close(XMLStreamWriter w, int depth) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, int depth, String name, String value) throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
        w.writeStartElement(NAMESPACE, name);
        w.writeCharacters(value);
        w.writeEndElement();
    }
}
