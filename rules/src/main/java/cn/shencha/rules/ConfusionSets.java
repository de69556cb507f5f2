package cn.shencha.rules;

import com.hankcs.hanlp.dictionary.py.Pinyin;
import com.hankcs.hanlp.dictionary.py.PinyinDictionary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For each common Han character, the characters it is mistyped for, each with the kind of confusion: the same sound
 * and tone, the same sound in another tone, a near sound (z/zh, c/ch, s/sh, n/l, f/h, an/ang, en/eng, in/ing; HanLP's
 * pinyin), or a confusion observed in labelled official-document typos (which covers similar shapes, e.g. 冶/治, 厂/广).
 * Only characters the language model has seen often enough take part, in both directions.
 */
final class ConfusionSets {

    static final String OBSERVED_RESOURCE = "/cn/shencha/rules/typo-confusions.txt";

    enum Kind { OBSERVED, SAME_TONE, SAME_SOUND, NEAR_SOUND }

    /** One candidate: the character the text probably meant and how it is confusable. */
    record Candidate(char right, Kind kind) {
    }

    private final Map<Character, Candidate[]> byChar;
    /** Each character's toneless readings as small ids (index into the syllables seen). */
    private final int[][] sounds;
    /** (sound id << 32 | sound id) → the common character pairs (two chars each) that sound so: 评估 under ping gu. */
    private final Map<Long, String> pairsBySound;

    private ConfusionSets(Map<Character, Candidate[]> byChar, int[][] sounds, Map<Long, String> pairsBySound) {
        this.byChar = byChar;
        this.sounds = sounds;
        this.pairsBySound = pairsBySound;
    }

