import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.zip.*;

/**
 * Trains the character-bigram spam model of HIDDEN_LINK (rules/src/main/resources/cn/shencha/rules/spam-model.tsv.gz).
 *
 * <pre>
 *   java rules/tools/TrainSpamModel.java SENSITIVE_WORD_JAR PACK_YML OUT.tsv.gz NEGATIVE.jsonl...
 * </pre>
 *
 * Positive side: the tagged word list of com.github.houbb:sensitive-word 0.25.0 (Apache-2.0; file
 * sensitive_word_tags.txt inside the jar), tags 1 (drugs), 2 (pornography), 3 (gambling), 4 (other illegal goods and
 * services: fake certificates, weapons, illegal data, cheating…); tag 0 (political) is left out — it is not spam and
 * much of it is ordinary government vocabulary. The spam term lists of the default pack (hidden_link.*_terms) are
 * added with weight 3. Negative side: the "text" of every line of the given JSON Lines files (documents of state
 * organs). Text is folded as the rules fold it (lower case, half width; traditional characters are rare in both sides
 * and left as they are), ASCII letters map to 'a' and digits to '0'.
 *
 * Output, one line per bigram kept: bigram TAB weight TAB class, where weight = log P(bigram | spam) - log P(bigram |
 * government prose), add-0.5 smoothing, rounded to 0.1, kept when |weight| >= 1 and the bigram was seen at least 3
 * times on its favoured side; class is the spam class (GAMBLING, PORN, FRAUD, CERT, LOAN, SURROGACY, OTHER) whose words
 * hold the bigram most often.
 */
public class TrainSpamModel {

    static final String[] CLASSES = {"GAMBLING", "PORN", "FRAUD", "CERT", "LOAN", "SURROGACY", "OTHER"};

