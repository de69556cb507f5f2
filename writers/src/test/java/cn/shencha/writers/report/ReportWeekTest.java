package cn.shencha.writers.report;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportWeekTest {

    @Test
    void isoWeeksIncludingTheOnesThatCrossAYear() {
        ReportWeek w = ReportWeek.parse("2026-W47");
        assertThat(w.monday()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(w.sunday()).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(w.toString()).isEqualTo("2026-W47");
        assertThat(w.chineseLabel()).isEqualTo("2026年第47周（2026年11月16日至11月22日）");
        // 2026-12-31 is a Thursday: week 53 of 2026 runs into 2027.
        ReportWeek last = ReportWeek.of(LocalDate.of(2027, 1, 2));
        assertThat(last).isEqualTo(new ReportWeek(2026, 53));
        assertThat(last.chineseLabel()).isEqualTo("2026年第53周（2026年12月28日至2027年1月3日）");
        assertThat(last.minusWeeks(52).previous().monday().getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(ReportWeek.parse("2027-w1")).isEqualTo(new ReportWeek(2027, 1));
        assertThat(new ReportWeek(2027, 1).previous()).isEqualTo(last);
        assertThat(w.start(ZoneId.of("Asia/Shanghai")).toInstant().toString()).isEqualTo("2026-11-15T16:00:00Z");
        assertThat(w.end(ZoneId.of("Asia/Shanghai"))).isEqualTo(w.start(ZoneId.of("Asia/Shanghai")).plusWeeks(1));
    }

    @Test
    void badWeeksAreRefused() {
        assertThatThrownBy(() -> ReportWeek.parse("2026-47")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> ReportWeek.parse("2025-W53")).isInstanceOf(DateTimeParseException.class)
                .hasMessageContaining("2025 has ISO weeks 1 to 52");
        assertThatThrownBy(() -> ReportWeek.parse("2026-W0")).isInstanceOf(DateTimeParseException.class);
    }
}
