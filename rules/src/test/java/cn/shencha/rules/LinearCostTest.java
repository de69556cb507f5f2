package cn.shencha.rules;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Linear, bounded cost (issue 14 item 5, issue 15 item 5): on hostile texts built to trip super-linear patterns, one
 * text of 400,000 characters must cost no more per character than twenty texts of 20,000 — within a generous factor of 4 (quadratic cost gives 20)
 * (the machine is shared), never a wall-clock threshold on its own. The old connection pattern took 5.4 s on 80,000
 * characters of "server=a;" and 20 s on 160,000: a ratio of 4 per doubling, 400 for this test's 20×.
 */
class LinearCostTest {

    /** The per-character cost of the long text may exceed that of the short ones by this factor at most. */
    static final double MAX_RATIO = 4.0;

    private final SecrecyAnalyzer analyzer = SecrecyAnalyzer.withDefaultPack();

    static Map<String, String> hostileUnits() {
        Map<String, String> units = new LinkedHashMap<>();
        units.put("connection key=value", "server=a;");
        units.put("connection with database", "server=a;database=b;");
        units.put("jdbc and scheme anchors", "jdbc:mysql://a");
        units.put("URL schemes", "http://");
        units.put("digits", "1");
        units.put("dotted digits", "1.1.");
        units.put("digit groups", "138 ");
        units.put("password labels", "密码");
        units.put("password values", "密码：abc123 ");
        units.put("paths", "/data/a");
        units.put("UNC shares", "\\\\a\\");
        units.put("Windows drive", "c:\\");
        units.put("CJK without punctuation", "区政府召开会议研究部署工作");
        units.put("open brackets", "（");
        units.put("quotes", "“");
        units.put("spam terms with spaces", "百家乐 ");
        units.put("tiny pieces", "a ");
        units.put("hidden markup", "<span style=\"display:none\">");
        units.put("tags", "<b>");
        units.put("unclosed tags", "<a");
        units.put("angle brackets", "<");
        units.put("sensitive attributes", "张三患有");
        units.put("ages", "8岁");
        units.put("addresses", "家住1号");
        units.put("mobiles", "13912345678 ");
        units.put("offers", "8折送");
        units.put("case stages", "立案侦查");
        units.put("figures with periods", "1-9月增长5%");
        units.put("classification marks", "秘密★");
        units.put("quoted names", "“文化大革命");
        return units;
    }

    @Test
    void hostileTextsCostLinearTime() {
        // warm up every path once
        for (String unit : hostileUnits().values()) {
            analyzer.analyze(repeat(unit, 20_000));
        }
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, String> e : hostileUnits().entrySet()) {
            String small = repeat(e.getValue(), 20_000);
            String large = repeat(e.getValue(), 400_000);
            double shortPerChar = Double.MAX_VALUE;
            double longPerChar = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    assertThat(analyzer.analyze(small).complete()).as(e.getKey() + " (20k)").isTrue();
                }
                shortPerChar = Math.min(shortPerChar, (System.nanoTime() - t0) / (20.0 * small.length()));
                long t1 = System.nanoTime();
                Analysis a = analyzer.analyze(large);
                longPerChar = Math.min(longPerChar, (System.nanoTime() - t1) / (double) large.length());
                assertThat(a.complete()).as(e.getKey() + " (400k) within its time budget").isTrue();
                if (longPerChar <= shortPerChar * MAX_RATIO) {
                    break;
                }
            }
            double ratio = longPerChar / shortPerChar;
            String line = String.format("%-26s 20k: %7.1f ns/char  400k: %7.1f ns/char  ratio %.2f%n", e.getKey(), shortPerChar,
                    longPerChar, ratio);
            report.append(line);
            System.out.print(line);
            // below 40 ns/char both are noise-level fast; only a growing cost on a measurable base counts
            if (ratio > MAX_RATIO && longPerChar > 40) {
                failures.add(e.getKey() + ": " + String.format("%.2f", ratio));
            }
        }
        assertThat(failures).as("cost per char grows with length:\n" + report).isEmpty();
    }

    @Test
    void aDocumentPastItsTimeBudgetIsMarkedIncompleteWithItsFindingsKept() {
        String text = "村民王小明（手机13912345678）反映道路积水问题。";
        Analysis none = analyzer.withTimeBudget(0, 0).analyze(text);
        assertThat(none.complete()).isFalse();
        assertThat(none.incompleteReason()).contains("时间预算");
        Analysis full = analyzer.analyze(text);
        assertThat(full.complete()).isTrue();
        assertThat(full.labels()).contains(Category.PERSONAL_INFO);
        assertThat(analyzer.withTimeBudget(-1, 0).analyze(text).complete()).as("a negative base: no budget").isTrue();
        assertThat(analyzer.timeBudgetMillis(400_000)).isEqualTo(SecrecyAnalyzer.DEFAULT_BUDGET_BASE_MILLIS
                + SecrecyAnalyzer.DEFAULT_BUDGET_MILLIS_PER_MILLION_CHARS * 400_000 / 1_000_000);
    }

    static String repeat(String unit, int length) {
        StringBuilder sb = new StringBuilder(length + unit.length());
        while (sb.length() < length) {
            sb.append(unit);
        }
        sb.setLength(length);
        return sb.toString();
    }
}
