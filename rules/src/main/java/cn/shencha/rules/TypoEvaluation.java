package cn.shencha.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Scores typo detection on sentences with labelled typos (the format of the ECSpell benchmark as in
 * {@code odw-train.jsonl}: {@code text}, {@code correct}, {@code typos[{start, end, wrong, right}]}).
 *
 * <p>Sentence level (detection): a sentence is detected correctly when its predicted typo positions equal its true
 * ones and it has a typo; precision is over the sentences with any prediction, recall over the sentences with a typo.
 * Character level: predicted positions against true positions over all sentences. Also the share of typo-free
 * sentences with any prediction, and sentence-level correction (positions and suggested characters right).
 */
public final class TypoEvaluation {

    /** One labelled sentence: the typo positions (UTF-16 offsets into text) and their right characters. */
    public record TypoText(String id, String text, Map<Integer, String> typos) {
    }

    /** Precision, recall and F1 from counts. */
    public record Prf(int correct, int predicted, int actual) {
        public double precision() {
            return predicted == 0 ? 1.0 : (double) correct / predicted;
        }

        public double recall() {
            return actual == 0 ? 1.0 : (double) correct / actual;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** A sentence whose predicted typos differ from its labelled ones. */
    public record Miss(String id, Map<Integer, String> expected, Map<Integer, String> predicted) {
    }

    public record Report(int sentences, long characters, Prf sentenceDetection, Prf sentenceCorrection, Prf charLevel,
                         int typoFree, int typoFreeFlagged, List<Miss> misses) {
        public double typoFreeFlaggedShare() {
            return typoFree == 0 ? 0 : (double) typoFreeFlagged / typoFree;
        }

        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "%-22s %6s %9s %6s %9s %7s %7s%n", "typo detection", "right", "predicted", "actual",
                    "precision", "recall", "F1"));
            row(sb, "sentence (detection)", sentenceDetection);
            row(sb, "sentence (correction)", sentenceCorrection);
            row(sb, "character", charLevel);
            sb.append(String.format(Locale.ROOT, "typo-free sentences flagged: %d of %d (%.3f)%n", typoFreeFlagged, typoFree,
                    typoFreeFlaggedShare()));
            sb.append(String.format(Locale.ROOT, "sentences: %d, characters: %d%n", sentences, characters));
            return sb.toString();
        }

        private static void row(StringBuilder sb, String name, Prf p) {
            sb.append(String.format(Locale.ROOT, "%-22s %6d %9d %6d %9.3f %7.3f %7.3f%n", name, p.correct(), p.predicted(), p.actual(),
                    p.precision(), p.recall(), p.f1()));
        }
    }

    private TypoEvaluation() {
    }

    /** Scores the analyzer's TYPO findings. */
    public static Report run(SecrecyAnalyzer analyzer, List<TypoText> texts) {
        return run(text -> {
            Map<Integer, String> out = new TreeMap<>();
            for (Finding f : analyzer.analyze(text).findings()) {
                if (f.category() == Category.TYPO) {
                    for (int i = f.start(); i < f.end(); i++) {
                        out.put(i, f.suggestion() == null ? "" : f.suggestion().substring(Math.min(i - f.start(), f.suggestion().length() - 1)));
                    }
                }
            }
            return out;
        }, texts);
    }

    /** Scores any predictor of typo positions (position → suggested character). */
    public static Report run(Function<String, Map<Integer, String>> predictor, List<TypoText> texts) {
        int sentCorrect = 0, sentCorrected = 0, sentPredicted = 0, sentActual = 0;
        int charCorrect = 0, charPredicted = 0, charActual = 0;
        int typoFree = 0, typoFreeFlagged = 0;
        long characters = 0;
        List<Miss> misses = new ArrayList<>();
        for (TypoText t : texts) {
            characters += t.text().length();
            Map<Integer, String> predicted = predictor.apply(t.text());
            Set<Integer> p = new TreeSet<>(predicted.keySet());
            Set<Integer> a = new TreeSet<>(t.typos().keySet());
            if (!p.isEmpty()) {
                sentPredicted++;
            }
            if (!a.isEmpty()) {
                sentActual++;
                if (p.equals(a)) {
                    sentCorrect++;
                    boolean allRight = true;
                    for (Integer i : a) {
                        allRight &= t.typos().get(i).equals(predicted.get(i));
                    }
                    if (allRight) {
                        sentCorrected++;
                    }
                }
            } else {
                typoFree++;
                if (!p.isEmpty()) {
                    typoFreeFlagged++;
                }
            }
            charPredicted += p.size();
            charActual += a.size();
            for (Integer i : p) {
                if (a.contains(i)) {
                    charCorrect++;
                }
            }
            if (!p.equals(a)) {
                misses.add(new Miss(t.id(), t.typos(), predicted));
            }
        }
        return new Report(texts.size(), characters, new Prf(sentCorrect, sentPredicted, sentActual),
                new Prf(sentCorrected, sentPredicted, sentActual), new Prf(charCorrect, charPredicted, charActual),
                typoFree, typoFreeFlagged, misses);
    }
}
