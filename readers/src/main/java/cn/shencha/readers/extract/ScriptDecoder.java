package cn.shencha.readers.extract;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bounded static decoder for the scripts hacked portals use to inject spam: it never runs JavaScript. It reads the
 * script as tokens and evaluates only constant string expressions — literals, {@code +}, variables assigned such
 * expressions, {@code unescape}, {@code escape}, {@code decodeURIComponent}/{@code decodeURI}, {@code atob},
 * {@code String.fromCharCode}, {@code ["..",".."].join("")}, {@code .split("").reverse().join("")} — wherever they
 * reach {@code document.write}/{@code writeln}, an {@code innerHTML} assignment, {@code eval} (whose decoded source is
 * decoded in turn) or a location change ({@code location.href = …}, {@code location.replace(…)}). Anything else is
 * unknown and contributes nothing. It notes whether the script looks at {@code document.referrer}, the mark of a
 * redirect that only visitors arriving from a search engine get.
 *
 * <p>Scripts are hostile input: the source is cut at {@value #MAX_SOURCE} characters, the output at
 * {@value #MAX_OUTPUT}, nesting and {@code eval} depth are bounded, and every loop advances through a finite token
 * list. Above that, a page's scripts share one {@link Budget}: the characters its variables hold at once, the
 * characters its string operations produce in all, and its evaluation steps. A script over the budget ({@code
 * var a='x…';a=a+a;…} doubling a string, then thousands of {@code var vN=a+a;}) stops being decoded there: what was
 * written until then is kept and {@link Decoded#incompleteReason()} says why the rest was not decoded.
 */
public final class ScriptDecoder {

    static final int MAX_SOURCE = 1_000_000;
    static final int MAX_OUTPUT = 512 * 1024;
    private static final int MAX_EVAL_DEPTH = 4;
    private static final int MAX_NESTING = 64;
    private static final int MAX_VARIABLES = 10_000;

    /**
     * What the scripts of one page may cost the decoder in all, across every script of the page and what they eval.
     * Not thread-safe: one page is decoded on one thread.
     */
    public static final class Budget {
        /** Characters all variables may hold at once (a list item counts its length plus {@value #ITEM_COST}). */
        public static final long MAX_HELD = 4_000_000;
        /** Characters string operations (literals, concatenation, decoding, joins, eval'd sources) may produce. */
        public static final long MAX_PRODUCED = 32_000_000;
        /** Statements and expressions evaluated. */
        public static final long MAX_STEPS = 2_000_000;
        static final int ITEM_COST = 16;

        private final long maxHeld;
        private final long maxProduced;
        private final long maxSteps;
        private long held;
        private long produced;
        private long steps;
        private String exceeded;

        public Budget() {
            this(MAX_HELD, MAX_PRODUCED, MAX_STEPS);
        }

        Budget(long maxHeld, long maxProduced, long maxSteps) {
            this.maxHeld = maxHeld;
            this.maxProduced = maxProduced;
            this.maxSteps = maxSteps;
        }

        /** Why decoding stopped, or null while within the budget. */
        public String exceeded() {
            return exceeded;
        }

        long held() {
            return held;
        }

        long produced() {
            return produced;
        }

        void hold(long delta) {
            held += delta;
            if (held > maxHeld) {
                stop("script decoding stopped: its variables would hold more than " + maxHeld + " characters");
            }
        }

        void produce(long chars) {
            produced += chars;
            if (produced > maxProduced) {
                stop("script decoding stopped: its string operations produced more than " + maxProduced + " characters");
            }
        }

        void step() {
            if (++steps > maxSteps) {
                stop("script decoding stopped: more than " + maxSteps + " evaluation steps");
            }
        }

        private void stop(String reason) {
            if (exceeded == null) {
                exceeded = reason;
            }
            throw OverBudget.INSTANCE;
        }

        void checkOpen() {
            if (exceeded != null) {
                throw OverBudget.INSTANCE;
            }
        }
    }

    /** Unwinds an evaluation over its budget (no stack trace: it is control flow, thrown once per page). */
    private static final class OverBudget extends RuntimeException {
        static final OverBudget INSTANCE = new OverBudget();

        private OverBudget() {
            super(null, null, false, false);
        }
    }

    /**
     * What a script writes and where it sends the visitor.
     *
     * @param html               the HTML written (document.write, innerHTML), in order
     * @param redirects          targets of location changes, as written (possibly relative)
     * @param readsReferrer      whether the script (or what it evals) reads document.referrer
     * @param obfuscated         whether anything had to be decoded (escapes, fromCharCode, atob, eval) to get there
     * @param incompleteReason   why decoding stopped before the end (the page's {@link Budget} ran out), or null when
     *                           every script was decoded to its end
     */
    public record Decoded(String html, List<String> redirects, boolean readsReferrer, boolean obfuscated,
                          String incompleteReason) {

        /** A complete decoding. */
        public Decoded(String html, List<String> redirects, boolean readsReferrer, boolean obfuscated) {
            this(html, redirects, readsReferrer, obfuscated, null);
        }

        public boolean isEmpty() {
            return html.isBlank() && redirects.isEmpty();
        }

        public boolean complete() {
            return incompleteReason == null;
        }

        static final Decoded EMPTY = new Decoded("", List.of(), false, false);
    }

    private ScriptDecoder() {
    }

    /** Decodes a script with a budget of its own. */
    public static Decoded decode(String source) {
        return decode(source, new Budget());
    }

    /**
     * Decodes a script within what is left of a page's budget (shared by the page's scripts). Over the budget, decoding
     * stops: the result keeps what was written before and says why ({@link Decoded#incompleteReason()}); a budget
     * already spent decodes nothing more.
     */
    public static Decoded decode(String source, Budget budget) {
        if (budget.exceeded() != null) {
            return new Decoded("", List.of(), false, false, budget.exceeded());
        }
        if (source == null || source.isBlank()) {
            return Decoded.EMPTY;
        }
        State state = new State(budget);
        long heldBefore = budget.held();
        try {
            run(source, state, 0);
        } catch (OverBudget e) {
            // what was written so far is kept; the reason is in the budget
        } finally {
            budget.held = heldBefore; // this script's variables are gone once it is decoded
        }
        return new Decoded(state.out.toString(), List.copyOf(state.redirects), state.referrer, state.obfuscated,
                budget.exceeded());
    }

    private static final class State {
        final Budget budget;

        State(Budget budget) {
            this.budget = budget;
        }

        final StringBuilder out = new StringBuilder();
        final Set<String> redirects = new LinkedHashSet<>();
        boolean referrer;
        boolean obfuscated;

        void write(String s) {
            if (s != null && out.length() < MAX_OUTPUT) {
                out.append(s, 0, Math.min(s.length(), MAX_OUTPUT - out.length()));
            }
        }
    }

    private static void run(String source, State state, int depth) {
        run(source, state, depth, new HashMap<>());
    }

    /** Evaluates a source; {@code vars} is the scope it shares (eval'd code sees and sets its caller's variables). */
    private static void run(String source, State state, int depth, Map<String, Object> vars) {
        if (depth > MAX_EVAL_DEPTH) {
            return;
        }
        String code = source.length() > MAX_SOURCE ? source.substring(0, MAX_SOURCE) : source;
        state.budget.produce(code.length()); // a source is read into tokens of about its size
        List<Token> tokens = Lexer.lex(code);
        new Evaluator(tokens, state, depth, vars).statements();
    }

    // ---- tokens ----

    private enum Kind { STR, NUM, ID, PUNCT }

    private record Token(Kind kind, String text) {
        boolean is(String s) {
            return (kind == Kind.PUNCT || kind == Kind.ID) && text.equals(s);
        }
    }

    /** One token per ASCII punctuation character, shared: a script of a million ';' is a list, not a million tokens. */
    private static final Token[] PUNCT = new Token[128];

    static {
        for (char c = 0; c < PUNCT.length; c++) {
            PUNCT[c] = new Token(Kind.PUNCT, String.valueOf(c));
        }
    }

    private static final class Lexer {
        private final String s;
        private int i;
        private final List<Token> out = new ArrayList<>();

        private Lexer(String s) {
            this.s = s;
        }

        static List<Token> lex(String s) {
            Lexer l = new Lexer(s);
            l.run();
            return l.out;
        }

        private void run() {
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                    while (i < n && s.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                    int end = s.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                } else if (c == '<' && s.startsWith("<!--", i)) {
                    i += 4; // HTML comment opener inside a script: a line comment in browsers
                } else if (c == '\'' || c == '"') {
                    out.add(new Token(Kind.STR, string(c)));
                } else if (c == '`') {
                    out.add(new Token(Kind.STR, template()));
                } else if (c == '/' && regexAllowed()) {
                    skipRegex();
                } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                    int start = i;
                    while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    out.add(new Token(Kind.NUM, s.substring(start, i)));
                } else if (Character.isJavaIdentifierStart(c)) {
                    int start = i;
                    while (i < n && Character.isJavaIdentifierPart(s.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Kind.ID, s.substring(start, i)));
                } else {
                    String two = i + 1 < n ? s.substring(i, i + 2) : "";
                    if (two.equals("+=") || two.equals("==") || two.equals("!=") || two.equals("&&") || two.equals("||")) {
                        out.add(new Token(Kind.PUNCT, two));
                        i += 2;
                    } else {
                        out.add(c < PUNCT.length ? PUNCT[c] : new Token(Kind.PUNCT, String.valueOf(c)));
                        i++;
                    }
                }
            }
        }

        private boolean regexAllowed() {
            if (out.isEmpty()) {
                return true;
            }
            Token last = out.get(out.size() - 1);
            return switch (last.kind()) {
                case STR, NUM -> false;
                case ID -> last.text().equals("return") || last.text().equals("typeof");
                case PUNCT -> !last.text().equals(")") && !last.text().equals("]") && !last.text().equals("}");
            };
        }

        private void skipRegex() {
            int n = s.length();
            i++;
            boolean inClass = false;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '\n') {
                    break;
                }
                if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (c == '/' && !inClass) {
                    i++;
                    break;
                }
                i++;
            }
            while (i < n && Character.isLetter(s.charAt(i))) {
                i++;
            }
            out.add(new Token(Kind.PUNCT, "/regex/"));
        }

        private String string(char quote) {
            StringBuilder sb = new StringBuilder();
            int n = s.length();
            i++;
            while (i < n) {
                char c = s.charAt(i);
                if (c == quote) {
                    i++;
                    break;
                }
                if (c == '\n') {
                    break; // unterminated
                }
                if (c == '\\' && i + 1 < n) {
                    i = escape(sb, i + 1);
                    continue;
                }
                sb.append(c);
                i++;
            }
            return sb.toString();
        }

        private String template() {
            StringBuilder sb = new StringBuilder();
            int n = s.length();
            i++;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '`') {
                    i++;
                    break;
                }
                if (c == '\\' && i + 1 < n) {
                    i = escape(sb, i + 1);
                    continue;
                }
                if (c == '$' && i + 1 < n && s.charAt(i + 1) == '{') {
                    int level = 0;
                    while (i < n) { // an interpolation is unknown: skipped
                        char d = s.charAt(i++);
                        if (d == '{') {
                            level++;
                        } else if (d == '}' && --level == 0) {
                            break;
                        }
                    }
                    continue;
                }
                sb.append(c);
                i++;
            }
            return sb.toString();
        }

        /** Decodes the escape starting at {@code at} (after the backslash); returns the index after it. */
        private int escape(StringBuilder sb, int at) {
            char e = s.charAt(at);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000B');
                case '0' -> sb.append('\0');
                case '\n' -> { /* line continuation */ }
                case 'x' -> {
                    if (at + 2 < s.length() && isHex(s, at + 1, 2)) {
                        sb.append((char) Integer.parseInt(s.substring(at + 1, at + 3), 16));
                        return at + 3;
                    }
                    sb.append('x');
                }
                case 'u' -> {
                    if (at + 1 < s.length() && s.charAt(at + 1) == '{') {
                        int close = s.indexOf('}', at + 2);
                        if (close > 0 && close - at - 2 <= 6 && isHex(s, at + 2, close - at - 2)) {
                            sb.appendCodePoint(Math.min(Integer.parseInt(s.substring(at + 2, close), 16), 0x10FFFF));
                            return close + 1;
                        }
                    } else if (at + 4 < s.length() && isHex(s, at + 1, 4)) {
                        sb.append((char) Integer.parseInt(s.substring(at + 1, at + 5), 16));
                        return at + 5;
                    }
                    sb.append('u');
                }
                default -> sb.append(e);
            }
            return at + 1;
        }
    }

    private static boolean isHex(String s, int from, int len) {
        if (len <= 0 || from + len > s.length()) {
            return false;
        }
        for (int k = from; k < from + len; k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    // ---- evaluation ----

    /** A value: a string, an array of strings, or unknown (null). */
    private static final class Evaluator {
        private final List<Token> t;
        private final State state;
        private final int depth;
        private final Map<String, Object> vars;
        private int p;
        private int nesting;

        Evaluator(List<Token> tokens, State state, int depth, Map<String, Object> vars) {
            this.t = tokens;
            this.state = state;
            this.depth = depth;
            this.vars = vars;
        }

        private Token peek(int k) {
            return p + k < t.size() ? t.get(p + k) : null;
        }

        private boolean at(String... texts) {
            for (int k = 0; k < texts.length; k++) {
                Token tok = peek(k);
                if (tok == null || !tok.is(texts[k])) {
                    return false;
                }
            }
            return true;
        }

        void statements() {
            while (p < t.size()) {
                int before = p;
                statement();
                if (p <= before) {
                    p = before + 1;
                }
            }
        }

        private void statement() {
            state.budget.step();
            Token tok = t.get(p);
            if (tok.kind() == Kind.ID && tok.text().equals("referrer")) {
                state.referrer = true;
            }
            if ((tok.is("var") || tok.is("let") || tok.is("const")) && peek(1) != null && peek(1).kind() == Kind.ID) {
                p++;
                assignment();
                while (at(",") && peek(1) != null && peek(1).kind() == Kind.ID) {
                    p++;
                    assignment();
                }
                return;
            }
            boolean member = p > 0 && t.get(p - 1).is(".");
            if (tok.kind() == Kind.ID && !member && peek(1) != null && (peek(1).is("=") || peek(1).is("+="))
                    && !isLocationName(tok.text())) {
                assignment();
                return;
            }
            String target = dottedName();
            if (target == null) {
                p++;
                return;
            }
            if (target.endsWith("document.write") || target.endsWith("document.writeln")) {
                if (at("(")) {
                    List<Object> args = arguments();
                    for (Object a : args) {
                        state.write(string(a));
                    }
                    if (target.endsWith("ln")) {
                        state.write("\n");
                    }
                }
            } else if (target.equals("innerHTML") || target.equals("outerHTML") || target.endsWith(".innerHTML")
                    || target.endsWith(".outerHTML")) {
                if (at("=") || at("+=")) {
                    p++;
                    state.write(string(expression()));
                }
            } else if (target.equals("eval") || target.endsWith(".eval")) {
                if (at("(")) {
                    List<Object> args = arguments();
                    String code = args.isEmpty() ? null : string(args.get(0));
                    if (code != null && !code.isBlank()) {
                        state.obfuscated = true;
                        run(code, state, depth + 1, vars);
                    }
                }
            } else if (isLocationName(target)) {
                if (at("=")) {
                    p++;
                    redirect(expression());
                } else if (at("(") && (target.endsWith(".replace") || target.endsWith(".assign"))) {
                    List<Object> args = arguments();
                    if (!args.isEmpty()) {
                        redirect(args.get(0));
                    }
                }
            } else if (target.equals("document.referrer") || target.endsWith(".referrer")) {
                state.referrer = true;
            }
        }

        private void redirect(Object v) {
            String s = string(v);
            if (s != null && !s.isBlank() && state.redirects.size() < 20) {
                state.redirects.add(s.strip());
            }
        }

        private static boolean isLocationName(String name) {
            return name.equals("location") || name.endsWith(".location") || name.endsWith("location.href")
                    || name.endsWith("location.replace") || name.endsWith("location.assign");
        }

        private void assignment() {
            String name = t.get(p).text();
            p++;
            if (at("=") || at("+=")) {
                boolean append = at("+=");
                p++;
                Object v = expression();
                if (append) {
                    Object before = vars.get(name);
                    v = before instanceof String b && v instanceof String s ? produced(b + s) : null;
                }
                if (v == null) {
                    state.budget.hold(-weight(vars.remove(name)));
                } else if (vars.size() < MAX_VARIABLES || vars.containsKey(name)) {
                    state.budget.hold(weight(v) - weight(vars.get(name)));
                    vars.put(name, v);
                }
            }
        }

        /** A dotted name at the cursor ({@code window.document.write}), consumed; null when none. */
        private String dottedName() {
            Token tok = peek(0);
            if (tok == null || tok.kind() != Kind.ID) {
                return null;
            }
            StringBuilder sb = new StringBuilder(tok.text());
            p++;
            while (at(".") && peek(1) != null && peek(1).kind() == Kind.ID) {
                sb.append('.').append(peek(1).text());
                if (peek(1).text().equals("referrer")) {
                    state.referrer = true;
                }
                p += 2;
            }
            return sb.toString();
        }

        private List<Object> arguments() {
            List<Object> args = new ArrayList<>();
            p++; // (
            if (at(")")) {
                p++;
                return args;
            }
            while (p < t.size()) {
                args.add(expression());
                if (at(",")) {
                    p++;
                    continue;
                }
                if (at(")")) {
                    p++;
                } else {
                    skipTo(")");
                }
                break;
            }
            return args;
        }

        /** Skips to just past the closing {@code close} of the current level. */
        private void skipTo(String close) {
            int level = 0;
            while (p < t.size()) {
                Token tok = t.get(p++);
                if (tok.is("(") || tok.is("[") || tok.is("{")) {
                    level++;
                } else if (tok.is(")") || tok.is("]") || tok.is("}")) {
                    if (level == 0) {
                        if (!tok.is(close)) {
                            p--;
                        }
                        return;
                    }
                    level--;
                }
            }
        }

        private Object expression() {
            state.budget.step();
            if (++nesting > MAX_NESTING) {
                nesting--;
                return null;
            }
            try {
                Object v = postfix(primary());
                boolean unknown = v == null;
                StringBuilder sb = new StringBuilder();
                if (v != null) {
                    sb.append(string(v));
                }
                boolean concatenated = false;
                while (at("+")) {
                    p++;
                    concatenated = true;
                    Object next = postfix(primary());
                    if (next == null) {
                        unknown = true; // unknown parts contribute nothing; the known ones are kept
                    } else if (sb.length() < MAX_OUTPUT) {
                        String part = string(next);
                        state.budget.produce(part.length());
                        sb.append(part);
                    }
                }
                if (!concatenated) {
                    return v;
                }
                state.budget.produce(sb.length()); // the concatenation's own string
                return sb.isEmpty() && unknown ? null : sb.toString();
            } finally {
                nesting--;
            }
        }

        private Object primary() {
            Token tok = peek(0);
            if (tok == null) {
                return null;
            }
            switch (tok.kind()) {
                case STR -> {
                    p++;
                    state.budget.produce(tok.text().length());
                    return tok.text();
                }
                case NUM -> {
                    p++;
                    Long n = number(tok.text());
                    return n == null ? tok.text() : Long.toString(n);
                }
                case PUNCT -> {
                    if (tok.is("(")) {
                        p++;
                        Object v = expression();
                        if (at(")")) {
                            p++;
                        } else {
                            skipTo(")");
                        }
                        return v;
                    }
                    if (tok.is("[")) {
                        return array();
                    }
                    if (tok.is("{")) {
                        p++;
                        skipTo("}");
                        return null;
                    }
                    return null;
                }
                default -> {
                    int first = p;
                    String name = dottedName();
                    int dot = name.indexOf('.');
                    if (dot > 0 && vars.containsKey(name.substring(0, dot))) {
                        p = first + 1; // a variable's methods (a.join("")) are applied by postfix
                        return vars.get(name.substring(0, dot));
                    }
                    if (name.endsWith("referrer")) {
                        state.referrer = true;
                        return null;
                    }
                    if (at("(")) {
                        return call(name);
                    }
                    return vars.get(name);
                }
            }
        }

        private Object array() {
            p++; // [
            List<String> items = new ArrayList<>();
            boolean known = true;
            if (at("]")) {
                p++;
                return items;
            }
            while (p < t.size()) {
                Object v = expression();
                if (v instanceof String s) {
                    items.add(s);
                } else {
                    known = false;
                }
                if (at(",")) {
                    p++;
                    continue;
                }
                if (at("]")) {
                    p++;
                } else {
                    skipTo("]");
                }
                break;
            }
            return known ? items : null;
        }

        private Object call(String name) {
            String fn = name.startsWith("window.") ? name.substring(7) : name;
            if (fn.equals("String.fromCharCode")) {
                p++; // (
                StringBuilder sb = new StringBuilder();
                boolean known = true;
                while (p < t.size() && !at(")")) {
                    Long code = numericExpression();
                    if (code == null || code < 0 || code > 0xFFFF) {
                        known = false;
                    } else {
                        sb.append((char) code.longValue());
                    }
                    if (at(",")) {
                        p++;
                    } else if (!at(")")) {
                        skipTo(")");
                        p--;
                        break;
                    }
                }
                if (at(")")) {
                    p++;
                }
                state.obfuscated = true;
                return known ? produced(sb.toString()) : null;
            }
            List<Object> args = arguments();
            String a = args.isEmpty() ? null : string(args.get(0));
            return produced(switch (fn) {
                case "unescape" -> {
                    state.obfuscated = true;
                    yield a == null ? null : unescape(a);
                }
                case "escape" -> a == null ? null : escape(a);
                case "decodeURIComponent", "decodeURI" -> {
                    state.obfuscated = true;
                    yield a == null ? null : percentDecodeUtf8(a);
                }
                case "atob" -> {
                    state.obfuscated = true;
                    yield a == null ? null : atob(a);
                }
                case "String" -> a;
                default -> null;
            });
        }

        /** Charges a value a string operation made to the budget, and returns it. */
        private Object produced(Object v) {
            state.budget.produce(weight(v));
            return v;
        }

        /** A numeric argument: a number literal, optionally combined with others by + - * ^. */
        private Long numericExpression() {
            Long v = numericPrimary();
            while (v != null && (at("+") || at("-") || at("*") || at("^"))) {
                String op = t.get(p).text();
                p++;
                Long r = numericPrimary();
                if (r == null) {
                    return null;
                }
                v = switch (op) {
                    case "+" -> v + r;
                    case "-" -> v - r;
                    case "*" -> v * r;
                    default -> v ^ r;
                };
                if (Math.abs(v) > Integer.MAX_VALUE) {
                    return null;
                }
            }
            return v;
        }

        private Long numericPrimary() {
            Token tok = peek(0);
            if (tok == null) {
                return null;
            }
            if (tok.kind() == Kind.NUM) {
                p++;
                return number(tok.text());
            }
            if (tok.is("(")) {
                p++;
                if (++nesting > MAX_NESTING) {
                    nesting--;
                    skipTo(")");
                    return null;
                }
                Long v;
                try {
                    v = numericExpression();
                } finally {
                    nesting--;
                }
                if (at(")")) {
                    p++;
                }
                return v;
            }
            if (tok.is("-") && peek(1) != null && peek(1).kind() == Kind.NUM) {
                p += 2;
                Long n = number(peek(-1).text());
                return n == null ? null : -n;
            }
            p++;
            return null;
        }

        /** Methods applied to a value: join, reverse, split(""), concat, toString, toLowerCase/toUpperCase. */
        private Object postfix(Object v) {
            while (at(".") && peek(1) != null && peek(1).kind() == Kind.ID && peek(2) != null && peek(2).is("(")) {
                String method = peek(1).text();
                p += 2;
                List<Object> args = arguments();
                String a = args.isEmpty() ? null : string(args.get(0));
                v = switch (method) {
                    case "join" -> v instanceof List<?> list ? String.join(a == null ? "," : a, strings(list)) : null;
                    case "reverse" -> v instanceof List<?> list ? reversed(list) : null;
                    case "split" -> v instanceof String s && "".equals(a) ? splitChars(s) : null;
                    case "concat" -> v instanceof String s && a != null ? s + a : null;
                    case "toString", "valueOf" -> v;
                    case "toLowerCase" -> v instanceof String s ? s.toLowerCase(java.util.Locale.ROOT) : null;
                    case "toUpperCase" -> v instanceof String s ? s.toUpperCase(java.util.Locale.ROOT) : null;
                    default -> null;
                };
                produced(v);
                if (method.equals("reverse") || method.equals("join")) {
                    state.obfuscated = true;
                }
            }
            return v;
        }

        private static List<String> strings(List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                out.add(String.valueOf(o));
            }
            return out;
        }

        private static List<String> reversed(List<?> list) {
            List<String> out = strings(list);
            java.util.Collections.reverse(out);
            return out;
        }

        private static List<String> splitChars(String s) {
            List<String> out = new ArrayList<>();
            s.codePoints().limit(MAX_OUTPUT).forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }

        /** What a value costs the budget: a string its length, a list its items' lengths plus a little each. */
        private static long weight(Object v) {
            if (v instanceof String s) {
                return s.length();
            }
            if (v instanceof List<?> list) {
                long w = 0;
                for (Object o : list) {
                    w += Budget.ITEM_COST + (o == null ? 0 : o.toString().length());
                }
                return w;
            }
            return 0;
        }

        /** A value as a string; the copy it takes (a list joined, a long string cut) is charged to the budget first. */
        private String string(Object v) {
            if (v == null) {
                return null;
            }
            if (v instanceof List<?> list) {
                state.budget.produce(weight(list));
                return String.join(",", strings(list));
            }
            String s = v.toString();
            if (s.length() > MAX_OUTPUT) {
                state.budget.produce(MAX_OUTPUT);
                return s.substring(0, MAX_OUTPUT);
            }
            return s;
        }
    }

    static Long number(String text) {
        try {
            String s = text.toLowerCase(java.util.Locale.ROOT);
            if (s.startsWith("0x")) {
                return Long.parseLong(s.substring(2), 16);
            }
            if (s.contains(".") || s.contains("e")) {
                double d = Double.parseDouble(s);
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d : null;
            }
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** JavaScript's unescape: %uXXXX and %XX (as Latin-1 code units). */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 5 < n && s.charAt(i + 1) == 'u' && isHex(s, i + 2, 4)) {
                    sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                    i += 5;
                    continue;
                }
                if (i + 2 < n && isHex(s, i + 1, 2)) {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** JavaScript's escape. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "@*_+-./".indexOf(c) >= 0) {
                sb.append(c);
            } else if (c < 256) {
                sb.append('%').append(String.format("%02X", (int) c));
            } else {
                sb.append("%u").append(String.format("%04X", (int) c));
            }
        }
        return sb.toString();
    }

    /** decodeURIComponent, leniently: malformed sequences are kept as they are. */
    static String percentDecodeUtf8(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder sb = new StringBuilder();
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < n && isHex(s, i + 1, 2)) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
                continue;
            }
            if (bytes.size() > 0) {
                sb.append(bytes.toString(StandardCharsets.UTF_8));
                bytes.reset();
            }
            sb.append(c);
        }
        if (bytes.size() > 0) {
            sb.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** atob: base64 to a "binary string" (each byte a char), as browsers return it; null when not base64. */
    static String atob(String s) {
        try {
            byte[] b = Base64.getMimeDecoder().decode(s.strip());
            StringBuilder sb = new StringBuilder(b.length);
            for (byte x : b) {
                sb.append((char) (x & 0xFF));
            }
            return sb.toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
