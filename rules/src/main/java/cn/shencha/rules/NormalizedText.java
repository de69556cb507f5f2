package cn.shencha.rules;

import com.hankcs.hanlp.HanLP;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A text folded for matching — traditional to simplified script, full-width to half-width, every kind of space to a
 * plain space, ASCII letters to lower case — with the same length as the original, so an offset in the normalized text
 * is the same offset in the original. That is what lets every finding point into the ORIGINAL text.
 *
 * <p>Traditional characters are converted one by one through a table built once from HanLP's traditional → simplified
 * map (phrase conversion could change the length and costs a dictionary segmentation per text), which keeps the
 * one-to-one mapping and the hot path to one table lookup per character.
 */
public final class NormalizedText {

    private static final ConcurrentHashMap<Character, Character> CHAR_CACHE = new ConcurrentHashMap<>();
    /** Han characters that traditional → simplified conversion changes on their own; built once, lazily. */
    private static volatile java.util.BitSet traditional;

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
        boolean hasTraditional = false;
        java.util.BitSet traditionalChars = traditionalSet();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c == '\u3000' || c == '\u00A0' || c == '\u2002' || c == '\u2003' || c == '\u2009' || c == '\t' || c == '\r') {
                chars[i] = c == '\r' ? '\n' : ' ';
            } else if (c >= '\uFF01' && c <= '\uFF5E') {
                chars[i] = Character.toLowerCase((char) (c - 0xFEE0));
            } else if (c < 128) {
                chars[i] = Character.toLowerCase(c);
            } else if (!hasTraditional && c >= '\u4E00' && c <= '\u9FFF' && traditionalChars.get(c - 0x4E00)) {
                hasTraditional = true;
            }
        }
        if (!hasTraditional) {
            return new String(chars); // simplified text: nothing to convert (the common case)
        }
        // Character by character through a table built once from HanLP's traditional → simplified map: the same
        // length by construction, and no phrase segmentation on the hot path.
        char[] table = simplifiedTable();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= '\u4E00' && c <= '\u9FFF') {
                chars[i] = table[c - 0x4E00];
            }
        }
        return new String(chars);
    }

    private static volatile char[] simplified;

    /** For every CJK unified ideograph U+4E00–U+9FFF its simplified form (itself when it has none of one char). */
    private static char[] simplifiedTable() {
        char[] table = simplified;
        if (table == null) {
            synchronized (NormalizedText.class) {
                if (simplified == null) {
                    java.util.BitSet trad = traditionalSet();
                    char[] t = new char[0x9FFF - 0x4E00 + 1];
                    for (int i = 0; i < t.length; i++) {
                        char c = (char) (0x4E00 + i);
                        t[i] = trad.get(i) ? simplifiedChar(c) : c;
                    }
                    simplified = t;
                }
                table = simplified;
            }
        }
        return table;
    }

    private static java.util.BitSet traditionalSet() {
        java.util.BitSet set = traditional;
        if (set == null) {
            synchronized (NormalizedText.class) {
                if (traditional == null) {
                    java.util.BitSet s = new java.util.BitSet(0x9FFF - 0x4E00 + 1);
                    StringBuilder all = new StringBuilder(0x9FFF - 0x4E00 + 1);
                    for (char c = '\u4E00'; c <= '\u9FFF'; c++) {
                        all.append(c);
                    }
                    String converted = HanLP.convertToSimplifiedChinese(all.toString());
                    if (converted.length() == all.length()) {
                        for (int i = 0; i < all.length(); i++) {
                            if (converted.charAt(i) != all.charAt(i)) {
                                s.set(i);
                            }
                        }
                    } else {
                        for (int i = 0; i < all.length(); i++) {
                            String one = HanLP.convertToSimplifiedChinese(String.valueOf(all.charAt(i)));
                            if (one.length() != 1 || one.charAt(0) != all.charAt(i)) {
                                s.set(i);
                            }
                        }
                    }
                    traditional = s;
                }
                set = traditional;
            }
        }
        return set;
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
