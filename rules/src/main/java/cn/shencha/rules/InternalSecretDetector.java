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

    private static final Pattern URL = Pattern.compile("(?:https?|ftp|sftp|smb|rdp|ssh|telnet)://[^\\s，。；、）)\"'<>（(]+");
    private static final Pattern CONNECTION = Pattern.compile(
            "(?:jdbc:[a-z0-9]+:[^\\s，。；、）)]+|(?:mongodb|redis|mysql|postgres(?:ql)?|oracle|sqlserver|amqp)://[^\\s，。；、）)]+"
                    + "|(?:server|data source)\\s*=[^;\\s]+;[^\\s，。]*(?:database|initial catalog)\\s*=[^\\s，。]+)");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::(\\d{1,5}))?(?![\\w.])");
    private static final Pattern UNC = Pattern.compile("\\\\\\\\[\\w.\\-]+\\\\[^\\s，。；、]+");
    private static final Pattern UNIX_PATH = Pattern.compile(
            "(?<![\\w:/.])/(?:data|etc|var|home|opt|usr|root|srv|mnt|backup|app|apps|u01|www)(?:/[\\w.\\-]+)+/?");
    private static final Pattern WINDOWS_PATH = Pattern.compile("(?<![\\w])[a-z]:\\\\[^\\s，。；、]+");
    private static final Pattern PORT_AFTER = Pattern.compile("^.{0,12}?端口\\s*(?:号)?\\s*[:：为是]?\\s*\\d{2,5}");
    private static final Pattern VALUE = Pattern.compile("^\\s*(?:[:：=]|为|是)?\\s*([\\x21-\\x7e&&[^，。；、,;()]]{3,64})");
    private static final Pattern KEY_VALUE = Pattern.compile("^\\s*(?:[:：=]|为|是)?\\s*([a-z0-9_\\-]{12,128})");

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        if (!hasAsciiAlnum(s)) {
            return;
        }
        credentials(t, pack, s, out);
        keys(t, pack, s, out);
        boolean scheme = s.contains("://");
        Matcher m = CONNECTION.matcher(s);
        while ((scheme || s.contains("jdbc:") || s.contains("data source") || s.contains("server=")) && m.find()) {
            out.add(t.finding(pack.rule("SECRET-CONNECTION"), m.start(), m.end(), "数据库或系统连接串暴露了内部系统地址和凭据。"));
        }
        m = URL.matcher(s);
        while (scheme && m.find()) {
            String host = hostOf(m.group());
            if (host != null && internalHost(host)) {
                out.add(t.finding(pack.rule("SECRET-ADDRESS"), m.start(), m.end(), "内部系统访问地址属于单位内部工作秘密。"));
            }
        }
        m = IPV4.matcher(s);
        for (int start : addressCandidates(s)) {
            m.region(start, Math.min(s.length(), start + 21));
            if (!m.lookingAt() || !privateAddress(m) || versionNumber(t, s, m.start())) {
                continue;
            }
            int end = m.end();
            Matcher port = PORT_AFTER.matcher(s).region(end, Math.min(s.length(), end + 24));
            if (port.find()) {
                end = port.end();
            }
            out.add(t.finding(pack.rule("SECRET-ADDRESS"), m.start(), end, "内网 IP 地址（及端口）属于计算机系统设置参数，不得对外泄露。"));
        }
        for (Pattern p : List.of(UNC, UNIX_PATH, WINDOWS_PATH)) {
            if (p == UNC && !s.contains("\\\\") || p == UNIX_PATH && s.indexOf('/') < 0 || p == WINDOWS_PATH && !s.contains(":\\")) {
                continue;
            }
            m = p.matcher(s);
            while (m.find()) {
                out.add(t.finding(pack.rule("SECRET-PATH"), m.start(), m.end(), "共享目录或服务器路径属于系统设置参数，不得对外泄露。"));
            }
        }
    }

    private static void credentials(TextContext t, RulePack pack, String s, List<Finding> out) {
        for (Lexicon.Hit label : t.hits("internal_secret.password_labels")) {
            Matcher v = VALUE.matcher(s).region(label.end(), Math.min(s.length(), label.end() + 70));
            if (!v.find() || !plausibleSecret(v.group(1))) {
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
        if (start > 0 && (s.charAt(start - 1) == 'v')) {
            return true;
        }
        return t.any("internal_secret.version_cues", Math.max(0, start - 4), start)
                && (start >= 2 && (s.startsWith("版本", start - 2) || s.startsWith("版本号", Math.max(0, start - 3))));
    }

    /**
     * Where an IPv4 address could start: the first digit of every digit run followed by "digit.digit", so the address
     * pattern is tried at a handful of places instead of at every character.
     */
    private static List<Integer> addressCandidates(String s) {
        List<Integer> starts = new java.util.ArrayList<>();
        int lastStart = -1;
        for (int i = s.indexOf('.'); i > 0 && i < s.length() - 1; i = s.indexOf('.', i + 1)) {
            if (!Character.isDigit(s.charAt(i - 1)) || !Character.isDigit(s.charAt(i + 1))) {
                continue;
            }
            int start = i - 1;
            while (start > 0 && (Character.isDigit(s.charAt(start - 1)) || s.charAt(start - 1) == '.')) {
                start--;
            }
            if (start != lastStart) {
                starts.add(start);
                lastStart = start;
            }
        }
        return starts;
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