    public static void main(String[] args) throws Exception {
        Map<String, int[]> spam = new HashMap<>(); // bigram -> counts per class
        long spamTotal = 0;
        try (ZipFile jar = new ZipFile(args[0])) {
            ZipEntry e = jar.getEntry("sensitive_word_tags.txt");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(jar.getInputStream(e), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    int sp = line.lastIndexOf(' ');
                    if (sp <= 0) continue;
                    String word = line.substring(0, sp);
                    String tags = line.substring(sp + 1);
                    int cls = classOf(word, tags);
                    if (cls < 0) continue;
                    spamTotal += add(spam, fold(word), cls, 1);
                }
            }
        }
        // the pack's own spam terms, by section list
        String pack = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        Map<String, Integer> listClass = Map.of("gambling_terms", 0, "porn_terms", 1, "fraud_terms", 2, "cert_terms", 3,
                "loan_terms", 4, "surrogacy_terms", 5, "other_terms", 6);
        for (var lc : listClass.entrySet()) {
            int at = pack.indexOf("\n  " + lc.getKey() + ": [");
            if (at < 0) continue;
            int open = pack.indexOf('[', at);
            String body = pack.substring(open + 1, pack.indexOf(']', open));
            for (String w : body.split(",")) {
                spamTotal += add(spam, fold(w.strip()), lc.getValue(), 3);
            }
        }
        Map<String, Integer> gov = new HashMap<>();
        long govTotal = 0;
        for (int i = 3; i < args.length; i++) {
            for (String line : Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8)) {
                String text = jsonText(line);
                if (text == null) continue;
                String f = fold(text);
                for (int k = 0; k + 1 < f.length(); k++) {
                    String bg = f.substring(k, k + 2);
                    if (usable(bg)) {
                        gov.merge(bg, 1, Integer::sum);
                        govTotal++;
                    }
                }
            }
        }
        Set<String> all = new TreeSet<>(spam.keySet());
        all.addAll(gov.keySet());
        double v = all.size();
        int kept = 0;
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(Path.of(args[2]))), StandardCharsets.UTF_8)) {
            w.write("# spam-model v1: character bigram log-likelihood ratios, spam (houbb sensitive-word 0.25.0 tags 1-4, Apache-2.0, and the default pack's spam terms) vs government prose; see rules/tools/TrainSpamModel.java\n");
            for (String bg : all) {
                int[] c = spam.get(bg);
                int s = c == null ? 0 : Arrays.stream(c).sum();
                int g = gov.getOrDefault(bg, 0);
                double weight = Math.log((s + 0.5) / (spamTotal + 0.5 * v)) - Math.log((g + 0.5) / (govTotal + 0.5 * v));
                weight = Math.max(-6, Math.min(8, weight));
                if (Math.abs(weight) < 1 || (weight > 0 ? s : g) < 3) continue;
                int best = 6;
                if (c != null) {
                    for (int k = 0; k < c.length; k++) if (c[k] > c[best]) best = k;
                }
                w.write(bg + "\t" + Math.round(weight * 10) / 10.0 + "\t" + (weight > 0 ? CLASSES[best] : "-") + "\n");
                kept++;
            }
        }
        System.out.println("spam bigrams " + spam.size() + " (" + spamTotal + "), gov bigrams " + gov.size() + " (" + govTotal + "), kept " + kept);
    }

    static int classOf(String word, String tags) {
        List<String> t = Arrays.asList(tags.split(","));
        if (t.contains("3")) return word.contains("删") || word.contains("帖") ? 2 : 0;
        if (t.contains("2")) return 1;
        if (t.contains("1")) return 6;
        if (t.contains("4")) {
            if (has(word, "代孕", "性别", "试管", "包生", "助孕", "供卵")) return 5;
            if (has(word, "贷", "套现", "催收", "借款", "信用卡", "提现", "放款", "下款")) return 4;
            if (has(word, "证", "文凭", "学历", "发票", "刻章", "公章", "印章", "驾照", "毕业", "假章")) return 3;
            if (has(word, "刷单", "代考", "答案", "考题", "试题", "改分", "黑客", "删帖", "洗钱", "跑分", "兼职", "枪手", "作弊", "数据", "资料", "开房", "定位")) return 2;
            return 6;
        }
        return -1;
    }

    static boolean has(String w, String... parts) {
        for (String p : parts) if (w.contains(p)) return true;
        return false;
    }

    static int add(Map<String, int[]> m, String w, int cls, int weight) {
        int n = 0;
        for (int k = 0; k + 1 < w.length(); k++) {
            String bg = w.substring(k, k + 2);
            if (!usable(bg)) continue;
            m.computeIfAbsent(bg, x -> new int[CLASSES.length])[cls] += weight;
            n += weight;
        }
        return n;
    }

    /** Both characters letters, digits or CJK (after folding). */
    static boolean usable(String bg) {
        for (int i = 0; i < 2; i++) {
            char c = bg.charAt(i);
            if (!(c == 'a' || c == '0' || c >= '\u4e00' && c <= '\u9fff')) return false;
        }
        return !bg.equals("aa") && !bg.equals("00") && !bg.equals("a0") && !bg.equals("0a");
    }

    /** The rules' folding (full width to half width, lower case), then letters to 'a' and digits to '0'. */
    static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') c = (char) (c - 0xFEE0);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') c = 'a';
            else if (c >= '0' && c <= '9') c = '0';
            b.append(c);
        }
        return b.toString();
    }

    /** The "text" string of a JSON line, decoded (\\n, \\", \\\\, \\uXXXX), or null. */
    static String jsonText(String line) {
        int k = line.indexOf("\"text\"");
        if (k < 0) return null;
        k = line.indexOf('"', line.indexOf(':', k) + 1);
        StringBuilder b = new StringBuilder();
        for (int i = k + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') return b.toString();
            if (c == '\\') {
                char n = line.charAt(++i);
                switch (n) {
                    case 'n', 'r', 't' -> b.append(' ');
                    case 'u' -> { b.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16)); i += 4; }
                    default -> b.append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
