package cn.shencha.rules;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.common.Term;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TYPO (ch. 8 §三(二) 文字关): a wrongly written character. Every Han character whose two neighbouring bigrams are both
 * rare in government prose is a suspect; each of its confusable characters ({@link ConfusionSets}) is put in
 * its place and the character language model ({@link CharLanguageModel}) scores the few characters around it. The
 * character is flagged only when the model prefers an alternative by more than the threshold (plus a prior per kind of
 * confusion). So the model runs only around suspects, and most characters cost two table lookups.
 *
 * <p>Never "corrected": people's names, place and organization names (HanLP's recognition on the sentence of a
 * suspect), case and document numbers, text in quotation marks, and the proper nouns registered in the pack.
 */
final class TypoDetector implements Detector {

    /**
     * @param threshold   how much more likely (natural log) the corrected window must be
     * @param priors      added to a candidate's score per {@link ConfusionSets.Kind}
     * @param common      a bigram seen this often counts as common (a character with common bigrams on both sides is no suspect)
     * @param minCount    characters seen fewer times than this in the model take no part
     * @param wordBonus   added when the correction makes a dictionary word (HanLP's core dictionary) of a non-word
     * @param wordPenalty subtracted when the character already stands in a dictionary word
     * @param noWordPenalty subtracted when the correction makes no dictionary word either
     * @param pairPrior   added to a two-character correction (a homophone word for a word-like pair, 平谷 → 评估)
     */
    record Settings(double threshold, double[] priors, int common, int minCount, double wordBonus, double wordPenalty,
                    double noWordPenalty, double pairPrior) {
        static final Settings DEFAULT = new Settings(18.0, new double[]{1.5, 0.0, -1.0, -3.0}, 8, 3, 3.0, 6.0, 3.0, -4.0);

        Settings withThreshold(double t) {
            return new Settings(t, priors, common, minCount, wordBonus, wordPenalty, noWordPenalty, pairPrior);
        }
    }

    /** One suspected typo: position in the text, the character there and the one meant. */
    record Correction(int position, char wrong, char right, double score) {
    }

    /** A model with its confusion sets. */
    static final class Model {
        final CharLanguageModel lm;
        final ConfusionSets confusions;

        Model(CharLanguageModel lm, ConfusionSets confusions) {
            this.lm = lm;
            this.confusions = confusions;
        }

        static Model shipped() {
            return Shipped.MODEL;
        }

        private static final class Shipped {
            static final Model MODEL = new Model(CharLanguageModel.shipped(),
                    ConfusionSets.build(CharLanguageModel.shipped(), Settings.DEFAULT.minCount(), ConfusionSets.observedPairs()));
        }
    }

    private static final Pattern DOC_NUMBER = Pattern.compile(
            "[（(〔\\[【][0-9]{4}[)）〕\\]】][^，。；、\\s]{0,12}号|[a-z0-9]{2,}[-—][a-z0-9]+|第[0-9一二三四五六七八九十百零〇]+号");

    /** Conjunctions, prepositions and numerals: which one is meant is a matter of sense the model cannot judge. */
    private static final String FUNCTION_CHARS = "和或及与并且而对向将把被在于从以为的地得着了过是有都也就还又很更最其之所十一二三四五六七八九百千万亿零两";
    private static final boolean[] FUNCTION = new boolean[65536];

    static {
        for (char c : FUNCTION_CHARS.toCharArray()) {
            FUNCTION[c] = true;
        }
    }

    /** How many candidates of a suspect, ranked by their neighbouring pairs' counts, the model scores. */
    static final int SHORTLIST = 3;

