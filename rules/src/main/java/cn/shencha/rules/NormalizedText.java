package cn.shencha.rules;

import com.hankcs.hanlp.HanLP;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A text folded for matching — traditional to simplified script, full-width to half-width, every kind of space to a
 * plain space, ASCII letters to lower case — with the same length as the original, so an offset in the normalized text
 * is the same offset in the original. That is what lets every finding point into the ORIGINAL text.
 *
 * <p>HanLP converts whole phrases, and for a few phrases its output length differs from the input; where the lengths
 * differ the text is converted character by character instead, which keeps the one-to-one mapping.
 */
public final class NormalizedText {

    private static final ConcurrentHashMap<Character, Character> CHAR_CACHE = new ConcurrentHashMap<>();

    private final String original;
    private final String normalized;

    private NormalizedText(String original, String normalized) {
        this.original = original;
        this.normalized = normalized;
    }

    public static NormalizedText of(String original) {
        return new NormalizedText(original, fold(original));
    }

    public String original() {
        return original;
    }

    /** The folded text; same length as {@link #original()}. */
    public String normalized() {
        return normalized;
    }

    public int length() {
        return original.length();
    }

    /** Folds text the same way, keeping its length. */
    public static String fold(String text) {
        char[] chars = text.toCharArray();
        boolean hasHan = false;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c == '\u3000' || c == '\u00A0' || c == '\u2002' || c == '\u2003' || c == '\u2009' || c == '\t' || c == '\r') {
                chars[i] = c == '\r' ? '\n' : ' ';
            } else if (c >= '\uFF01' && c <= '\uFF5E') {
                chars[i] = Character.toLowerCase((char) (c - 0xFEE0));
            } else if (c < 128) {
                chars[i] = Character.toLowerCase(c);
            } else if (c >= '\u4E00' && c <= '\u9FFF') {
                hasHan = true;
            }
        }
        String half = new String(chars);
        if (!hasHan) {
            return half;
        }
        String simplified = HanLP.convertToSimplifiedChinese(half);
        if (simplified.length() == half.length()) {
            return simplified;
        }
        StringBuilder sb = new StringBuilder(half.length());
        for (int i = 0; i < half.length(); i++) {
            sb.append(simplifiedChar(half.charAt(i)));
        }
        return sb.toString();
    }

    private static char simplifiedChar(char c) {
        if (c < '\u4E00' || c > '\u9FFF') {
            return c;
        }
        return CHAR_CACHE.computeIfAbsent(c, k -> {
            String s = HanLP.convertToSimplifiedChinese(String.valueOf(k));
            return s.length() == 1 ? s.charAt(0) : k;
        });
    }
}
