package cn.shencha.rules;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facts the secrecy office keeps outside the rule pack, as CSV files a clerk maintains in a spreadsheet:
 * <ul>
 *   <li>{@code published-figures.csv} — {@code region,indicator,period,value,source}: economic figures that have been
 *       officially released. An ECON_UNRELEASED finding whose indicator and figure match a row (and whose text names the
 *       row's region and period, when the row gives them) is cleared: the figure is public.</li>
 *   <li>{@code case-registry.csv} — {@code case_number,status[,decided_on,note]}: the status of cases by number.
 *       A case number registered as concluded (办结, 审结, 生效, 已作出决定, 结案, CONCLUDED) clears PENDING_CASE in its
 *       sentence; one registered as pending (未结, 在办, 审理中, PENDING) is flagged even when the text claims otherwise.</li>
 * </ul>
 * Both files are UTF-8 (a BOM is accepted), RFC 4180 quoting, a header row naming the columns in any order. Errors name
 * the file and line.
 */
public final class Registries {

    public static final String PUBLISHED_FIGURES_FILE = "published-figures.csv";
    public static final String CASE_REGISTRY_FILE = "case-registry.csv";

    /** No registry: the detectors decide from the text alone. */
    public static final Registries NONE = new Registries(List.of(), Map.of());

    private static final Set<String> CONCLUDED = Set.of("办结", "已办结", "审结", "已审结", "生效", "已生效", "判决生效", "已作出决定",
            "结案", "已结案", "concluded", "closed");
    private static final Set<String> PENDING = Set.of("未结", "未办结", "在办", "办理中", "审理中", "未审结", "侦查中", "pending", "open");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    /** One released figure. {@code value} is the number as printed, with or without its unit. */
    public record PublishedFigure(String region, String indicator, String period, String value, String source) {
    }

    /** The registered status of one case. */
    public record CaseStatus(String caseNumber, boolean concluded, String status, String decidedOn, String note) {
    }

    private final List<PublishedFigure> figures;
    private final Map<String, CaseStatus> cases;

    private Registries(List<PublishedFigure> figures, Map<String, CaseStatus> cases) {
        this.figures = List.copyOf(figures);
        this.cases = Map.copyOf(cases);
    }

    /**
     * Loads whichever of the two files is given (null skips it).
     *
     * @throws RulePackException naming the file and line of the first problem
     */
    public static Registries load(Path publishedFigures, Path caseRegistry) {
        List<PublishedFigure> figures = publishedFigures == null ? List.of() : readFigures(publishedFigures);
        Map<String, CaseStatus> cases = caseRegistry == null ? Map.of() : readCases(caseRegistry);
        return new Registries(figures, cases);
    }

    /** The registries kept beside a rule pack: {@value #PUBLISHED_FIGURES_FILE} and {@value #CASE_REGISTRY_FILE}, each optional. */
    public static Registries fromDirectory(Path dir) {
        Path f = dir.resolve(PUBLISHED_FIGURES_FILE);
        Path c = dir.resolve(CASE_REGISTRY_FILE);
        return load(Files.isRegularFile(f) ? f : null, Files.isRegularFile(c) ? c : null);
    }

    public List<PublishedFigure> publishedFigures() {
        return figures;
    }

    public int caseCount() {
        return cases.size();
    }

    public boolean isEmpty() {
        return figures.isEmpty() && cases.isEmpty();
    }

    /** The registered status of a case number as it appears in a text (brackets and spaces in any width), or null. */
    public CaseStatus caseStatus(String caseNumber) {
        return cases.isEmpty() ? null : cases.get(caseKey(caseNumber));
    }

    /**
     * The released figure that covers an indicator and figure in a text, or null.
     *
     * @param indicator the indicator as matched (folded)
     * @param figure    the figure with its unit as printed (folded)
     * @param document  the whole folded text, in which the row's region and period must appear
     */
    PublishedFigure publishedMatch(String indicator, String figure, String document) {
        if (figures.isEmpty()) {
            return null;
        }
        BigDecimal number = number(figure);
        String ind = fold(indicator);
        String doc = fold(document);
        for (PublishedFigure p : figures) {
            String pi = fold(p.indicator());
            if (!(pi.equals(ind) || pi.contains(ind) || ind.contains(pi))) {
                continue;
            }
            BigDecimal v = number(p.value());
            if (v == null || number == null || v.compareTo(number) != 0) {
                continue;
            }
            if (!p.region().isBlank() && !doc.contains(fold(p.region()))) {
                continue;
            }
            if (!p.period().isBlank() && !periodMentioned(fold(p.period()), doc)) {
                continue;
            }
            return p;
        }
        return null;
    }

    /** "2026年前三季度" is mentioned by the same words, or by "前三季度" in a text that names 2026. */
    private static boolean periodMentioned(String period, String doc) {
        if (doc.contains(period)) {
            return true;
        }
        int year = period.indexOf('年');
        if (year > 0 && year + 1 < period.length()) {
            return doc.contains(period.substring(0, year + 1)) && doc.contains(period.substring(year + 1));
        }
        return false;
    }

    private static BigDecimal number(String s) {
        Matcher m = NUMBER.matcher(s.replace(",", "").replace("，", ""));
        return m.find() ? new BigDecimal(m.group()) : null;
    }

    private static String fold(String s) {
        return NormalizedText.of(s).normalized().replaceAll("\\s+", "");
    }

    static String caseKey(String caseNumber) {
        return fold(caseNumber);
    }

    private static List<PublishedFigure> readFigures(Path file) {
        List<PublishedFigure> out = new ArrayList<>();
        Table t = Table.read(file, List.of("indicator", "value"), List.of("region", "period", "source"));
        for (Table.Row r : t.rows()) {
            String indicator = r.get("indicator");
            String value = r.get("value");
            if (indicator.isBlank() || value.isBlank()) {
                throw new RulePackException(file + ":" + r.line() + ": indicator and value must not be empty");
            }
            if (number(value) == null) {
                throw new RulePackException(file + ":" + r.line() + ": value '" + value + "' has no number");
            }
            out.add(new PublishedFigure(r.get("region"), indicator, r.get("period"), value, r.get("source")));
        }
        return out;
    }

    private static Map<String, CaseStatus> readCases(Path file) {
        Map<String, CaseStatus> out = new HashMap<>();
        Table t = Table.read(file, List.of("case_number", "status"), List.of("decided_on", "note"));
        for (Table.Row r : t.rows()) {
            String number = r.get("case_number");
            String status = r.get("status");
            if (number.isBlank()) {
                throw new RulePackException(file + ":" + r.line() + ": case_number must not be empty");
            }
            String s = status.toLowerCase(Locale.ROOT);
            boolean concluded;
            if (CONCLUDED.contains(s)) {
                concluded = true;
            } else if (PENDING.contains(s)) {
                concluded = false;
            } else {
                throw new RulePackException(file + ":" + r.line() + ": status '" + status
                        + "' is neither concluded (办结, 审结, 生效, 已作出决定, 结案) nor pending (未结, 在办, 审理中)");
            }
            out.put(caseKey(number), new CaseStatus(number, concluded, status, r.get("decided_on"), r.get("note")));
        }
        return out;
    }

    /** A CSV file with a header row (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
    private record Table(List<Row> rows) {

        record Row(int line, Map<String, String> values) {
            String get(String column) {
                return values.getOrDefault(column, "");
            }
        }

        static Table read(Path file, List<String> required, List<String> optional) {
            String text;
            try {
                text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RulePackException(file + ":0: cannot read: " + e.getMessage(), e);
            }
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.indexOf('\uFFFD') >= 0) {
                throw new RulePackException(file + ":1: not UTF-8 text (save the spreadsheet as CSV UTF-8)");
            }
            List<List<String>> records = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            parse(file, text, records, lines);
            if (records.isEmpty()) {
                throw new RulePackException(file + ":1: empty; the first row must name the columns " + required);
            }
            List<String> header = records.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            for (String r : required) {
                if (!header.contains(r)) {
                    throw new RulePackException(file + ":1: the header has no column '" + r + "' (columns: " + required
                            + " and optionally " + optional + ")");
                }
            }
            List<Row> rows = new ArrayList<>();
            for (int i = 1; i < records.size(); i++) {
                List<String> rec = records.get(i);
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue;
                }
                if (rec.size() > header.size()) {
                    throw new RulePackException(file + ":" + lines.get(i) + ": " + rec.size() + " fields but the header has "
                            + header.size());
                }
                Map<String, String> values = new HashMap<>();
                for (int c = 0; c < rec.size(); c++) {
                    values.put(header.get(c), rec.get(c).trim());
                }
                rows.add(new Row(lines.get(i), values));
            }
            return new Table(rows);
        }

        private static void parse(Path file, String text, List<List<String>> records, List<Integer> lines) {
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int line = 1;
            int recordLine = 1;
            boolean quoted = false;
            boolean any = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                    continue;
                }
                switch (c) {
                    case '"' -> {
                        if (!field.toString().isBlank()) {
                            throw new RulePackException(file + ":" + line + ": a quote inside an unquoted field");
                        }
                        field.setLength(0);
                        quoted = true;
                        any = true;
                    }
                    case ',' -> {
                        record.add(field.toString());
                        field.setLength(0);
                        any = true;
                    }
                    case '\r' -> {
                    }
                    case '\n' -> {
                        record.add(field.toString());
                        records.add(record);
                        lines.add(recordLine);
                        record = new ArrayList<>();
                        field.setLength(0);
                        any = false;
                        line++;
                        recordLine = line;
                    }
                    default -> {
                        field.append(c);
                        any = true;
                    }
                }
            }
            if (quoted) {
                throw new RulePackException(file + ":" + recordLine + ": a quoted field is not closed");
            }
            if (any || field.length() > 0) {
                record.add(field.toString());
                records.add(record);
                lines.add(recordLine);
            }
        }
    }
}
