package cn.shencha.rules;

import java.util.List;

/**
 * HISTORY_WORDING (ch. 4 §7.2): formulations of major historical events and political movements that differ from the
 * authoritative ones — a configurable table of wrong → right forms with context exceptions, and names that must stand
 * in quotation marks (“文化大革命”, “大跃进”).
 */
final class HistoryWordingDetector implements Detector {

    @Override
    public void detect(TextContext t, RulePack pack, List<Finding> out) {
        String s = t.folded();
        for (RulePack.Formulation f : pack.history.formulations()) {
            for (Lexicon.Hit hit : t.hits("history_wording.form." + f.wrong())) {
                if (excepted(s, hit.start(), f)) {
                    continue;
                }
                out.add(t.finding(pack.rule("HIST-FORM"), hit.start(), hit.end(),
                        "“" + t.original().substring(hit.start(), hit.end()) + "”不是权威提法，应为" + f.right() + "。"));
            }
        }
        List<String> quotes = pack.history.quotes();
        for (Lexicon.Hit hit : t.hits("history_wording.quoted")) {
            boolean open = hit.start() > 0 && quotes.contains(String.valueOf(s.charAt(hit.start() - 1)));
            boolean close = hit.end() < s.length() && quotes.contains(String.valueOf(s.charAt(hit.end())));
            if (!(open && close)) {
                out.add(t.finding(pack.rule("HIST-QUOTE"), hit.start(), hit.end(),
                        "按权威提法，“" + hit.term() + "”应加引号。"));
            }
        }
    }

    private static boolean excepted(String s, int start, RulePack.Formulation f) {
        for (String exception : f.exceptions()) {
            int k = exception.indexOf(f.wrong());
            if (k >= 0 && start - k >= 0 && s.startsWith(exception, start - k)) {
                return true;
            }
        }
        return false;
    }
}