    /** A pair that is a word this frequent in HanLP's core dictionary (硕士) is not replaced by a homophone word. */
    private static final int COMMON_WORD = 10;

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        RuleInfo rule = pack.rule("TYPO-CHAR");
        if (rule == null || pack.typo == null) {
            return;
        }
        List<Lexicon.Hit> registered = new ArrayList<>(t.hits("serious_wording.terms"));
        registered.addAll(t.hits("typo.protected_terms"));
        for (Correction c : find(t.folded(), Model.shipped(), pack.typo, registered)) {
            if (t.isHidden(c.position(), c.position() + 1) || coveredByWording(out, c.position())) {
                continue;
            }
            char original = t.original().charAt(c.position());
            String right = String.valueOf(c.right());
            out.add(new Finding(Category.TYPO, rule.id(), c.position(), c.position() + 1, String.valueOf(original),
                    rule.severity(), "疑似错别字：“" + context(t.original(), c.position()) + "”中的“" + original + "”应为“" + right
                    + "”，建议改为“" + right + "”。", right));
        }
    }

    /** A serious-wording finding already names the error (and its correction) at pos. */
    private static boolean coveredByWording(List<Finding> out, int pos) {
        for (Finding f : out) {
            if (f.category() == Category.SERIOUS_WORDING && f.start() <= pos && pos < f.end()) {
                return true;
            }
        }
        return false;
    }

    private static String context(String s, int pos) {
        int from = Math.max(0, pos - 4);
        int to = Math.min(s.length(), pos + 5);
        return s.substring(from, to).replace('\n', ' ');
    }

    /** The typos of a folded text, protected spans excluded. */
    static List<Correction> find(String folded, Model model, Settings st, List<Lexicon.Hit> registered) {
        List<Correction> raw = candidates(folded, model, st);
        if (raw.isEmpty()) {
            return raw;
        }
        BitSet protectedChars = protectedChars(folded, raw, registered);
        List<Correction> out = new ArrayList<>(raw.size());
        for (Correction c : raw) {
            if (!protectedChars.get(c.position()) && !repeated(folded, c.position())) {
                out.add(c);
            }
        }
        return out;
    }

    /** Every suspect the model would correct, before protection. */
    static List<Correction> candidates(String folded, Model model, Settings st) {
        CharLanguageModel lm = model.lm;
        CharLanguageModel.CommonBigrams common = lm.commonBigrams(st.common());
        int offset = CharLanguageModel.ORDER - 1;
        char[] s = null;
        List<Correction> out = new ArrayList<>(0);
        int n = folded.length();
        char previous = CharLanguageModel.PAD;
        ConfusionSets.Candidate[] shortlist = new ConfusionSets.Candidate[SHORTLIST];
        double[] roughScores = new double[SHORTLIST];
        for (int i = 0; i < n; i++) {
            char c = folded.charAt(i);
            char prevKey = previous;
            previous = CharLanguageModel.key(c);
            if (c < '\u4E00' || c > '\u9FFF') {
                continue;
            }
            char next = i + 1 < n ? CharLanguageModel.key(folded.charAt(i + 1)) : CharLanguageModel.PAD;
            if (common.has(prevKey, c) || common.has(c, next)) {
                continue; // the common case: a character with a common neighbouring pair is no suspect
            }
            if (next >= '\u4E00' && next <= '\u9FFF') {
                char next2 = i + 2 < n ? CharLanguageModel.key(folded.charAt(i + 2)) : CharLanguageModel.PAD;
                if (!common.has(next, next2) && !FUNCTION[c] && !FUNCTION[next]) {
                    String pairs = model.confusions.homophonePairs(c, next);
                    if (!pairs.isEmpty() && com.hankcs.hanlp.dictionary.CoreDictionary.getTermFrequency("" + c + next) >= COMMON_WORD) {
                        pairs = "";
                    }
                    if (!pairs.isEmpty()) {
                        if (s == null) {
                            s = CharLanguageModel.padded(folded);
                        }
                        int p = i + offset;
                        int end = Math.min(s.length, p + 1 + CharLanguageModel.ORDER);
                        double base = lm.logProb(s, p, end);
                        double best = st.threshold();
                        int bestAt = -1;
                        for (int k = 0; k + 1 < pairs.length(); k += 2) {
                            s[p] = pairs.charAt(k);
                            s[p + 1] = pairs.charAt(k + 1);
                            double score = lm.logProb(s, p, end) - base + st.pairPrior();
                            if (score > best) {
                                best = score;
                                bestAt = k;
                            }
                        }
                        s[p] = c;
                        s[p + 1] = next;
                        if (bestAt >= 0) {
                            char a = pairs.charAt(bestAt);
                            char b = pairs.charAt(bestAt + 1);
                            if (a != c) {
                                out.add(new Correction(i, c, a, best));
                            }
                            if (b != next) {
                                out.add(new Correction(i + 1, next, b, best));
                            }
                            s[p] = a;
                            s[p + 1] = b;
                            previous = b;
                            i++;
                            continue;
                        }
                    }
                }
            }
            ConfusionSets.Candidate[] cands = FUNCTION[c] ? null : model.confusions.of(c);
            if (cands == null) {
                continue;
            }
            // Cheap first: the candidates that make a common neighbouring pair, ranked by their two pairs' counts; only
            // the best few are scored by the model.
            int kept = 0;
            for (ConfusionSets.Candidate cand : cands) {
                char d = cand.right();
                if (FUNCTION[d] || !(common.has(prevKey, d) || common.has(d, next))) {
                    continue; // the alternative makes neither neighbouring pair common: no need to ask the model
                }
                double rough = Math.log1p(lm.bigram(prevKey, d)) + Math.log1p(lm.bigram(d, next)) + st.priors()[cand.kind().ordinal()];
                int at = Math.min(kept, SHORTLIST - 1);
                if (kept == SHORTLIST && rough <= roughScores[at]) {
                    continue;
                }
                while (at > 0 && roughScores[at - 1] < rough) {
                    roughScores[at] = roughScores[at - 1];
                    shortlist[at] = shortlist[at - 1];
                    at--;
                }
                roughScores[at] = rough;
                shortlist[at] = cand;
                kept = Math.min(SHORTLIST, kept + 1);
            }
            if (kept == 0) {
                continue;
            }
            if (s == null) {
                s = CharLanguageModel.padded(folded);
            }
            int p = i + offset;
            int end = Math.min(s.length, p + CharLanguageModel.ORDER);
            double base = lm.logProb(s, p, end);
            double best = st.threshold();
            char bestChar = 0;
            double floor = st.threshold() - st.wordBonus();
            boolean origWord = false;
            boolean origChecked = false;
            for (int k = 0; k < kept; k++) {
                ConfusionSets.Candidate cand = shortlist[k];
                s[p] = cand.right();
                double score = lm.logProb(s, p, end) - base + st.priors()[cand.kind().ordinal()];
                if (score <= floor) {
                    continue;
                }
                if (!origChecked) {
                    s[p] = c;
                    origWord = coversWord(s, p, true);
                    origChecked = true;
                    s[p] = cand.right();
                }
                boolean word = coversWord(s, p, false);
                score += word ? (origWord ? 0 : st.wordBonus()) : -st.noWordPenalty();
                score -= origWord ? st.wordPenalty() : 0;
                if (score > best) {
                    best = score;
                    bestChar = cand.right();
                }
            }
            if (bestChar != 0) {
                s[p] = bestChar;
                previous = bestChar;
                out.add(new Correction(i, c, bestChar, best));
            } else {
                s[p] = c;
            }
        }
        return out;
    }

    /**
     * Whether the character with its neighbours (three characters) occurs again in the text: a writer who uses a form
     * twice means it (大学原党委书记 in a list of former officials, 与周末连休 in each holiday of a notice).
     */
    static boolean repeated(String s, int pos) {
        if (pos == 0 || pos + 1 >= s.length()) {
            return false;
        }
        String tri = s.substring(pos - 1, pos + 2);
        int first = s.indexOf(tri);
        return first >= 0 && s.indexOf(tri, first + 1) >= 0;
    }

    /** Whether a dictionary word of 2 to 4 characters covers s[p] (s keyed and padded). */
    static boolean coversWord(char[] s, int p, boolean wide) {
        for (int len = 2; len <= 4; len++) {
            for (int from = Math.max(0, p - len + 1); from <= p && from + len <= s.length; from++) {
                boolean han = true;
                for (int k = from; k < from + len && han; k++) {
                    han = s[k] >= '\u4E00' && s[k] <= '\u9FFF';
                }
                if (han) {
                    String w = new String(s, from, len);
                    if (com.hankcs.hanlp.dictionary.CoreDictionary.contains(w) || (wide && com.hankcs.hanlp.dictionary.CustomDictionary.contains(w))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Names, numbers, quotations and registered terms around the suspects. */
    static BitSet protectedChars(String s, List<Correction> suspects, List<Lexicon.Hit> registered) {
        BitSet out = new BitSet(s.length());
        for (Lexicon.Hit h : registered) {
            out.set(h.start(), h.end());
        }
        quoted(s, out);
        Matcher m = DOC_NUMBER.matcher(s);
        while (m.find()) {
            out.set(m.start(), m.end());
        }
        int done = -1;
        for (Correction c : suspects) {
            if (c.position() < done || out.get(c.position())) {
                continue;
            }
            int from = sentenceStart(s, c.position());
            int to = sentenceEnd(s, c.position());
            done = to;
            names(s, from, to, out);
        }
        return out;
    }

    private static void quoted(String s, BitSet out) {
        int open = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '“' || c == '「' || c == '‘') {
                open = i;
            } else if ((c == '”' || c == '」' || c == '’') && open >= 0) {
                if (i - open <= 12) {
                    out.set(open, i + 1);
                }
                open = -1;
            }
        }
    }

    private static void names(String s, int from, int to, BitSet out) {
        String sentence = s.substring(from, to);
        int at = 0;
        for (Term term : HanLP.segment(sentence)) {
            String nature = term.nature == null ? "" : term.nature.toString();
            int len = term.word.length();
            if (nature.startsWith("nr") || nature.startsWith("ns") || nature.startsWith("nt") || nature.startsWith("nz")
                    || nature.startsWith("nx")) {
                out.set(from + at, from + at + len);
            }
            at += len;
        }
    }

    private static int sentenceStart(String s, int pos) {
        int i = pos;
        while (i > 0 && !isStop(s.charAt(i - 1)) && pos - i < 200) {
            i--;
        }
        return i;
    }

    private static int sentenceEnd(String s, int pos) {
        int i = pos;
        while (i < s.length() && !isStop(s.charAt(i)) && i - pos < 200) {
            i++;
        }
        return Math.min(s.length(), i + 1);
    }

    private static boolean isStop(char c) {
        return c == '。' || c == '！' || c == '？' || c == '；' || c == '\n' || c == '!' || c == '?' || c == ';';
    }
}
