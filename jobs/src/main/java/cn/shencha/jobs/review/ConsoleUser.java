package cn.shencha.jobs.review;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * A console user as the workflow sees them: who they are, their unit (null for district-wide users) and roles.
 *
 * @param passwordChangedAt when the password was last set; with {@code mustChangePassword} it decides whether the
 *                          console lets the user do anything before choosing a new one
 */
public record ConsoleUser(long id, String username, String displayName, String unitId, Set<Role> roles,
                          boolean mustChangePassword, Instant passwordChangedAt) {

    public ConsoleUser {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Whether the user sees items of every unit: district leaders, the secrecy bureau, records clerks, searchers. */
    public boolean seesAllUnits() {
        return has(Role.DISTRICT_LEADER) || has(Role.SECRECY_REVIEWER) || has(Role.RECORDS_CLERK) || has(Role.SEARCHER);
    }

    /** Whether the user may see an item of this unit. */
    public boolean canSeeUnit(String unit) {
        return seesAllUnits() || (unitId != null && unitId.equals(unit));
    }

    /** Whether the user decides at this stage, for an item of this unit. */
    public boolean decidesAt(Stage stage, String unit) {
        return Role.forStage(stage).map(r -> has(r) && (!r.unitBound() || (unitId != null && unitId.equals(unit))))
                .orElse(false);
    }
}
