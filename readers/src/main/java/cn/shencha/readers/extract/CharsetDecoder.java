package cn.shencha.readers.extract;

import org.apache.tika.parser.txt.CharsetDetector;
import org.apache.tika.parser.txt.CharsetMatch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes the bytes of a text resource (HTML, plain text, feeds) to a string, trying the charset evidence in order of
 * trust — byte-order mark, the HTTP header, the document's own meta declaration, then statistical detection — and
 * taking the first candidate that decodes the bytes without a malformed sequence. A GBK page served with a wrong
 * UTF-8 header therefore decodes as GBK, because its bytes are not valid UTF-8.
 */
final class CharsetDecoder {

    private static final Pattern META_CHARSET = Pattern.compile(
            "<meta[^>]+charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_\\-:.]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_CHARSET = Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9_\\-:.]+)",
            Pattern.CASE_INSENSITIVE);

    record Decoded(String text, Charset charset) {
    }

    private CharsetDecoder() {
    }

    static Decoded decode(byte[] bytes, String contentTypeHeader) {
        Charset bom = bomCharset(bytes);
        if (bom != null) {
            int skip = bom == StandardCharsets.UTF_8 ? 3 : 2;
            return new Decoded(new String(bytes, skip, bytes.length - skip, bom), bom);
        }
        Set<Charset> candidates = new LinkedHashSet<>();
        addCharset(candidates, headerCharset(contentTypeHeader));
        addCharset(candidates, metaCharset(bytes));
        // The declared charsets first; statistical detection (costly: it runs every recognizer over the bytes) only
        // when none of them decodes cleanly. The order of trust, and so the result, is the same either way.
        for (Charset candidate : candidates) {
            String text = strictDecode(bytes, candidate);
            if (text != null) {
                return new Decoded(text, candidate);
            }
        }
        Set<Charset> tried = new LinkedHashSet<>(candidates);
        for (String detected : detected(bytes)) {
            addCharset(candidates, detected);
        }
        candidates.add(StandardCharsets.UTF_8);
        addCharset(candidates, "GB18030");
        for (Charset candidate : candidates) {
            if (tried.contains(candidate)) {
                continue;
            }
            String text = strictDecode(bytes, candidate);
            if (text != null) {
                return new Decoded(text, candidate);
            }
        }
        // Nothing decodes cleanly: keep the most trusted reading, with replacement characters, rather than lose the page.
        Charset first = candidates.iterator().next();
        return new Decoded(new String(bytes, first), first);
    }

    static String headerCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher m = HEADER_CHARSET.matcher(contentType);
        return m.find() ? m.group(1) : null;
    }

    private static String metaCharset(byte[] bytes) {
        // Declarations must appear in the first 1024 bytes (HTML5); read them as Latin-1, which never fails.
        String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
        Matcher m = META_CHARSET.matcher(head);
        return m.find() ? m.group(1) : null;
    }

    private static List<String> detected(byte[] bytes) {
        List<String> out = new ArrayList<>();
        CharsetDetector detector = new CharsetDetector();
        detector.setText(bytes);
        CharsetMatch[] matches = detector.detectAll();
        for (int i = 0; i < matches.length && i < 3; i++) {
            out.add(matches[i].getName());
        }
        return out;
    }

    private static void addCharset(Set<Charset> into, String name) {
        if (name == null) {
            return;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        // Pages that say gb2312 or gbk routinely contain GB18030-only characters; GB18030 is a superset of both.
        if (n.equals("gb2312") || n.equals("gbk") || n.equals("x-gbk") || n.equals("cp936")) {
            n = "GB18030";
        }
        if (n.equals("big5")) {
            n = "Big5-HKSCS";
        }
        try {
            into.add(Charset.forName(n));
        } catch (IllegalArgumentException unknown) {
            // An unknown or illegal charset name in a header or meta tag is simply not evidence.
        }
    }

    private static Charset bomCharset(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        return null;
    }

    private static String strictDecode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
