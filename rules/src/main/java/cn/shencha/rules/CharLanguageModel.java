package cn.shencha.rules;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A character n-gram language model of government prose (orders 1 to {@link #ORDER}), scored with stupid backoff.
 * Counts are kept quantized (one byte, a power of 1.1) in open-addressing tables keyed by the n-gram's characters
 * packed into a long, so a lookup is one multiply and a probe or two. Characters are folded as the analyzer folds text,
 * and further: ASCII digits become {@code 0}, ASCII letters {@code a}, so figures and codes share statistics.
 *
 * <p>Built by {@link Builder} (the training program is {@code TypoModelTrainer} in the rules tests); shipped pruned as
 * the resource {@value #RESOURCE}.
 */
final class CharLanguageModel {

    static final String RESOURCE = "/cn/shencha/rules/typo-lm.bin.gz";
    static final int ORDER = 4;
    /** The boundary character padding every sentence. */
    static final char PAD = '\u0002';
    private static final int MAGIC = 0x53434C4D; // "SCLM"
    private static final double QUANT = Math.log(1.1);
    private static final double BACKOFF = Math.log(0.4);

    private final int[] unigram;
    private final float[] unigramLog;
    private final long total;
    private final LongByteMap[] tables; // index n, for 2 <= n <= ORDER

    private CharLanguageModel(int[] unigram, LongByteMap[] tables) {
        this.unigram = unigram;
        this.tables = tables;
        this.unigramLog = new float[unigram.length];
        for (int i = 0; i < unigram.length; i++) {
            unigramLog[i] = unigram[i] == 0 ? 0 : (float) Math.log(unigram[i]);
        }
        long sum = 0;
        for (int c : unigram) {
            sum += c;
        }
        this.total = Math.max(1, sum);
    }

    /** The character as the model sees it. */
    static char key(char c) {
        if (c >= '0' && c <= '9') {
            return '0';
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return 'a';
        }
        return c;
    }

    int unigram(char c) {
        return unigram[key(c)];
    }

    /** Count of the n-gram s[from, from + n) (already keyed), 0 when unseen or pruned. */
    int count(char[] s, int from, int n) {
        if (n == 1) {
            return unigram[s[from]];
        }
        long k = 0;
        for (int i = from; i < from + n; i++) {
            k = (k << 16) | s[i];
        }
        int q = tables[n].get(k);
        return q < 0 ? 0 : dequantize(q);
    }

    /** Count of the bigram (a, b), keyed. */
    int bigram(char a, char b) {
        int q = tables[2].get(((long) a << 16) | b);
        return q < 0 ? 0 : dequantize(q);
    }

    /**
     * A bit set over a hash of the bigrams seen at least {@code min} times: 256 KB, so it stays in the CPU cache where
     * the bigram table does not. It may say "common" for a rare bigram (about 3% of them), never the reverse.
     */
    static final class CommonBigrams {
        private static final int BITS = 1 << 21;
        final int min;
        private final long[] bits = new long[BITS / 64];

        CommonBigrams(CharLanguageModel lm, int min) {
            this.min = min;
            lm.forEachBigram(min, (a, b) -> {
                int h = hash(a, b);
                bits[h >>> 6] |= 1L << h;
            });
        }

        private static int hash(char a, char b) {
            return (int) (((((long) a << 16) | b) * 0x9E3779B97F4A7C15L) >>> 43);
        }

        boolean has(char a, char b) {
            int h = hash(a, b);
            return (bits[h >>> 6] & (1L << h)) != 0;
        }
    }

    private volatile CommonBigrams common;

    /** The common-bigram filter for a minimum count (built once per minimum). */
    CommonBigrams commonBigrams(int min) {
        CommonBigrams c = common;
        if (c == null || c.min != min) {
            c = new CommonBigrams(this, min);
            common = c;
        }
        return c;
    }

    /** Calls {@code each} with every bigram seen at least {@code min} times. */
    void forEachBigram(int min, java.util.function.BiConsumer<Character, Character> each) {
        LongByteMap t = tables[2];
        for (int i = 0; i < t.keys.length; i++) {
            long k = t.keys[i];
            if (k != 0 && dequantize(t.values[i] & 0xFF) >= min) {
                each.accept((char) (k >>> 16), (char) k);
            }
        }
    }

    /** log of the n-gram's count (quantized), or NaN when unseen; no exp or log on the way. */
    private double logCount(char[] s, int from, int n) {
        if (n == 1) {
            int c = unigram[s[from]];
            return c == 0 ? Double.NaN : unigramLog[s[from]];
        }
        long k = 0;
        for (int i = from; i < from + n; i++) {
            k = (k << 16) | s[i];
        }
        int q = tables[n].get(k);
        return q < 0 ? Double.NaN : q * QUANT;
    }

    /** log P(s[pos] | the up to ORDER-1 characters before it), stupid backoff; s is keyed. */
    double logProb(char[] s, int pos) {
        double penalty = 0;
        for (int n = Math.min(ORDER, pos + 1); n >= 2; n--) {
            double c = logCount(s, pos - n + 1, n);
            if (!Double.isNaN(c)) {
                double ctx = logCount(s, pos - n + 1, n - 1);
                return penalty + (Double.isNaN(ctx) || ctx <= c ? 0 : c - ctx);
            }
            penalty += BACKOFF;
        }
        return penalty + Math.log((unigram[s[pos]] + 0.5) / (total + 32768.0));
    }

    /** Sum of {@link #logProb} over s[from, to). */
    double logProb(char[] s, int from, int to) {
        double sum = 0;
        for (int j = from; j < to; j++) {
            sum += logProb(s, j);
        }
        return sum;
    }

    private static int dequantize(int q) {
        return (int) Math.round(Math.exp(q * QUANT));
    }

    private static int quantize(int count) {
        return Math.min(255, (int) Math.round(Math.log(count) / QUANT));
    }

    /** The shipped model. */
    static CharLanguageModel shipped() {
        return Holder.SHIPPED;
    }

    private static final class Holder {
        static final CharLanguageModel SHIPPED = load();

        private static CharLanguageModel load() {
            try (InputStream in = CharLanguageModel.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the typo language model " + RESOURCE + " is missing from the rules module");
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static CharLanguageModel read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != ORDER) {
            throw new IOException("not a Shencha character language model of order " + ORDER);
        }
        int[] unigram = new int[65536];
        int chars = in.readInt();
        for (int i = 0; i < chars; i++) {
            unigram[in.readChar()] = in.readInt();
        }
        LongByteMap[] tables = new LongByteMap[ORDER + 1];
        for (int n = 2; n <= ORDER; n++) {
            int size = in.readInt();
            LongByteMap map = new LongByteMap(size);
            long key = 0;
            for (int i = 0; i < size; i++) {
                key += readVarLong(in);
                map.put(key, in.readUnsignedByte());
            }
            tables[n] = map;
        }
        return new CharLanguageModel(unigram, tables);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        int shift = 0;
        while (true) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** Counts n-grams of training sentences; {@link #write} prunes and quantizes them. */
    static final class Builder {
        private final int[] unigram = new int[65536];
        private final java.util.HashMap<Long, int[]>[] counts;

        @SuppressWarnings("unchecked")
        Builder() {
            counts = new java.util.HashMap[ORDER + 1];
            for (int n = 2; n <= ORDER; n++) {
                counts[n] = new java.util.HashMap<>();
            }
        }

        /** Adds one sentence (folded by the caller) {@code weight} times. */
        Builder add(String sentence, int weight) {
            char[] s = padded(sentence);
            for (int i = 0; i < s.length; i++) {
                if (s[i] != PAD || i == 0) {
                    unigram[s[i]] += weight;
                }
                long k = s[i];
                for (int n = 2; n <= ORDER && i - n + 1 >= 0; n++) {
                    k |= (long) s[i - n + 1] << (16 * (n - 1));
                    counts[n].computeIfAbsent(k, x -> new int[1])[0] += weight;
                }
            }
            return this;
        }

        /** Writes the model keeping n-grams seen at least {@code minCount[n]} times. */
        void write(OutputStream raw, int[] minCount) throws IOException {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(ORDER);
                int chars = 0;
                for (int c : unigram) {
                    chars += c > 0 ? 1 : 0;
                }
                out.writeInt(chars);
                for (int c = 0; c < unigram.length; c++) {
                    if (unigram[c] > 0) {
                        out.writeChar(c);
                        out.writeInt(unigram[c]);
                    }
                }
                for (int n = 2; n <= ORDER; n++) {
                    int min = minCount[n];
                    long[] keys = counts[n].entrySet().stream().filter(e -> e.getValue()[0] >= min)
                            .mapToLong(java.util.Map.Entry::getKey).toArray();
                    Arrays.sort(keys);
                    out.writeInt(keys.length);
                    long previous = 0;
                    for (long k : keys) {
                        writeVarLong(out, k - previous);
                        previous = k;
                        out.writeByte(quantize(counts[n].get(k)[0]));
                    }
                }
            }
        }
    }

    /** The sentence keyed and padded with ORDER-1 boundary characters before and one after. */
    static char[] padded(String sentence) {
        char[] s = new char[sentence.length() + ORDER];
        Arrays.fill(s, 0, ORDER - 1, PAD);
        for (int i = 0; i < sentence.length(); i++) {
            s[ORDER - 1 + i] = key(sentence.charAt(i));
        }
        s[s.length - 1] = PAD;
        return s;
    }

    /** Open addressing long → unsigned byte; key 0 is never used (n-grams hold no NUL). */
    private static final class LongByteMap {
        private final long[] keys;
        private final byte[] values;
        private final int mask;

        LongByteMap(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            keys = new long[cap];
            values = new byte[cap];
            mask = cap - 1;
        }

        private int slot(long k) {
            return (int) ((k * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        }

        void put(long k, int v) {
            int i = slot(k);
            while (keys[i] != 0 && keys[i] != k) {
                i = (i + 1) & mask;
            }
            keys[i] = k;
            values[i] = (byte) v;
        }

        int get(long k) {
            int i = slot(k);
            while (true) {
                long x = keys[i];
                if (x == k) {
                    return values[i] & 0xFF;
                }
                if (x == 0) {
                    return -1;
                }
                i = (i + 1) & mask;
            }
        }
    }
}
