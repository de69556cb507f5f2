package cn.shencha.writers.ledger;

import cn.shencha.rules.Category;
import cn.shencha.rules.Importance;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Ledger entries with known content for the tests, followed by synthetic ones. */
final class LedgerFixtures {

    static final LedgerPeriod PERIOD = new LedgerPeriod(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31));
    static final LedgerInfo INFO = LedgerInfo.of("云川区人民政府办公室", PERIOD, LocalDateTime.of(2025, 4, 1, 9, 30));

    /** A 特级 entry that went through all four levels and the secrecy bureau, then was taken down. */
    static final LedgerEntry SPECIAL = new LedgerEntry("SP-2025-900001",
            "关于公布一季度经济运行数据的通知", "https://www.yunchuan.gov.cn/zwgk/202502/t90000001.html",
            "区统计局", Importance.SPECIAL, List.of(Category.ECON_UNRELEASED, Category.PERSONAL_INFO),
            LocalDateTime.of(2025, 2, 3, 9, 15),
            List.of(
                    new ReviewOpinion(ReviewLevel.INFORMATION_OFFICER, "欧阳晓燕", "同意报审", LocalDateTime.of(2025, 2, 3, 10, 2)),
                    new ReviewOpinion(ReviewLevel.LEADER_IN_CHARGE, "司马国栋", "隐去未公开数据", LocalDateTime.of(2025, 2, 3, 14, 40)),
                    new ReviewOpinion(ReviewLevel.PRINCIPAL, "诸葛明远", "同意", LocalDateTime.of(2025, 2, 4, 8, 55)),
                    new ReviewOpinion(ReviewLevel.DISTRICT_LEADER, "上官婉清", "同意发布", LocalDateTime.of(2025, 2, 4, 16, 20))),
            "脱密处理后可公开", LocalDateTime.of(2025, 2, 5, 9, 0), LocalDateTime.of(2025, 2, 20, 17, 45), "巡查撤稿");

    /** A 一般 entry rejected at the first level, never published. */
    static final LedgerEntry REJECTED = new LedgerEntry("SP-2025-900002",
            "区信访局信访事项办理情况", "", "区信访局", Importance.GENERAL, List.of(Category.PENDING_CASE),
            LocalDateTime.of(2025, 3, 10, 11, 0),
            List.of(new ReviewOpinion(ReviewLevel.INFORMATION_OFFICER, "钟离秋实", "不予发布", LocalDateTime.of(2025, 3, 10, 15, 30))),
            "", null, null, "退回起草单位");

    private LedgerFixtures() {
    }

    /** The two known entries, then {@code synthetic} sample entries. */
    static List<LedgerEntry> entries(int synthetic) {
        List<LedgerEntry> all = new ArrayList<>();
        all.add(SPECIAL);
        all.add(REJECTED);
        all.addAll(SampleLedgerEntries.stream(7, synthetic, LocalDateTime.of(2025, 1, 1, 8, 0)).toList());
        return all;
    }
}
