package cn.shencha.writers.ledger;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Synthetic but realistic ledger entries of the fictional 云川区 for benchmarks, demos and tests: thirty-odd district
 * units, typical item titles, grades in the usual proportions (about 70 % 一般, 25 % 重要, 5 % 特级), review chains up
 * to each grade's required level, the secrecy bureau's conclusion where a secrecy category was found, and some
 * take-downs. The same seed and count always give the same entries; they are generated lazily, one at a time.
 */
public final class SampleLedgerEntries {

    /** The units entries are spread over. */
    public static final List<String> UNITS = List.of(
            "区人民政府办公室", "区发展和改革局", "区教育局", "区科学技术局", "区工业和信息化局", "区公安分局",
            "区民政局", "区司法局", "区财政局", "区人力资源和社会保障局", "区自然资源局", "区生态环境分局",
            "区住房和城乡建设局", "区交通运输局", "区水利局", "区农业农村局", "区商务局", "区文化和旅游局",
            "区卫生健康局", "区退役军人事务局", "区应急管理局", "区审计局", "区市场监督管理局", "区统计局",
            "区医疗保障局", "区信访局", "区数据资源管理局", "区行政审批局", "云川街道办事处", "青石镇人民政府",
            "白水镇人民政府", "区融媒体中心");

    private static final String[] SUBJECTS = {"2025年第一季度", "上半年", "2024年度", "本月", "近期", "第三季度"};
    private static final String[] TOPICS = {"经济运行情况", "重点项目建设进展", "安全生产检查情况", "政府信息公开工作报告",
            "财政预算执行情况", "行政处罚决定书", "信访事项办理情况", "城乡居民医保缴费通知", "招生入学工作安排",
            "防汛抗旱工作部署", "人事任免通知", "政府采购中标公告", "环境质量状况公报", "统计公报", "征地补偿安置方案",
            "疫苗接种安排", "拟表彰名单公示", "专项整治行动方案"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰",
            "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强"};
    private static final String[] FAMILY = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
            "朱", "胡", "郭", "何", "林", "罗", "高"};
    private static final String[] APPROVE = {"同意发布", "同意，按程序公开", "经审核无涉密内容，同意发布", "同意"};
    private static final String[] AMEND = {"删除个人身份信息后发布", "隐去未公开数据后发布", "修改表述后发布",
            "核实数据来源后再报"};
    private static final String[] REJECT = {"不予发布", "暂缓发布，待案件办结后再议", "涉及内部事项，不予公开"};

    private SampleLedgerEntries() {
    }

    /** {@code count} entries submitted from {@code start} on, a few minutes apart. */
    public static Stream<LedgerEntry> stream(long seed, int count, LocalDateTime start) {
        Random random = new Random(seed);
        long spanMinutes = 90L * 24 * 60;
        return LongStream.range(0, count).mapToObj(i -> entry(random, i, start.plusMinutes(i * spanMinutes / Math.max(1, count))));
    }

    private static LedgerEntry entry(Random r, long i, LocalDateTime submitted) {
        String unit = UNITS.get(r.nextInt(UNITS.size()));
        int roll = r.nextInt(100);
        Importance grade = roll < 70 ? Importance.GENERAL : roll < 95 ? Importance.IMPORTANT : Importance.SPECIAL;
        List<Category> categories = new ArrayList<>();
        int n = r.nextInt(10) < 6 ? 1 : r.nextInt(3);
        Category[] all = Category.values();
        for (int k = 0; k < n; k++) {
            Category c = all[r.nextInt(all.length)];
            if (!categories.contains(c)) {
                categories.add(c);
            }
        }
        String title = unit + "关于" + SUBJECTS[r.nextInt(SUBJECTS.length)] + TOPICS[r.nextInt(TOPICS.length)] + "的公告";
        String number = String.format("SP-%d-%06d", submitted.getYear(), i + 1);
        String url = "https://www.yunchuan.gov.cn/zwgk/" + submitted.getYear() + String.format("%02d", submitted.getMonthValue())
                + "/t" + String.format("%08d", 20_000_000 + i) + ".html";
        List<ReviewOpinion> reviews = new ArrayList<>();
        LocalDateTime t = submitted;
        boolean rejected = false;
        int levels = grade.requiredReviewLevel();
        for (int level = 1; level <= levels && !rejected; level++) {
            t = t.plusMinutes(20 + r.nextInt(600)).truncatedTo(ChronoUnit.MINUTES);
            int d = r.nextInt(100);
            String opinion = d < 85 ? APPROVE[r.nextInt(APPROVE.length)] : d < 96 ? AMEND[r.nextInt(AMEND.length)]
                    : REJECT[r.nextInt(REJECT.length)];
            rejected = opinion.startsWith("不予") || opinion.startsWith("暂缓") || opinion.startsWith("涉及");
            reviews.add(new ReviewOpinion(ReviewLevel.ofNumber(level), name(r), opinion, t));
        }
        boolean secrecy = categories.stream().anyMatch(Category::isSecrecy);
        String bureau = "";
        if (secrecy && grade != Importance.GENERAL) {
            bureau = rejected ? "涉及国家秘密或工作秘密，不得公开" : r.nextBoolean() ? "经审查不涉密，同意公开" : "脱密处理后可公开";
        }
        LocalDateTime published = rejected ? null : t.plusMinutes(5 + r.nextInt(120));
        LocalDateTime takenDown = published != null && r.nextInt(100) < 3 ? published.plusDays(1 + r.nextInt(20)) : null;
        String notes = takenDown != null ? "巡查发现问题后撤稿" : rejected ? "退回起草单位" : categories.isEmpty() ? "" : "已按意见修改";
        return new LedgerEntry(number, title, rejected ? "" : url, unit, grade, categories, submitted, reviews, bureau,
                published, takenDown, notes);
    }

    private static String name(Random r) {
        return FAMILY[r.nextInt(FAMILY.length)] + GIVEN[r.nextInt(GIVEN.length)];
    }
}
