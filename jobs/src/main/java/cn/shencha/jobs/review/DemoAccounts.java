package cn.shencha.jobs.review;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The demo's console accounts: one per role of the fictional 云川区 (the three review levels of two units, a district
 * leader, the secrecy bureau, a records clerk, a searcher), all with the same demonstration password. They exist in
 * demo mode only: a console started outside the demo disables them ({@link #disableAll}).
 */
@Component
public class DemoAccounts {

    /** The demonstration password of every demo account (letters and digits, as the policy requires). */
    public static final String PASSWORD = "Yunchuan2026";

    /** A demo account as {@code shencha demo} lists it. */
    public record Account(String username, String displayName, String unitId, Role role) {
    }

    private final UserAccounts accounts;
    private final JdbcTemplate jdbc;
    private final AuditTrail trail;

    public DemoAccounts(UserAccounts accounts, JdbcTemplate jdbc, AuditTrail trail) {
        this.accounts = accounts;
        this.jdbc = jdbc;
        this.trail = trail;
    }

    /** The accounts for a district unit and one more unit. */
    public static List<Account> accounts(String districtUnit, String otherUnit, String otherUnitName) {
        List<Account> out = new ArrayList<>();
        out.add(new Account("officer", "李信息（区政府办信息员）", districtUnit, Role.INFO_OFFICER));
        out.add(new Account("deputy", "王分管（区政府办分管领导）", districtUnit, Role.DEPUTY_LEADER));
        out.add(new Account("principal", "张主任（区政府办主要负责人）", districtUnit, Role.PRINCIPAL));
        out.add(new Account("officer2", "赵信息（" + otherUnitName + "信息员）", otherUnit, Role.INFO_OFFICER));
        out.add(new Account("deputy2", "钱分管（" + otherUnitName + "分管领导）", otherUnit, Role.DEPUTY_LEADER));
        out.add(new Account("principal2", "孙局长（" + otherUnitName + "主要负责人）", otherUnit, Role.PRINCIPAL));
        out.add(new Account("leader", "周副区长（区政府领导）", null, Role.DISTRICT_LEADER));
        out.add(new Account("bureau", "吴审核（区保密局）", null, Role.SECRECY_REVIEWER));
        out.add(new Account("clerk", "郑档案（档案员）", null, Role.RECORDS_CLERK));
        out.add(new Account("searcher", "冯检索（检索员）", null, Role.SEARCHER));
        return out;
    }

    /** Creates the demo accounts that do not exist yet and enables them; returns them all. */
    public List<Account> ensure(String districtUnit, String otherUnit, String otherUnitName) {
        List<Account> all = accounts(districtUnit, otherUnit, otherUnitName);
        for (Account a : all) {
            if (accounts.find(a.username()).isEmpty()) {
                accounts.create("system", a.username(), a.displayName(), a.unitId(), EnumSet.of(a.role()), PASSWORD, false, true);
            }
        }
        int enabled = jdbc.update("UPDATE app_user SET enabled = TRUE, locked_until = NULL, failed_logins = 0 WHERE demo AND NOT enabled");
        if (enabled > 0) {
            trail.append("system", "DEMO_ACCOUNTS_ENABLED", "users:demo", enabled + " demo accounts enabled for demo mode");
        }
        return all;
    }

    /** Outside demo mode: disables every demo account (they must not be usable on a real console). */
    public int disableAll() {
        int n = jdbc.update("UPDATE app_user SET enabled = FALSE WHERE demo AND enabled");
        if (n > 0) {
            trail.append("system", "DEMO_ACCOUNTS_DISABLED", "users:demo", n + " demo accounts disabled (not in demo mode)");
        }
        return n;
    }
}
