package cn.shencha.rules;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.seg.Other.DoubleArrayTrieSegment;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns Chinese text into the tokens that the search index stores beside the raw text (as keyword arrays), and turns
 * a query into tokens the same way, so that search needs no Elasticsearch analysis plugin or module (ADR 3).
 *
 * <p>Both sides are first folded to simplified script, half-width forms and lower case, so a traditional query finds
 * a simplified page and the reverse. Documents are segmented with their sub-words (人民政府 → 人民政府 人民 民政 政府),
 * queries without, so a query word matches inside longer document words.
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

    /**
     * Dictionary segmentation (HanLP's double-array-trie segment: longest dictionary words, about ten times the speed
     * of the standard Viterbi segment, which matters when every page of the archive is tokenized). In index mode each
     * word of three or more characters also yields the dictionary words inside it (人民政府 → 人民政府 人民 民政 政府),
     * so a query word matches inside a longer document word.
     */
    private static List<String> segment(String folded, boolean indexMode) {
        if (folded == null || folded.isBlank()) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (Term term : SEGMENT.seg(folded)) {
            String w = term.word.strip();
            if (w.isEmpty() || !hasWordChar(w)) {
                continue;
            }
            out.add(w);
            if (indexMode && w.length() >= 3) {
                addSubWords(w, out);
            }
        }
        return new java.util.ArrayList<>(out);
    }

    /** The core dictionary only: HanLP advises against a user dictionary on this segment (slower, more memory). */
    private static final Segment SEGMENT = new DoubleArrayTrieSegment().enablePartOfSpeechTagging(false);

    private static void addSubWords(String word, Set<String> out) {
        char[] chars = word.toCharArray();
        for (int begin = 0; begin < chars.length - 1; begin++) {
            for (Map.Entry<String, CoreDictionary.Attribute> e : CoreDictionary.trie.commonPrefixSearchWithValue(chars, begin)) {
                String sub = e.getKey();
                if (sub.length() >= 2 && sub.length() < word.length()) {
                    out.add(sub);
                }
            }
        }
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
