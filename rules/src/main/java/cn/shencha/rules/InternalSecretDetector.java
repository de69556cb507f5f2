package cn.shencha.rules;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL_SECRET (ch. 7 §5): system parameters — accounts and passwords, keys, private IP addresses and internal
 * hosts and ports, shared folders and system paths, connection strings — are internal work secrets. Policy text that
 * talks about passwords without giving one is clean: a password label needs an actual value after it.
 */
final class InternalSecretDetector implements Detector {

    /*
     * Every pattern below is tried only at an anchor found by indexOf (a scheme's "://", "jdbc:", "server=", a path's
     * first slash, "\\\\", ":\\") and only on a bounded region after it, so a text costs time linear in its length
     * whatever it holds: a pattern can never be retried across the whole rest of the text (the old connection pattern,
     * tried at every "server=" of a text of "server=a;" repeated, took quadratic time).
     */
    /** Longest span a URL, connection string or path finding covers. */
    static final int MAX_SPAN = 300;
    private static final Pattern URL_AT = Pattern.compile("(?:https?|ftp|sftp|smb|rdp|ssh|telnet)://[^\\s，。；、）)\"'<>（(]{1,300}");
    private static final Pattern SCHEME_CONNECTION_AT = Pattern.compile(
            "(?:jdbc:[a-z0-9]{1,20}:[^\\s，。；、）)]{1,280}|(?:mongodb(?:\\+srv)?|redis|mysql|postgres(?:ql)?|oracle|sqlserver|amqp)://[^\\s，。；、）)]{1,280})");
    private static final Pattern KEYVALUE_CONNECTION_AT = Pattern.compile(
            "(?:server|data source)\\s{0,3}=[^;\\s]{1,100};[^\\s，。]{0,200}?(?:database|initial catalog)\\s{0,3}=[^\\s，。;]{1,100}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::(\\d{1,5}))?");
    private static final Pattern UNC_AT = Pattern.compile("\\\\\\\\[\\w.\\-]{1,100}\\\\[^\\s，。；、]{1,200}");
    private static final Pattern UNIX_PATH_AT = Pattern.compile(
            "/(?:data|etc|var|home|opt|usr|root|srv|mnt|backup|app|apps|u01|www)(?:/[\\w.\\-]{1,80}){1,12}/?");
    private static final Pattern WINDOWS_PATH_AT = Pattern.compile("[a-z]:\\\\[^\\s，。；、]{1,250}");
    private static final Pattern PORT_AFTER = Pattern.compile("^.{0,12}?端口\\s{0,3}(?:号)?\\s{0,3}[:：为是]?\\s{0,3}\\d{2,5}");
    private static final Pattern VALUE = Pattern.compile("^\\)?\\s{0,4}(?:[:：=]|为|是)?\\s{0,4}([\\x21-\\x7e&&[^，。；、,;()]]{3,64})");
    private static final Pattern KEY_VALUE = Pattern.compile("^\\)?\\s{0,4}(?:[:：=]|为|是)?\\s{0,4}([a-z0-9_\\-]{12,128})");
    private static final Pattern PRIVATE_KEY = Pattern.compile("^[a-z ]{0,20}private key-{3,5}\\s{0,4}([a-z0-9+/=\\s]{16,400})");
    /** A value that only names what would stand there: your_password, db_host, changeme, 密码, 用户名. */
    private static final Pattern PLACEHOLDER_WORD = Pattern.compile(
            "(?:your|my|the|db|app)?[_\\-]?(?:pass(?:word)?|pwd|passwd|secret|key|token|user(?:name)?|host(?:name)?|server|ip|database|dbname|db|port)[_\\-]?(?:here|name)?"
                    + "|changeme|placeholder|example(?:\\.com)?|ip地址|主机名?|数据库名?|用户名|密码|口令|账号");

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        if (!hasAsciiAlnum(s)) {
            return;
        }
        credentials(t, pack, s, out);
        keys(t, pack, s, out);
        int covered = -1; // end of the last URL: a "://" inside it is the same URL
        int[] connections = connections(t, pack, s, out);
        int c = 0; // the connection strings before the current URL are behind this index
        for (int at = s.indexOf("://"); at >= 0; at = s.indexOf("://", at + 3)) {
            int from = schemeStart(s, at);
            if (from < 0 || from < covered) {
                continue;
            }
            while (c < connections.length && connections[c + 1] <= from) {
                c += 2;
            }
            if (c < connections.length && connections[c] <= from) {
                continue; // part of a connection string
            }
            t.checkBudget();
            Matcher m = URL_AT.matcher(s).region(from, Math.min(s.length(), from + MAX_SPAN + 10));
            if (!m.lookingAt()) {
                continue;
            }
            covered = m.end();
            String host = hostOf(m.group());
            if (host != null && internalHost(host) && !placeholder(host)) {
                out.add(t.finding(pack.rule("SECRET-ADDRESS"), m.start(), m.end(), "内部系统访问地址属于单位内部工作秘密。"));
            }
        }
        addresses(t, pack, s, out);
        paths(t, pack, s, out);
    }

    /** Connection strings, from their anchors; returns the spans found (start/end pairs, sorted by start). */
    private static int[] connections(TextContext t, RulePack pack, String s, List<Finding> out) {
        List<int[]> found = new java.util.ArrayList<>();
        for (String anchor : List.of("jdbc:", "://", "server", "data source")) {
            int lastEnd = -1;
            for (int at = s.indexOf(anchor); at >= 0; at = s.indexOf(anchor, at + anchor.length())) {
                int from = anchor.equals("://") ? schemeStart(s, at) : at;
                if (from < 0 || from < lastEnd || from > 0 && Character.isLetterOrDigit(s.charAt(from - 1)) && s.charAt(from - 1) < 128) {
                    continue;
                }
                t.checkBudget();
                Matcher m = (anchor.equals("server") || anchor.equals("data source") ? KEYVALUE_CONNECTION_AT : SCHEME_CONNECTION_AT)
                        .matcher(s).region(from, Math.min(s.length(), from + 2 * MAX_SPAN));
                if (!m.lookingAt()) {
                    continue;
                }
                lastEnd = m.end();
                found.add(new int[]{m.start(), m.end()});
                if (!templateConnection(m.group())) {
                    out.add(t.finding(pack.rule("SECRET-CONNECTION"), m.start(), m.end(), "数据库或系统连接串暴露了内部系统地址和凭据。"));
                }
            }
        }
        found.sort((x, y) -> Integer.compare(x[0], y[0]));
        int[] spans = new int[found.size() * 2];
        for (int i = 0; i < found.size(); i++) {
            spans[2 * i] = found.get(i)[0];
            spans[2 * i + 1] = Math.max(found.get(i)[1], i > 0 ? spans[2 * i - 1] : 0);
        }
        return spans;
    }

    /**
     * A connection string made only of placeholders — a template in a manual (jdbc:mysql://&lt;host&gt;:3306/&lt;db&gt;,
     * Server=${DB_HOST};Database=xxx;Pwd=******) — gives nothing away. One with a real host or password does.
     */
    static boolean templateConnection(String c) {
        String host;
        int scheme = c.indexOf("://");
        if (scheme >= 0) {
            host = hostOf(c);
        } else if (c.startsWith("jdbc:") && c.indexOf('@') >= 0) {
            String rest = c.substring(c.indexOf('@') + 1);
            int colon = rest.indexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
        } else {
            int eq = c.indexOf('=');
            int semi = c.indexOf(';');
            host = eq >= 0 && semi > eq ? c.substring(eq + 1, semi) : "";
        }
        String secret = secretPart(c);
        return (host == null || placeholder(host)) && (secret == null || placeholder(secret));
    }

    /** The password of a connection string (pwd=…, password=…, or user:pass@), or null when it has none. */
    private static String secretPart(String c) {
        for (String key : List.of("password=", "pwd=", "passwd=")) {
            int i = c.indexOf(key);
            if (i >= 0) {
                int e = i + key.length();
                while (e < c.length() && c.charAt(e) != ';' && c.charAt(e) != '&') {
                    e++;
                }
                return c.substring(i + key.length(), e);
            }
        }
        int at = c.indexOf('@');
        int scheme = c.indexOf("://");
        if (at > scheme && scheme >= 0) {
            String userInfo = c.substring(scheme + 3, at);
            int colon = userInfo.indexOf(':');
            return colon >= 0 ? userInfo.substring(colon + 1) : null;
        }
        return null;
    }

    /** Whether a value only stands for one: &lt;password&gt;, ${PWD}, {{host}}, %PASS%, ******, xxx, …, your_password. */
    static boolean placeholder(String value) {
        String x = value.strip();
        if (x.isEmpty()) {
            return true;
        }
        int lt = x.indexOf('<');
        if (lt >= 0 && x.indexOf('>', lt) > lt || x.contains("${") || x.contains("{{") || x.contains("***")
                || x.contains("xxx") || x.contains("...") || x.contains("…") || x.contains("＊")
                || x.length() > 2 && x.charAt(0) == '%' && x.charAt(x.length() - 1) == '%') {
            return true;
        }
        return PLACEHOLDER_WORD.matcher(x).matches();
    }

    /** Start of the URL scheme ending at {@code colon} ("://"), or -1 when no letters precede it. */
    private static int schemeStart(String s, int colon) {
        int i = colon;
        while (i > 0 && colon - i < 12 && (Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) < 128 || s.charAt(i - 1) == '+')) {
            i--;
        }
        return i == colon ? -1 : i;
    }

    /** Private IPv4 addresses (and a port after them): tried once per maximal run of digits and dots. */
    private static void addresses(TextContext t, RulePack pack, String s, List<Finding> out) {
        int[] runs = t.digitRuns();
        int consumed = -1;
        for (int k = 0; k < runs.length; k += 2) {
            int start = runs[k];
            if (start < consumed || start > 0 && (isWordChar(s.charAt(start - 1)) || s.charAt(start - 1) == '.')) {
                continue;
            }
            int end = start;
            while (end < s.length() && (isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
                end++;
            }
            consumed = end;
            if (end - start < 7 || end - start > 15) {
                continue;
            }
            t.checkBudget();
            Matcher m = IPV4.matcher(s).region(start, Math.min(s.length(), start + 21));
            if (!m.lookingAt() || m.end() < end || m.end() < s.length() && isWordChar(s.charAt(m.end()))
                    || !privateAddress(m) || versionNumber(t, s, m.start())
                    || m.end() < s.length() && "条款项节章版".indexOf(s.charAt(m.end())) >= 0) {
                continue;
            }
            int stop = m.end();
            Matcher port = PORT_AFTER.matcher(s).region(stop, Math.min(s.length(), stop + 24));
            if (port.find()) {
                stop = port.end();
            }
            out.add(t.finding(pack.rule("SECRET-ADDRESS"), m.start(), stop, "内网 IP 地址（及端口）属于计算机系统设置参数，不得对外泄露。"));
        }
    }

    private static void paths(TextContext t, RulePack pack, String s, List<Finding> out) {
        String message = "共享目录或服务器路径属于系统设置参数，不得对外泄露。";
        int next = 0;
        for (int at = s.indexOf("\\\\"); at >= 0; at = s.indexOf("\\\\", Math.max(at + 2, next))) {
            t.checkBudget();
            Matcher m = UNC_AT.matcher(s).region(at, Math.min(s.length(), at + MAX_SPAN + 4));
            if (m.lookingAt()) {
                out.add(t.finding(pack.rule("SECRET-PATH"), m.start(), m.end(), message));
                next = m.end();
            }
        }
        next = 0;
        for (int at = s.indexOf('/'); at >= 0; at = s.indexOf('/', Math.max(at + 1, next))) {
            char before = at > 0 ? s.charAt(at - 1) : ' ';
            boolean scheme = before == ':' && at > 1 && isWordChar(s.charAt(at - 2)); // http:/…, c:/…; 目录：/opt is a path
            if (at > 0 && (isWordChar(before) || before == '/' || before == '.' || scheme)) {
                continue;
            }
            t.checkBudget();
            Matcher m = UNIX_PATH_AT.matcher(s).region(at, Math.min(s.length(), at + MAX_SPAN + 4));
            if (m.lookingAt() && m.end() - m.start() > 5) {
                out.add(t.finding(pack.rule("SECRET-PATH"), m.start(), m.end(), message));
                next = m.end();
            }
        }
        next = 0;
        for (int at = s.indexOf(":\\"); at >= 0; at = s.indexOf(":\\", Math.max(at + 2, next))) {
            int from = at - 1;
            if (from < 0 || s.charAt(from) < 'a' || s.charAt(from) > 'z' || from > 0 && isWordChar(s.charAt(from - 1))) {
                continue;
            }
            t.checkBudget();
            Matcher m = WINDOWS_PATH_AT.matcher(s).region(from, Math.min(s.length(), from + MAX_SPAN + 4));
            if (m.lookingAt()) {
                out.add(t.finding(pack.rule("SECRET-PATH"), m.start(), m.end(), message));
                next = m.end();
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private static void credentials(TextContext t, RulePack pack, String s, List<Finding> out) {
        for (Lexicon.Hit label : t.hits("internal_secret.password_labels")) {
            Matcher v = VALUE.matcher(s).region(label.end(), Math.min(s.length(), label.end() + 70));
            if (!v.find() || !plausibleSecret(v.group(1)) || placeholder(v.group(1))) {
                continue;
            }
            int start = label.start();
            for (Lexicon.Hit account : t.within("internal_secret.account_labels", Math.max(0, label.start() - 30), label.start())) {
                Matcher a = VALUE.matcher(s).region(account.end(), Math.min(s.length(), account.end() + 40));
                if (a.find() && a.end() <= label.start()) {
                    start = Math.min(start, account.start());
                }
            }
            out.add(t.finding(pack.rule("SECRET-CREDENTIAL"), start, v.end(1),
                    "出现系统登录密码（口令）" + (start < label.start() ? "及账号" : "") + "，属于单位内部工作秘密。"));
        }
    }

    private static void keys(TextContext t, RulePack pack, String s, List<Finding> out) {
        for (Lexicon.Hit label : t.hits("internal_secret.key_labels")) {
            t.checkBudget();
            if (label.term().equals("-----begin")) {
                Matcher k = PRIVATE_KEY.matcher(s).region(label.end(), Math.min(s.length(), label.end() + 440));
                if (k.lookingAt()) {
                    out.add(t.finding(pack.rule("SECRET-KEY"), label.start(), k.end(1), "私钥等系统凭据不得公开。"));
                }
                continue;
            }
            if (label.term().equals("key=") && label.start() > 0 && Character.isLetterOrDigit(s.charAt(label.start() - 1))
                    && !s.startsWith("api", Math.max(0, label.start() - 3))) {
                continue; // monkey=…: not a key label
            }
            Matcher v = KEY_VALUE.matcher(s).region(label.end(), Math.min(s.length(), label.end() + 140));
            if (v.find()) {
                out.add(t.finding(pack.rule("SECRET-KEY"), label.start(), v.end(1), "接口密钥、令牌等系统凭据不得公开。"));
            }
        }
    }

    /** A password value has letters or digits and is not a Chinese word or a bare unit like "8位". */
    private static boolean plausibleSecret(String value) {
        boolean letterOrDigit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7e) {
                return false;
            }
            letterOrDigit |= Character.isLetterOrDigit(c);
        }
        return letterOrDigit && value.length() >= 4;
    }

    private static String hostOf(String url) {
        int start = url.indexOf("://") + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        int colon = authority.indexOf(':');
        return colon >= 0 ? authority.substring(0, colon) : authority;
    }

    static boolean internalHost(String host) {
        Matcher m = IPV4.matcher(host);
        if (m.matches()) {
            return privateAddress(m);
        }
        return !host.contains(".") || host.endsWith(".local") || host.endsWith(".lan") || host.endsWith(".internal")
                || host.endsWith(".intranet") || host.equals("localhost");
    }

    static boolean privateAddress(Matcher m) {
        int[] o = new int[4];
        for (int i = 0; i < 4; i++) {
            o[i] = Integer.parseInt(m.group(i + 1));
            if (o[i] > 255) {
                return false;
            }
        }
        return o[0] == 10 || (o[0] == 172 && o[1] >= 16 && o[1] <= 31) || (o[0] == 192 && o[1] == 168)
                || (o[0] == 127 && m.group(5) != null);
    }

    private static boolean versionNumber(TextContext t, String s, int start) {
        if (start > 0 && (s.charAt(start - 1) == 'v' || s.charAt(start - 1) == '第')) {
            return true; // v10.0.0.1, 第10.2.1.3条 (a clause number)
        }
        return t.any("internal_secret.version_cues", Math.max(0, start - 4), start)
                && (start >= 2 && (s.startsWith("版本", start - 2) || s.startsWith("版本号", Math.max(0, start - 3))));
    }

    private static boolean hasAsciiAlnum(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                return true;
            }
        }
        return false;
    }
}
