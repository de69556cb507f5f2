package cn.shencha.rules;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The character-bigram spam model of HIDDEN_LINK: for a bigram, the log-likelihood ratio of spam wording against
 * government prose and the spam class whose words hold it. Trained offline by {@code rules/tools/TrainSpamModel.java}
 * from the tagged lexicon of houbb sensitive-word 0.25.0 (Apache-2.0) and the default pack's spam terms against
 * documents of state organs, and shipped as {@value #RESOURCE} (see {@code NOTICE-spam-model.md} beside it). Letters
 * count as 'a' and digits as '0', so "bs66" and "yl88" look alike. Immutable, loaded once, thread-safe; a lookup is one
 * probe of an open-addressing table, no allocation.
 */
final class SpamModel {

    static final String RESOURCE = "/cn/shencha/rules/spam-model.tsv.gz";

    /** The spam classes, in the order of their rule ids SPAM-…. */
    static final String[] CLASSES = {"GAMBLING", "PORN", "FRAUD", "CERT", "LOAN", "SURROGACY", "OTHER"};

    private static volatile SpamModel instance;

    private final int[] keys;
    /** weight × 10 in the low 16 bits (signed), class index + 1 in the high bits (0: a government-leaning bigram). */
    private final int[] values;
    private final int mask;

    private SpamModel(int[] keys, int[] values) {
        this.keys = keys;
        this.values = values;
        this.mask = keys.length - 1;
    }

    static SpamModel get() {
        SpamModel m = instance;
        if (m == null) {
            synchronized (SpamModel.class) {
                if (instance == null) {
                    instance = load();
                }
                m = instance;
            }
        }
        return m;
    }

    private static SpamModel load() {
        try (InputStream raw = SpamModel.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("the spam model " + RESOURCE + " is missing from the rules module");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8));
            java.util.List<int[]> rows = new java.util.ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.length() < 4) {
                    continue;
                }
                int t1 = line.indexOf('\t');
                int t2 = line.indexOf('\t', t1 + 1);
                if (t1 != 2 || t2 < 0) {
                    continue;
                }
                int key = key(line.charAt(0), line.charAt(1));
                int weight = (int) Math.round(Double.parseDouble(line.substring(t1 + 1, t2)) * 10);
                String cls = line.substring(t2 + 1).strip();
                int c = 0;
                for (int i = 0; i < CLASSES.length; i++) {
                    if (CLASSES[i].equals(cls)) {
                        c = i + 1;
                    }
                }
                rows.add(new int[]{key, (c << 16) | (weight & 0xFFFF)});
            }
            int size = Integer.highestOneBit(Math.max(16, rows.size() * 2)) * 2;
            int[] keys = new int[size];
            int[] values = new int[size];
            for (int[] row : rows) {
                int slot = mix(row[0]) & (size - 1);
                while (keys[slot] != 0 && keys[slot] != row[0]) {
                    slot = (slot + 1) & (size - 1);
                }
                keys[slot] = row[0];
                values[slot] = row[1];
            }
            return new SpamModel(keys, values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spam model " + RESOURCE, e);
        }
    }

    /** The model's view of a folded character: letters 'a', digits '0', CJK as is; 0 for anything else. */
    static char symbol(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
            return 'a';
        }
        if (c >= '0' && c <= '9') {
            return '0';
        }
        return c >= '\u4e00' && c <= '\u9fff' ? c : 0;
    }

    /** A bigram as a table key; never 0 (the empty slot), as the first symbol is never 0. */
    private static int key(char a, char b) {
        return (a << 16) | b;
    }

    private static int mix(int k) {
        int h = k * 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    /** The packed value of a bigram of model symbols, or 0 when the model does not know it. */
    private int lookup(char a, char b) {
        int key = key(a, b);
        int slot = mix(key) & mask;
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return 0;
    }

    /**
     * Scores folded text [from, to): the mean weight of its usable bigrams (×10, rounded), the number of usable
     * bigrams, and per class the sum of the positive weights. {@code classWeights} must have {@link #CLASSES} slots.
     *
     * @return the number of usable bigrams; {@code out[0]} receives the sum of weights ×10
     */
    int score(String s, int from, int to, int[] out, int[] classWeights) {
        int n = 0;
        int sum = 0;
        char prev = 0;
        for (int i = from; i < to; i++) {
            char c = symbol(s.charAt(i));
            if (prev != 0 && c != 0 && !(prev < 128 && c < 128)) {
                int v = lookup(prev, c);
                int weight = (short) (v & 0xFFFF);
                int cls = v >>> 16;
                sum += weight;
                n++;
                if (cls > 0 && weight > 0) {
                    classWeights[cls - 1] += weight;
                }
            }
            prev = c;
        }
        out[0] = sum;
        return n;
    }
}
