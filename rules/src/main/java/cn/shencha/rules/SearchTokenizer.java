package cn.shencha.rules;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns Chinese text into the tokens that the search index stores beside the raw text (as keyword arrays), and turns
 * a query into tokens the same way, so that search needs no Elasticsearch analysis plugin or module (ADR 3).
 *
 * <p>Both sides are first folded to simplified script, half-width forms and lower case, so a traditional query finds
 * a simplified page and the reverse. Documents are segmented in HanLP's index mode (a word and its sub-words:
 * 人民政府 → 人民政府 人民 政府), queries in plain mode, so a query word matches inside longer document words.
 * Named-entity recognition stays off: it is about twenty times slower and adds nothing to recall here.
 */
public final class SearchTokenizer {

    private SearchTokenizer() {
    }

    /** The distinct tokens of a document's text, for a keyword-array field of the index. */
    public static List<String> documentTokens(String text) {
        return new java.util.ArrayList<>(new LinkedHashSet<>(tokens(text, true)));
    }

    /** {@link #documentTokens(String)} of a text already folded by {@link #fold(String)}: saves folding twice. */
    public static List<String> documentTokensOfFolded(String folded) {
        return new java.util.ArrayList<>(new LinkedHashSet<>(segment(folded, true)));
    }

    /** The distinct tokens of a query; empty when the query holds no word. */
    public static List<String> queryTokens(String query) {
        return tokens(query, false);
    }

    /** Folds text to the form both index and queries use: simplified script, half-width, lower case. */
    public static String fold(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u3000') {
                c = ' ';
            } else if (c >= '\uFF01' && c <= '\uFF5E') {
                c = (char) (c - 0xFEE0);
            }
            sb.append(c);
        }
        return HanLP.convertToSimplifiedChinese(sb.toString()).toLowerCase(Locale.ROOT);
    }

    private static List<String> tokens(String text, boolean indexMode) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return segment(fold(text), indexMode);
    }

    private static List<String> segment(String folded, boolean indexMode) {
        if (folded == null || folded.isBlank()) {
            return List.of();
        }
        Segment segment = HanLP.newSegment()
                .enablePartOfSpeechTagging(false)
                .enableNameRecognize(false)
                .enablePlaceRecognize(false)
                .enableOrganizationRecognize(false)
                .enableTranslatedNameRecognize(false)
                .enableJapaneseNameRecognize(false)
                .enableNumberQuantifierRecognize(false)
                .enableIndexMode(indexMode);
        Set<String> out = indexMode ? null : new LinkedHashSet<>();
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        for (Term term : segment.seg(folded)) {
            String w = term.word.strip();
            if (w.isEmpty() || !hasWordChar(w)) {
                continue;
            }
            if (out == null || out.add(w)) {
                all.add(w);
            }
        }
        return all;
    }

    private static boolean hasWordChar(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.isLetterOrDigit(w.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
