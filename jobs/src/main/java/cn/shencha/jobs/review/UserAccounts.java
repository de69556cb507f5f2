package cn.shencha.jobs.review;

import cn.shencha.jobs.config.ShenchaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Console accounts under the regulation's password policy (ch. 5, 网站密码安全保密制度): passwords of letters and
 * digits, changed every three months (the console forces it), locked after repeated failures, reset only by an
 * administrator with a recorded reason. Passwords are stored as bcrypt hashes; every administrative action goes to the
 * audit trail.
 */
@Component
public class UserAccounts {

    /** Letters and digits, both present, 8 to 64 characters (ch. 5 §2: 字母加数字). */
    private static final Pattern POLICY = Pattern.compile("(?=.*[A-Za-z])(?=.*[0-9])[A-Za-z0-9!@#$%^&*._\\-]{8,64}");
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.-]{1,63}");
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** A user as the administrator's page lists them. */
    public record Account(long id, String username, String displayName, String unitId, Set<Role> roles, boolean enabled,
                          boolean locked, boolean mustChangePassword, Instant passwordChangedAt, boolean demo) {
    }

    /** A password that breaks the policy, with the reason in Chinese for the console. */
    public static final class PasswordPolicyException extends IllegalArgumentException {
        public PasswordPolicyException(String message) {
            super(message);
        }
    }

    private final JdbcTemplate jdbc;
    private final AuditTrail trail;
    private final ShenchaProperties.Console policy;
    private final PasswordEncoder encoder = new BCryptPasswordEncoder();
    private final SecureRandom random = new SecureRandom();
    private final TransactionTemplate tx;
    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;

    public UserAccounts(JdbcTemplate jdbc, AuditTrail trail, ShenchaProperties properties, PlatformTransactionManager txm,
                        LoginThrottle throttle, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.trail = trail;
        this.policy = properties.console();
        this.tx = new TransactionTemplate(txm);
        this.throttle = throttle;
        this.events = events;
    }

    public LoginThrottle throttle() {
        return throttle;
    }

    public PasswordEncoder encoder() {
        return encoder;
    }

    /** Throws {@link PasswordPolicyException} when the password breaks the policy. */
    public static void checkPolicy(String username, String password) {
        if (password == null || !POLICY.matcher(password).matches()) {
            throw new PasswordPolicyException("密码须为8至64位，同时包含字母和数字");
        }
        if (password.toLowerCase().contains(username.toLowerCase())) {
            throw new PasswordPolicyException("密码不得包含用户名");
        }
    }

    /** A random password that meets the policy, for first starts, resets and demo accounts. */
    public String randomPassword() {
        while (true) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 14; i++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String p = b.toString();
            if (POLICY.matcher(p).matches()) {
                return p;
            }
        }
    }

    /**
     * Creates an account. {@code mustChange}: the user must choose a new password at the first login (a password
     * someone else has seen).
     */
    public long create(String actor, String username, String displayName, String unitId, Set<Role> roles,
                       String password, boolean mustChange, boolean demo) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("用户名须以小写字母开头，由小写字母、数字、点、下划线或连字符组成");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("至少指定一个角色");
        }
        boolean unitBound = roles.stream().anyMatch(Role::unitBound);
        if (unitBound && unitId == null) {
            throw new IllegalArgumentException("信息员、分管领导和主要负责人须属于一个单位");
        }
        checkPolicy(username, password);
        return tx.execute(s -> {
            Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM app_user WHERE username = ?", Integer.class, username);
            if (exists != null && exists > 0) {
                throw new IllegalArgumentException("用户名已存在：" + username);
            }
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.update("INSERT INTO app_user (username, display_name, unit_id, password_hash, password_changed_at,"
                            + " must_change_password, failed_logins, locked_until, enabled, demo, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, 0, NULL, TRUE, ?, ?)",
                    username, displayName, unitId, encoder.encode(password), now, mustChange, demo, now);
            long id = jdbc.queryForObject("SELECT id FROM app_user WHERE username = ?", Long.class, username);
            for (Role r : roles) {
                jdbc.update("INSERT INTO app_user_role (user_id, role) VALUES (?, ?)", id, r.name());
            }
            trail.append(actor, "USER_CREATED", "user:" + username, "roles=" + roles + " unit=" + unitId
                    + (demo ? " demo" : ""));
            return id;
        });
    }

    public Optional<ConsoleUser> find(String username) {
        try {
            return Optional.of(jdbc.queryForObject("SELECT id, username, display_name, unit_id, must_change_password,"
                    + " password_changed_at FROM app_user WHERE username = ?", (rs, i) -> new ConsoleUser(rs.getLong(1),
                    rs.getString(2), rs.getString(3), rs.getString(4), roles(rs.getLong(1)), rs.getBoolean(5),
                    rs.getTimestamp(6).toInstant()), username));
        } catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }

    private Set<Role> roles(long userId) {
        Set<Role> out = EnumSet.noneOf(Role.class);
        jdbc.queryForList("SELECT role FROM app_user_role WHERE user_id = ?", String.class, userId)
                .forEach(r -> out.add(Role.valueOf(r)));
        return out;
    }

    /** The stored credentials for Spring Security: hash, enabled, locked. Empty when there is no such user. */
    public record Credentials(String passwordHash, boolean enabled, boolean locked) {
    }

    public Optional<Credentials> credentials(String username) {
        try {
            return Optional.of(jdbc.queryForObject("SELECT password_hash, enabled, locked_until FROM app_user WHERE username = ?",
                    (rs, i) -> {
                        Timestamp until = rs.getTimestamp(3);
                        return new Credentials(rs.getString(1), rs.getBoolean(2),
                                until != null && until.toInstant().isAfter(Instant.now()));
                    }, username));
        } catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }

    /** Whether the user must set a new password before doing anything: a forced change, or a password too old. */
    public boolean passwordChangeDue(ConsoleUser user) {
        return user.mustChangePassword()
                || user.passwordChangedAt().plus(policy.passwordMaxAge()).isBefore(Instant.now());
    }

    /**
     * A failed login from a source address: counted for that source ({@link LoginThrottle}) and for the account; the
     * account itself locks only after {@code account-lock-failures} failures in a row from all sources together.
     */
    public void loginFailed(String source, String username) {
        throttle.failed(source, username);
        boolean locked = Boolean.TRUE.equals(tx.execute(s -> {
            int updated = jdbc.update("UPDATE app_user SET failed_logins = failed_logins + 1 WHERE username = ?", username);
            if (updated == 0) {
                return false;
            }
            Integer failed = jdbc.queryForObject("SELECT failed_logins FROM app_user WHERE username = ?", Integer.class, username);
            if (failed != null && failed >= policy.accountLockFailures()) {
                Instant until = Instant.now().plus(policy.lockout());
                jdbc.update("UPDATE app_user SET locked_until = ?, failed_logins = 0 WHERE username = ?", Timestamp.from(until), username);
                trail.append("system", "ACCOUNT_LOCKED", "user:" + username, failed + " failed logins in a row from all sources;"
                        + " the account is locked until " + until);
                return true;
            }
            return false;
        }));
        if (locked) {
            events.publishEvent(new AccountRestricted(username, "locked"));
        }
    }

    /**
     * Unlocks an account (an administrator locked out, {@code shencha user unlock}): the account's own lock and every
     * source's failure count go, recorded in the trail. Returns false when there is no such user.
     */
    public boolean unlock(String actor, String username) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            if (jdbc.update("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE username = ?", username) == 0) {
                return false;
            }
            int sources = throttle.clear(username);
            trail.append(actor, "ACCOUNT_UNLOCKED", "user:" + username, sources + " throttled source(s) cleared");
            return true;
        }));
    }

    public void loginSucceeded(String source, String username) {
        throttle.succeeded(source, username);
        jdbc.update("UPDATE app_user SET failed_logins = 0 WHERE username = ?", username);
        trail.append(username, "LOGIN", "user:" + username, "");
    }

    /** The user sets a new password (a forced change after a reset, or when the old one expired). */
    public void changePassword(String username, String current, String next) {
        Credentials c = credentials(username).orElseThrow(() -> new IllegalArgumentException("用户不存在"));
        if (!encoder.matches(current, c.passwordHash())) {
            throw new PasswordPolicyException("当前密码不正确");
        }
        if (current.equals(next)) {
            throw new PasswordPolicyException("新密码不得与当前密码相同");
        }
        checkPolicy(username, next);
        tx.executeWithoutResult(s -> {
            jdbc.update("UPDATE app_user SET password_hash = ?, password_changed_at = ?, must_change_password = FALSE"
                    + " WHERE username = ?", encoder.encode(next), Timestamp.from(Instant.now()), username);
            trail.append(username, "PASSWORD_CHANGED", "user:" + username, "");
        });
    }

    /**
     * An administrator resets a user's password (ch. 5 §3: after the user's request was checked): a one-time password
     * the user must change at the next login; the account is unlocked. Returns the one-time password.
     */
    public String resetPassword(String admin, String username, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("重置密码须填写原因");
        }
        String password = randomPassword();
        tx.executeWithoutResult(s -> {
            int n = jdbc.update("UPDATE app_user SET password_hash = ?, password_changed_at = ?, must_change_password = TRUE,"
                    + " failed_logins = 0, locked_until = NULL WHERE username = ?", encoder.encode(password),
                    Timestamp.from(Instant.now()), username);
            if (n == 0) {
                throw new IllegalArgumentException("用户不存在：" + username);
            }
            throttle.clear(username);
            trail.append(admin, "PASSWORD_RESET", "user:" + username, "reason: " + reason.strip());
        });
        events.publishEvent(new AccountRestricted(username, "password reset"));
        return password;
    }

    /** Enables or disables an account (a user who left, ch. 5 §4), with the reason in the trail. */
    public void setEnabled(String admin, String username, boolean enabled, String reason) {
        tx.executeWithoutResult(s -> {
            if (jdbc.update("UPDATE app_user SET enabled = ? WHERE username = ?", enabled, username) == 0) {
                throw new IllegalArgumentException("用户不存在：" + username);
            }
            trail.append(admin, enabled ? "USER_ENABLED" : "USER_DISABLED", "user:" + username,
                    "reason: " + (reason == null ? "" : reason.strip()));
        });
        if (!enabled) {
            events.publishEvent(new AccountRestricted(username, "disabled"));
        }
    }

    public List<Account> all() {
        List<Account> out = new ArrayList<>();
        Instant now = Instant.now();
        jdbc.query("SELECT id, username, display_name, unit_id, enabled, locked_until, must_change_password,"
                + " password_changed_at, demo FROM app_user ORDER BY username", rs -> {
            Timestamp until = rs.getTimestamp(6);
            out.add(new Account(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), roles(rs.getLong(1)),
                    rs.getBoolean(5), until != null && until.toInstant().isAfter(now), rs.getBoolean(7),
                    rs.getTimestamp(8).toInstant(), rs.getBoolean(9)));
        });
        return out;
    }

    /** Whether any enabled administrator exists. */
    public boolean hasAdministrator() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM app_user u JOIN app_user_role r ON r.user_id = u.id"
                + " WHERE r.role = 'ADMIN' AND u.enabled", Integer.class);
        return n != null && n > 0;
    }

    /**
     * First start: creates the administrator {@code admin} with a one-time password when there is no administrator,
     * and returns the password (to be printed once, never stored in clear). Empty when an administrator exists.
     */
    public Optional<String> ensureAdministrator() {
        if (hasAdministrator()) {
            return Optional.empty();
        }
        String password = randomPassword();
        create("system", "admin", "系统管理员", null, EnumSet.of(Role.ADMIN), password, true, false);
        return Optional.of(password);
    }

    public Duration passwordMaxAge() {
        return policy.passwordMaxAge();
    }
}
