package cn.shencha.jobs.duty;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The duty roster (值班安排表, ch. 6 §3.2): who is on duty on which day, for the whole day or one slot. Imported
 * from CSV ({@link #importCsv}) or edited one entry at a time ({@link #put}, {@link #remove}); the reading log names
 * the reader from it.
 * <p>
 * CSV: a header line {@code date,slot,reader,username}, then one line per entry: the day (YYYY-MM-DD), the slot (早,
 * 中, 晚, MORNING, NOON, EVENING, or empty/全天/ALL for the whole day), the reader's name, and optionally the reader's
 * console user name. UTF-8, with or without BOM; fields may be quoted. An import replaces the entries of the days it
 * names, all or nothing: a bad line rejects the file with its line number.
 */
@Service
public class DutyRoster {

    /** An entry of the roster; {@code slot} null for the whole day. */
    public record Entry(LocalDate date, Slot slot, String reader, String username) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public DutyRoster(JdbcTemplate jdbc, org.springframework.transaction.PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactionManager);
    }

    /** Imports a CSV file; returns the entries imported. */
    public List<Entry> importCsv(Path csv) throws IOException {
        List<Entry> entries = parse(Files.newBufferedReader(csv, StandardCharsets.UTF_8), csv.getFileName().toString());
        tx.executeWithoutResult(status -> {
            entries.stream().map(Entry::date).distinct().forEach(d ->
                    jdbc.update("DELETE FROM duty_roster WHERE duty_date = ?", Date.valueOf(d)));
            for (Entry e : entries) {
                insert(e);
            }
        });
        return entries;
    }

    static List<Entry> parse(BufferedReader in, String name) throws IOException {
        List<Entry> out = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        try (in) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (n == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> f = fields(line);
                if (out.isEmpty() && keys.isEmpty() && f.get(0).strip().equalsIgnoreCase("date")) {
                    keys.add("header");
                    continue;
                }
                if (f.size() < 3) {
                    throw new IllegalArgumentException(name + " line " + n + ": expected date,slot,reader[,username]");
                }
                LocalDate date;
                try {
                    date = LocalDate.parse(f.get(0).strip());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(name + " line " + n + ": not a date (YYYY-MM-DD): '" + f.get(0) + "'");
                }
                String s = f.get(1).strip();
                Slot slot;
                try {
                    slot = s.isEmpty() || s.equals("全天") || s.equalsIgnoreCase("ALL") ? null : Slot.parse(s);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " line " + n + ": " + e.getMessage());
                }
                String reader = f.get(2).strip();
                if (reader.isEmpty() || reader.length() > 100) {
                    throw new IllegalArgumentException(name + " line " + n + ": the reader's name must be 1 to 100 characters");
                }
                String user = f.size() > 3 && !f.get(3).isBlank() ? f.get(3).strip() : null;
                if (!keys.add(date + "|" + slot)) {
                    throw new IllegalArgumentException(name + " line " + n + ": " + date + " " + (slot == null ? "全天" : slot.chineseName())
                            + " is listed twice");
                }
                out.add(new Entry(date, slot, reader, user));
            }
        }
        return out;
    }

    /** Splits a CSV line (RFC 4180 quoting). */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** Sets who is on duty (slot null: the whole day), replacing an earlier entry for the same day and slot. */
    public void put(LocalDate date, Slot slot, String reader, String username) {
        tx.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM duty_roster WHERE duty_date = ? AND slot = ?", Date.valueOf(date), key(slot));
            insert(new Entry(date, slot, reader, username));
        });
    }

    /** Removes an entry; returns whether there was one. */
    public boolean remove(LocalDate date, Slot slot) {
        return jdbc.update("DELETE FROM duty_roster WHERE duty_date = ? AND slot = ?", Date.valueOf(date), key(slot)) > 0;
    }

    /** The entries of the days, by day then slot (whole day first). */
    public List<Entry> between(LocalDate from, LocalDate to) {
        return jdbc.query("SELECT duty_date, slot, reader_name, username FROM duty_roster WHERE duty_date BETWEEN ? AND ?"
                        + " ORDER BY duty_date, CASE slot WHEN 'ALL' THEN 0 WHEN 'MORNING' THEN 1 WHEN 'NOON' THEN 2 ELSE 3 END",
                (rs, i) -> new Entry(rs.getDate(1).toLocalDate(), "ALL".equals(rs.getString(2)) ? null : Slot.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4)), Date.valueOf(from), Date.valueOf(to));
    }

    /** Who is on duty for the slot of the day: the slot's own entry, else the whole day's. */
    public Optional<Entry> onDuty(LocalDate date, Slot slot) {
        List<Entry> day = between(date, date);
        return day.stream().filter(e -> e.slot() == slot).findFirst().or(() -> day.stream().filter(e -> e.slot() == null).findFirst());
    }

    private void insert(Entry e) {
        jdbc.update("INSERT INTO duty_roster (duty_date, slot, reader_name, username, updated_at) VALUES (?, ?, ?, ?, ?)",
                Date.valueOf(e.date()), key(e.slot()), e.reader(), e.username(), Timestamp.from(Instant.now()));
    }

    private static String key(Slot slot) {
        return slot == null ? "ALL" : slot.name();
    }
}
