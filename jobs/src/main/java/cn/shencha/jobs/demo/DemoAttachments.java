package cn.shencha.jobs.demo;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the demo portal's attachments from plain-text sources (first line the title, then paragraphs separated by
 * blank lines): a PDF with the embedded CJK font, and a DOCX. Keeping the sources as text keeps the demo reviewable.
 */
final class DemoAttachments {

    static final String FONT_RESOURCE = "/fonts/LXGWWenKai-Regular.ttf";

    private DemoAttachments() {
    }

    record Source(String title, List<String> paragraphs) {
        static Source parse(String text) {
            String[] blocks = text.replace("\r\n", "\n").strip().split("\n\\s*\n");
            String[] firstBlock = blocks[0].split("\n", 2);
            List<String> paragraphs = new ArrayList<>();
            if (firstBlock.length > 1 && !firstBlock[1].isBlank()) {
                paragraphs.add(firstBlock[1].strip());
            }
            for (int i = 1; i < blocks.length; i++) {
                paragraphs.add(blocks[i].strip().replace("\n", ""));
            }
            return new Source(firstBlock[0].strip(), paragraphs);
        }
    }

    static byte[] pdf(Source source) throws IOException {
        try (PDDocument doc = new PDDocument(); InputStream fontIn = DemoAttachments.class.getResourceAsStream(FONT_RESOURCE)) {
            if (fontIn == null) {
                throw new IOException("font resource missing: " + FONT_RESOURCE);
            }
            PDType0Font font = PDType0Font.load(doc, fontIn, true);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(source.title());
            info.setCreator("Shencha demo portal");
            float margin = 72;
            float width = PDRectangle.A4.getWidth() - 2 * margin;
            List<Line> lines = new ArrayList<>();
            lines.add(new Line(source.title(), 18, true));
            lines.add(new Line("", 12, false));
            for (String p : source.paragraphs()) {
                for (String l : wrap("\u3000\u3000" + p, font, 12, width)) {
                    lines.add(new Line(l, 12, false));
                }
                lines.add(new Line("", 6, false));
            }
            PDPageContentStream content = null;
            float y = 0;
            try {
                for (Line line : lines) {
                    float leading = line.size * 1.6f;
                    if (content == null || y - leading < margin) {
                        if (content != null) {
                            content.close();
                        }
                        PDPage page = new PDPage(PDRectangle.A4);
                        doc.addPage(page);
                        content = new PDPageContentStream(doc, page);
                        y = PDRectangle.A4.getHeight() - margin;
                    }
                    y -= leading;
                    if (!line.text.isEmpty()) {
                        float x = line.centered ? margin + (width - font.getStringWidth(line.text) / 1000 * line.size) / 2 : margin;
                        content.beginText();
                        content.setFont(font, line.size);
                        content.newLineAtOffset(x, y);
                        content.showText(line.text);
                        content.endText();
                    }
                }
            } finally {
                if (content != null) {
                    content.close();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private record Line(String text, float size, boolean centered) {
    }

    private static List<String> wrap(String text, PDType0Font font, float size, float width) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            if (font.getStringWidth(line + ch) / 1000 * size > width && !line.isEmpty()) {
                out.add(line.toString());
                line.setLength(0);
            }
            line.append(ch);
            i += Character.charCount(cp);
        }
        if (!line.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }

    static byte[] docx(Source source) throws IOException {
        try (XWPFDocument doc = new XWPFDocument()) {
            doc.getProperties().getCoreProperties().setTitle(source.title());
            XWPFParagraph title = doc.createParagraph();
            title.setAlignment(ParagraphAlignment.CENTER);
            XWPFRun titleRun = title.createRun();
            titleRun.setBold(true);
            titleRun.setFontSize(18);
            titleRun.setText(source.title());
            for (String p : source.paragraphs()) {
                XWPFParagraph paragraph = doc.createParagraph();
                paragraph.setFirstLineIndent(480);
                paragraph.createRun().setText(p);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.write(out);
            return out.toByteArray();
        }
    }
}
