package cn.shencha.jobs.duty;

import cn.shencha.jobs.ShenchaApplication;
import cn.shencha.jobs.audit.AuditTarget;
import cn.shencha.jobs.config.ShenchaProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The duty reading log on a real database with a configured site read at 08:00, 12:00 and 18:00 (Beijing): the
 * roster names the reader, readings are recorded with their slots, a day shows its three readings (recorded, missed,
 * upcoming), the reader confirms with a remark, and the next morning at 08:00 what is left is flagged.
 */
class DutyReadingsIT {

    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final LocalDate DAY = LocalDate.of(2026, 11, 16);

    @TempDir
    Path dir;

    private static Clock at(int dayOffset, int hour, int minute) {
        return Clock.fixed(DAY.plusDays(dayOffset).atTime(hour, minute).atZone(BEIJING).toInstant(), BEIJING);
    }

    private static Instant due(int hour) {
        return DAY.atTime(hour, 0).atZone(BEIJING).toInstant();
    }

    @Test
    void readingsAreRecordedConfirmedAndFlaggedTheNextMorning() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplication(ShenchaApplication.class).run(
                "--shencha.data=" + dir, "--shencha.search.url=http://127.0.0.1:9",
                "--shencha.sites[0].name=云川区人民政府门户网站", "--shencha.sites[0].url=https://www.yunchuan.gov.cn/")) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            ShenchaProperties properties = context.getBean(ShenchaProperties.class);
            DutyRoster roster = context.getBean(DutyRoster.class);
            String site = AuditTarget.of(properties.sites().get(0), properties.crawl()).siteId();

            Path csv = dir.resolve("roster.csv");
            Files.writeString(csv, "\uFEFFdate,slot,reader,username\n2026-11-16,,张三,zhangsan\n2026-11-16,晚,李四,lisi\n"
                    + "\"2026-11-17\",全天,\"王五\",\n");
            assertThat(roster.importCsv(csv)).hasSize(3);
            assertThat(roster.onDuty(DAY, Slot.MORNING).orElseThrow().reader()).isEqualTo("张三");
            assertThat(roster.onDuty(DAY, Slot.EVENING).orElseThrow().reader()).isEqualTo("李四");
            Path bad = dir.resolve("bad.csv");
            Files.writeString(bad, "date,slot,reader\n2026-11-18,早,赵六\n2026-13-01,早,钱七\n");
            assertThatThrownBy(() -> roster.importCsv(bad)).hasMessageContaining("bad.csv line 3").hasMessageContaining("not a date");
            assertThat(roster.between(LocalDate.of(2026, 11, 18), LocalDate.of(2026, 11, 18))).as("all or nothing").isEmpty();

            // Monday 16th: the 08:00 reading runs and completes; 12:00 runs and fails; 18:00 is missed (overrun).
            DutyReadings morningOf16 = new DutyReadings(jdbc, properties, roster, at(0, 13, 0));
            long morning = morningOf16.started(site, "云川区人民政府门户网站", due(8), due(8).plusSeconds(3));
            morningOf16.finished(morning, null, true, null, due(8).plusSeconds(600));
            long noon = morningOf16.started(site, "云川区人民政府门户网站", due(12), due(12).plusSeconds(1));
            morningOf16.finished(noon, null, false, "connection refused", due(12).plusSeconds(20));
            long manual = morningOf16.started(site, "云川区人民政府门户网站", null, due(12).plusSeconds(3000));
            morningOf16.finished(manual, null, true, null, due(12).plusSeconds(3100));

            List<Reading> day = morningOf16.day(DAY);
            assertThat(day).extracting(r -> r.slot() + " " + r.status() + " " + r.scheduled() + " " + r.reader())
                    .containsExactly("MORNING COMPLETED true 张三", "NOON FAILED true 张三", "NOON COMPLETED false 张三",
                            "EVENING UPCOMING true 李四");
            assertThat(day.get(3).id()).isNull();
            assertThat(day.get(3).confirmable()).isFalse();

            // At 19:00 the evening reading is due and not recorded: shown as missed, not yet flagged.
            DutyReadings evening = new DutyReadings(jdbc, properties, roster, at(0, 19, 0));
            assertThat(evening.day(DAY).get(3).status()).isEqualTo(Reading.Status.MISSED);
            assertThat(evening.flagOverdue()).isZero();

            // The reader confirms; a failed reading needs a remark; nothing is confirmed twice.
            Reading confirmed = evening.confirm(morning, "zhangsan", "已阅，无异常");
            assertThat(confirmed.confirmedBy()).isEqualTo("zhangsan");
            assertThat(confirmed.confirmedAt()).isEqualTo(at(0, 19, 0).instant());
            assertThat(confirmed.remark()).isEqualTo("已阅，无异常");
            assertThatThrownBy(() -> evening.confirm(morning, "lisi", "再次确认")).isInstanceOf(DutyException.class)
                    .hasMessageContaining("已由 zhangsan");
            assertThatThrownBy(() -> evening.confirm(noon, "zhangsan", " ")).isInstanceOf(DutyException.class)
                    .hasMessageContaining("说明原因");
            assertThatThrownBy(() -> evening.confirm(99_999, "zhangsan", "x")).isInstanceOf(DutyException.class);
            long running = evening.started(site, "云川区人民政府门户网站", null, at(0, 19, 0).instant());
            assertThatThrownBy(() -> evening.confirm(running, "zhangsan", "x")).hasMessageContaining("仍在进行");
            evening.finished(running, null, true, null, at(0, 19, 5).instant());

            // The next morning: nothing flagged before 08:00; at 08:00 the unconfirmed and the missed are.
            assertThat(new DutyReadings(jdbc, properties, roster, at(1, 7, 59)).flagOverdue()).isZero();
            DutyReadings nextMorning = new DutyReadings(jdbc, properties, roster, at(1, 8, 0));
            assertThat(nextMorning.flagOverdue()).isEqualTo(2);
            List<Reading> flagged = nextMorning.day(DAY);
            assertThat(flagged).extracting(r -> r.slot() + " " + r.status() + " " + r.flag())
                    .containsExactly("MORNING COMPLETED null", "NOON FAILED UNCONFIRMED", "NOON COMPLETED null",
                            "EVENING MISSED MISSED", "EVENING COMPLETED null");
            assertThat(flagged.get(3).id()).as("the missed reading is recorded now").isNotNull();
            assertThat(nextMorning.flagOverdue()).as("idempotent").isZero();
            // A missed reading can still be explained and confirmed afterwards.
            assertThat(nextMorning.confirm(flagged.get(3).id(), "lisi", "停电，已补读").confirmedBy()).isEqualTo("lisi");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM duty_reading WHERE site_id = ?", Integer.class, site)).isEqualTo(5);

            // missed() records a due time once.
            nextMorning.missed(site, "云川区人民政府门户网站", due(18), "again");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM duty_reading WHERE due_at = ?", Integer.class,
                    java.sql.Timestamp.from(due(18)))).isEqualTo(1);
            assertThat(nextMorning.day(DAY.plusDays(1))).extracting(Reading::reader).containsOnly("王五");
        }
    }
}
