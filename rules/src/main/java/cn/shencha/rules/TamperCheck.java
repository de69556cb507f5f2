package cn.shencha.rules;

import java.util.Optional;

/**
 * TAMPERED (ch. 6 §2: pages changed behind the editors' backs): compares a page's article body with its baseline
 * — the body of its last approved snapshot, else of its previous one — and reports the changed span with the
 * removed and added text. A column index page that only gained entries is updated, not tampered with.
 */
public final class TamperCheck {

    public static final String RULE = "TAMPER-BODY";
    private static final int QUOTE = 120;

    private TamperCheck() {
    }

    /**
     * @param baselineBody the article body of the baseline snapshot
     * @param text         the new snapshot's whole text (findings index it)
     * @param bodyStart    where the new snapshot's article body starts in {@code text}
     * @param bodyEnd      where it ends
     * @param indexPage    the page is a column index (list) page: pure insertions are normal updates
     * @param baselineId   the baseline snapshot's id, named in the explanation
     */
    public static Optional<Finding> compare(String baselineBody, String text, int bodyStart, int bodyEnd, boolean indexPage,
                                            String baselineId) {
        int start = Math.max(0, Math.min(bodyStart, text.length()));
        int end = Math.max(start, Math.min(bodyEnd, text.length()));
        String body = text.substring(start, end);
        String a = squash(baselineBody);
        String b = squash(body);
        if (a.equals(b)) {
            return Optional.empty();
        }
        // Common prefix and suffix of the raw bodies: what lies between them changed.
        int prefix = 0;
        int max = Math.min(baselineBody.length(), body.length());
        while (prefix < max && baselineBody.charAt(prefix) == body.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && baselineBody.charAt(baselineBody.length() - 1 - suffix) == body.charAt(body.length() - 1 - suffix)) {
            suffix++;
        }
        String removed = baselineBody.substring(prefix, baselineBody.length() - suffix);
        String added = body.substring(prefix, body.length() - suffix);
        if (indexPage && removed.isBlank()) {
            return Optional.empty(); // new entries on a column page
        }
        int changeStart = start + prefix;
        int changeEnd = start + body.length() - suffix;
        if (changeEnd <= changeStart) { // a pure deletion: point at where the text was
            changeStart = Math.max(start, changeStart - 10);
            changeEnd = Math.min(end, changeStart + 20);
        }
        String explanation = "与基线快照" + shortId(baselineId) + "相比，正文被改动"
                + (removed.isBlank() ? "" : "：删除“" + quote(removed) + "”")
                + (added.isBlank() ? "" : (removed.isBlank() ? "：" : "，") + "新增“" + quote(added) + "”")
                + "。请核实是否为编辑发布的修改；确认正常后以本快照为新的基线，否则按篡改事件处置。";
        return Optional.of(new Finding(Category.TAMPERED, RULE, changeStart, changeEnd, text.substring(changeStart, changeEnd),
                Severity.HIGH, explanation));
    }

    /** Whitespace does not make a change (a re-rendered page may wrap lines differently). */
    private static String squash(String s) {
        return s.replaceAll("\\s+", "");
    }

    private static String quote(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= QUOTE ? t : t.substring(0, QUOTE) + "…";
    }

    private static String shortId(String id) {
        return id == null ? "" : "（" + (id.length() > 12 ? id.substring(0, 12) : id) + "）";
    }
}
