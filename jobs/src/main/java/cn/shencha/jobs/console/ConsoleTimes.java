package cn.shencha.jobs.console;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as the console shows them (Beijing time), for templates: {@code ${@consoleTimes.format(t)}}. */
@Component("consoleTimes")
@ConditionalOnWebApplication
public class ConsoleTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    public String format(Object t) {
        Instant i = switch (t) {
            case null -> null;
            case Instant x -> x;
            case Timestamp x -> x.toInstant();
            case OffsetDateTime x -> x.toInstant();
            default -> null;
        };
        return i == null ? (t == null ? "" : t.toString()) : FORMAT.format(i);
    }

    /** "3 天" overdue or due in, whole days. */
    public long daysBetween(Instant a, Instant b) {
        return Duration.between(a, b).toDays();
    }
}
