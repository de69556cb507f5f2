package cn.shencha.jobs.review;

import cn.shencha.jobs.config.ShenchaProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Failed console logins counted per source address and account (table {@code login_throttle}), so that guessing
 * passwords from one place does not lock the account for everyone (five wrong passwords typed at {@code admin} from
 * anywhere used to lock the administrator out for 30 minutes):
 * <ul>
 *   <li>{@code max-failed-logins} failures in a row from one source for one account refuse that source for that
 *   account for {@code lockout} (the trail records it as {@code ACCOUNT_LOCKED} with the source);</li>
 *   <li>{@code source-max-failed-logins} failures from one source within {@code lockout}, whatever the accounts,
 *   refuse that source for every account until they are older than {@code lockout} (password spraying);</li>
 *   <li>a success clears the source's count for that account; an administrator's reset and
 *   {@code shencha user unlock NAME} clear every count of the account.</li>
 * </ul>
 * The account itself locks only after {@code account-lock-failures} failures in a row from all sources together
 * ({@link UserAccounts#loginFailed}).
 */
@Component
public class LoginThrottle {

    private final JdbcTemplate jdbc;
    private final AuditTrail trail;
    private final ShenchaProperties.Console policy;

    public LoginThrottle(JdbcTemplate jdbc, AuditTrail trail, ShenchaProperties properties) {
        this.jdbc = jdbc;
        this.trail = trail;
        this.policy = properties.console();
    }

    /** Until when this source may not try this account; empty when it may. */
    public Optional<Instant> refusedUntil(String source, String username) {
        Instant now = Instant.now();
        String s = key(source);
        List<Timestamp> own = jdbc.queryForList("SELECT locked_until FROM login_throttle WHERE source = ? AND username = ?"
                + " AND locked_until IS NOT NULL", Timestamp.class, s, key(username));
        if (!own.isEmpty() && own.getFirst().toInstant().isAfter(now)) {
            return Optional.of(own.getFirst().toInstant());
        }
        Timestamp since = Timestamp.from(now.minus(policy.lockout()));
        Integer total = jdbc.queryForObject("SELECT COALESCE(SUM(failures), 0) + COUNT(locked_until) * ? FROM login_throttle"
                + " WHERE source = ? AND last_failure_at > ?", Integer.class, policy.maxFailedLogins(), s, since);
        if (total != null && total >= policy.sourceMaxFailedLogins()) {
            Timestamp last = jdbc.queryForObject("SELECT MAX(last_failure_at) FROM login_throttle WHERE source = ?", Timestamp.class, s);
            return Optional.of(last.toInstant().plus(policy.lockout()));
        }
        return Optional.empty();
    }

    /** A failed login from this source for this (possibly non-existent) account. */
    public void failed(String source, String username) {
        String s = key(source);
        String u = key(username);
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.update("UPDATE login_throttle SET failures = failures + 1, last_failure_at = ? WHERE source = ? AND username = ?",
                now, s, u) == 0) {
            try {
                jdbc.update("INSERT INTO login_throttle (source, username, failures, last_failure_at) VALUES (?, ?, 1, ?)", s, u, now);
            } catch (DuplicateKeyException raced) {
                jdbc.update("UPDATE login_throttle SET failures = failures + 1, last_failure_at = ? WHERE source = ? AND username = ?",
                        now, s, u);
            }
        }
        Integer failures = jdbc.queryForObject("SELECT failures FROM login_throttle WHERE source = ? AND username = ?",
                Integer.class, s, u);
        if (failures != null && failures >= policy.maxFailedLogins()) {
            Instant until = Instant.now().plus(policy.lockout());
            jdbc.update("UPDATE login_throttle SET locked_until = ?, failures = 0 WHERE source = ? AND username = ?",
                    Timestamp.from(until), s, u);
            trail.append("system", "ACCOUNT_LOCKED", "user:" + u, failures + " failed logins in a row from " + s
                    + "; that source is refused for this account until " + until);
        }
    }

    /** A successful login: the source starts afresh for this account. */
    public void succeeded(String source, String username) {
        jdbc.update("DELETE FROM login_throttle WHERE source = ? AND username = ?", key(source), key(username));
    }

    /** Forgets every failure recorded against the account (a reset, {@code shencha user unlock}); returns the rows. */
    public int clear(String username) {
        return jdbc.update("DELETE FROM login_throttle WHERE username = ?", key(username));
    }

    private static String key(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return v.length() > 64 ? v.substring(0, 64) : v;
    }
}