    /** The common pairs (concatenated, two characters each) that sound like a followed by b, other than ab itself. */
    String homophonePairs(char a, char b) {
        int[] sa = sounds[a];
        int[] sb = sounds[b];
        if (sa == null || sb == null) {
            return "";
        }
        if (sa.length == 1 && sb.length == 1) {
            String p = pairsBySound.get(((long) sa[0] << 32) | sb[0]);
            return p == null ? "" : p;
        }
        StringBuilder out = new StringBuilder();
        for (int x : sa) {
            for (int y : sb) {
                String p = pairsBySound.get(((long) x << 32) | y);
                if (p != null) {
                    for (int i = 0; i + 1 < p.length(); i += 2) {
                        if (!containsPair(out, p.charAt(i), p.charAt(i + 1))) {
                            out.append(p, i, i + 2);
                        }
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean containsPair(CharSequence s, char a, char b) {
        for (int i = 0; i + 1 < s.length(); i += 2) {
            if (s.charAt(i) == a && s.charAt(i + 1) == b) {
                return true;
            }
        }
        return false;
    }

    /** Candidates of c (keyed), or null. */
    Candidate[] of(char c) {
        return byChar.get(c);
    }

    /**
     * Builds the sets over the characters the model has seen at least {@code minCount} times.
     *
     * @param observed wrong → right pairs seen in labelled typos
     */
    static ConfusionSets build(CharLanguageModel lm, int minCount, Map<Character, Set<Character>> observed) {
        Map<Character, Pinyin[]> readings = new HashMap<>();
        Map<String, List<Character>> bySound = new HashMap<>();
        for (char c = '\u4E00'; c <= '\u9FFF'; c++) {
            if (lm.unigram(c) < minCount) {
                continue;
            }
            Pinyin[] p = PinyinDictionary.get(String.valueOf(c));
            if (p == null || p.length == 0) {
                continue;
            }
            readings.put(c, p);
            for (Pinyin y : p) {
                bySound.computeIfAbsent(y.getPinyinWithoutTone(), k -> new ArrayList<>()).add(c);
            }
        }
        Map<Character, Candidate[]> out = new HashMap<>();
        for (Map.Entry<Character, Pinyin[]> e : readings.entrySet()) {
            char c = e.getKey();
            Map<Character, Kind> kinds = new LinkedHashMap<>();
            for (Character r : observed.getOrDefault(c, Set.of())) {
                if (lm.unigram(r) >= minCount) {
                    kinds.put(r, Kind.OBSERVED);
                }
            }
            for (Pinyin y : e.getValue()) {
                String sound = y.getPinyinWithoutTone();
                for (Character d : bySound.getOrDefault(sound, List.of())) {
                    if (d == c) {
                        continue;
                    }
                    boolean sameTone = false;
                    for (Pinyin z : readings.get(d)) {
                        sameTone |= z == y;
                    }
                    Kind k = sameTone ? Kind.SAME_TONE : Kind.SAME_SOUND;
                    Kind had = kinds.get(d);
                    if (had == null || k.ordinal() < had.ordinal()) {
                        kinds.put(d, k);
                    }
                }
                for (String near : nearSounds(sound)) {
                    for (Character d : bySound.getOrDefault(near, List.of())) {
                        if (d != c) {
                            kinds.putIfAbsent(d, Kind.NEAR_SOUND);
                        }
                    }
                }
            }
            if (!kinds.isEmpty()) {
                List<Candidate> list = new ArrayList<>();
                kinds.forEach((d, k) -> list.add(new Candidate(d, k)));
                out.put(c, list.toArray(Candidate[]::new));
            }
        }
        Map<String, Integer> syllables = new HashMap<>();
        int[][] sounds = new int[65536][];
        readings.forEach((c, p) -> sounds[c] = java.util.Arrays.stream(p).map(Pinyin::getPinyinWithoutTone).distinct()
                .mapToInt(y -> syllables.computeIfAbsent(y, k -> syllables.size())).toArray());
        Map<Long, StringBuilder> pairs = new HashMap<>();
        lm.forEachBigram(PAIR_MIN_COUNT, (a, b) -> {
            int[] sa = sounds[a];
            int[] sb = sounds[b];
            if (sa != null && sb != null && com.hankcs.hanlp.dictionary.CoreDictionary.contains("" + a + b)) {
                for (int x : sa) {
                    for (int y : sb) {
                        pairs.computeIfAbsent(((long) x << 32) | y, k -> new StringBuilder()).append(a).append(b);
                    }
                }
            }
        });
        Map<Long, String> pairsBySound = new HashMap<>();
        pairs.forEach((k, v) -> pairsBySound.put(k, v.toString()));
        return new ConfusionSets(out, sounds, pairsBySound);
    }

    /** A pair must be seen this often to be offered for a mistyped pair. */
    static final int PAIR_MIN_COUNT = 8;

    /** The wrong → right pairs of {@value #OBSERVED_RESOURCE} ("wrong right count" lines). */
    static Map<Character, Set<Character>> observedPairs() {
        try (InputStream in = ConfusionSets.class.getResourceAsStream(OBSERVED_RESOURCE)) {
            if (in == null) {
                return Map.of();
            }
            return readPairs(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<Character, Set<Character>> readPairs(String text) {
        Map<Character, Set<Character>> pairs = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].length() == 1 && f[1].length() == 1 && !line.startsWith("#")) {
                    pairs.computeIfAbsent(f[0].charAt(0), k -> new java.util.LinkedHashSet<>()).add(f[1].charAt(0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pairs;
    }

    private static final String[][] INITIALS = {{"zh", "z"}, {"ch", "c"}, {"sh", "s"}, {"n", "l"}, {"l", "n"}, {"f", "h"}, {"h", "f"}, {"r", "l"}};
    private static final String[][] FINALS = {{"ang", "an"}, {"eng", "en"}, {"ing", "in"}, {"an", "ang"}, {"en", "eng"}, {"in", "ing"}};

    static List<String> nearSounds(String sound) {
        List<String> out = new ArrayList<>();
        for (String[] p : INITIALS) {
            if (sound.startsWith(p[0])) {
                out.add(p[1] + sound.substring(p[0].length()));
            }
        }
        if (sound.startsWith("z") && !sound.startsWith("zh")) {
            out.add("zh" + sound.substring(1));
        }
        if (sound.startsWith("c") && !sound.startsWith("ch")) {
            out.add("ch" + sound.substring(1));
        }
        if (sound.startsWith("s") && !sound.startsWith("sh")) {
            out.add("sh" + sound.substring(1));
        }
        for (String[] p : FINALS) {
            if (sound.endsWith(p[0]) && (p[0].length() == 3 || !sound.endsWith(p[0] + "g"))) {
                out.add(sound.substring(0, sound.length() - p[0].length()) + p[1]);
            }
        }
        return out;
    }
}
