package cn.shencha.jobs.review;

import cn.shencha.jobs.config.ShenchaProperties;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The units (单位) that publish on the portal and review their own items, and which published URLs belong to each.
 * The configured units ({@code shencha.units}) are written to the database at start-up; the district office (a unit
 * of kind DISTRICT, {@code district} unless configured) owns every item no other unit's URL prefix claims (ch. 4 §4:
 * the district office is the portal's 主管机构).
 */
@Component
public class Units implements SmartInitializingSingleton {

    /** The district office's id when none is configured. */
    public static final String DEFAULT_DISTRICT_ID = "district";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> KINDS = Set.of("DEPARTMENT", "TOWN", "DISTRICT");

    /** A unit as the console and the ledgers show it. */
    public record Unit(String id, String name, String kind) {
    }

    private record Scope(String prefix, String unitId) {
    }

    private final JdbcTemplate jdbc;
    private final ShenchaProperties properties;
    private volatile List<Scope> scopes = List.of();
    private volatile String districtId = DEFAULT_DISTRICT_ID;

    public Units(JdbcTemplate jdbc, ShenchaProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        synchronize(properties.units());
    }

    /** Writes the configured units and their URL prefixes to the database (idempotent) and reloads the prefixes. */
    public synchronized void synchronize(List<ShenchaProperties.Unit> configured) {
        String district = null;
        for (ShenchaProperties.Unit u : configured) {
            if (u.id() == null || !ID.matcher(u.id()).matches()) {
                throw new IllegalStateException("shencha.units: unit id '" + u.id()
                        + "' must be 1 to 64 letters, digits, '-' or '_'");
            }
            if (u.name() == null || u.name().isBlank()) {
                throw new IllegalStateException("shencha.units: unit '" + u.id() + "' has no name");
            }
            if (!KINDS.contains(u.kind())) {
                throw new IllegalStateException("shencha.units: unit '" + u.id() + "' has kind '" + u.kind()
                        + "'; expected DEPARTMENT, TOWN or DISTRICT");
            }
            if ("DISTRICT".equals(u.kind())) {
                if (district != null) {
                    throw new IllegalStateException("shencha.units: two DISTRICT units ('" + district + "', '" + u.id() + "')");
                }
                district = u.id();
            }
            upsert(u.id(), u.name(), u.kind());
            for (String prefix : u.urlPrefixes()) {
                Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM unit_scope WHERE unit_id = ? AND url_prefix = ?",
                        Integer.class, u.id(), prefix);
                if (n == null || n == 0) {
                    jdbc.update("DELETE FROM unit_scope WHERE url_prefix = ?", prefix);
                    jdbc.update("INSERT INTO unit_scope (unit_id, url_prefix) VALUES (?, ?)", u.id(), prefix);
                }
            }
        }
        if (district == null) {
            List<String> existing = jdbc.queryForList("SELECT id FROM unit WHERE kind = 'DISTRICT' ORDER BY id", String.class);
            district = existing.isEmpty() ? DEFAULT_DISTRICT_ID : existing.get(0);
            if (existing.isEmpty()) {
                upsert(district, properties.organization(), "DISTRICT");
            }
        }
        districtId = district;
        reload();
    }

    private void upsert(String id, String name, String kind) {
        int updated = jdbc.update("UPDATE unit SET name = ?, kind = ? WHERE id = ?", name, kind, id);
        if (updated == 0) {
            jdbc.update("INSERT INTO unit (id, name, kind, created_at) VALUES (?, ?, ?, ?)", id, name, kind,
                    Timestamp.from(Instant.now()));
        }
    }

    private void reload() {
        List<Scope> loaded = new ArrayList<>(jdbc.query("SELECT url_prefix, unit_id FROM unit_scope",
                (rs, i) -> new Scope(rs.getString(1), rs.getString(2))));
        loaded.sort(Comparator.comparingInt((Scope s) -> s.prefix().length()).reversed());
        scopes = List.copyOf(loaded);
    }

    /** The unit an item published at this URL belongs to: the longest matching prefix, else the district office. */
    public String unitFor(String url) {
        if (url != null) {
            for (Scope s : scopes) {
                if (url.startsWith(s.prefix())) {
                    return s.unitId();
                }
            }
        }
        return districtId;
    }

    /** The district office's unit id. */
    public String districtId() {
        return districtId;
    }

    public List<Unit> all() {
        return jdbc.query("SELECT id, name, kind FROM unit ORDER BY CASE kind WHEN 'DISTRICT' THEN 0 ELSE 1 END, id",
                (rs, i) -> new Unit(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    public Optional<Unit> find(String id) {
        return all().stream().filter(u -> u.id().equals(id)).findFirst();
    }

    /** Unit id → Chinese name. */
    public Map<String, String> names() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        all().forEach(u -> out.put(u.id(), u.name()));
        return out;
    }
}
