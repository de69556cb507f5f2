package cn.shencha.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Grades an item by ch. 4 §5: 特级 (SPECIAL) for major city-wide incidents, emergencies and sudden mass events; 重要
 * (IMPORTANT) for the district committee's and government's important meetings, principal leaders' activities and
 * major matters; otherwise 一般 (GENERAL). The grade decides the review level (一般 → 2, 重要 → 3, 特级 → 4, ch. 4 §6).
 */
final class ImportanceGrader {

    Importance grade(TextContext t, RulePack pack, List<String> reasons) {
        Set<String> special = terms(t.hits("importance.special_cues"));
        Set<String> important = terms(t.hits("importance.important_cues"));
        boolean plan = t.folded().contains("预案") || t.folded().contains("演练") || t.folded().contains("部署会");
        if (special.size() >= pack.grading.specialThreshold() && !plan) {
            reasons.add("涉及重特大事件或突发事件（" + String.join("、", first(special)) + "），按特级信息由区政府领导四级审核");
            return Importance.SPECIAL;
        }
        if (important.size() >= pack.grading.importantThreshold() || (plan && !special.isEmpty())) {
            Set<String> why = important.isEmpty() ? special : important;
            reasons.add("涉及区委、区政府重要会议、主要领导活动或重大事项（" + String.join("、", first(why)) + "），按重要信息由主要负责人三级审核");
            return Importance.IMPORTANT;
        }
        reasons.add("日常工作信息，按一般信息由分管领导二级审核");
        return Importance.GENERAL;
    }

    private static Set<String> terms(List<Lexicon.Hit> hits) {
        Set<String> out = new LinkedHashSet<>();
        for (Lexicon.Hit h : hits) {
            out.add(h.term());
        }
        return out;
    }

    private static List<String> first(Set<String> s) {
        List<String> out = new ArrayList<>(s);
        return out.subList(0, Math.min(3, out.size()));
    }
}
