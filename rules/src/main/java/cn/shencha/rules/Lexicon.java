package cn.shencha.rules;

import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every term of every cue list of a pack in one Aho-Corasick automaton: one pass over a text finds all of them, and
 * the detectors look only at the lists they use. This pass is the hot path; everything heavier runs only around its
 * hits.
 */
final class Lexicon {

    /** One occurrence of a term: [start, end) in the folded text. */
    record Hit(int start, int end, String term) {
    }

    /** A term of the automaton and the lists it belongs to. */
    private record Entry(String term, int[] lists) {
    }

    private final AhoCorasickDoubleArrayTrie<Entry> automaton = new AhoCorasickDoubleArrayTrie<>();
    private final List<String> listNames = new ArrayList<>();

    Lexicon(Map<String, List<String>> lists) {
        Map<String, List<Integer>> termLists = new HashMap<>();
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
            int id = listNames.size();
            listNames.add(e.getKey());
            for (String term : e.getValue()) {
                if (!term.isEmpty()) {
                    List<Integer> ids = termLists.computeIfAbsent(term, t -> new ArrayList<>());
                    if (!ids.contains(id)) {
                        ids.add(id);
                    }
                }
            }
        }
        TreeMap<String, Entry> map = new TreeMap<>();
        termLists.forEach((term, ids) -> map.put(term, new Entry(term, ids.stream().mapToInt(Integer::intValue).toArray())));
        if (!map.isEmpty()) {
            automaton.build(map);
        }
    }

    /** All hits of a folded text, grouped by list name, each group in text order. */
    Map<String, List<Hit>> scan(String folded) {
        Map<String, List<Hit>> byList = new HashMap<>();
        if (listNames.isEmpty() || folded.isEmpty()) {
            return byList;
        }
        @SuppressWarnings("unchecked")
        List<Hit>[] buckets = new List[listNames.size()];
        automaton.parseText(folded.toCharArray(), (int begin, int end, Entry entry) -> {
            Hit hit = new Hit(begin, end, entry.term());
            for (int id : entry.lists()) {
                List<Hit> bucket = buckets[id];
                if (bucket == null) {
                    bucket = buckets[id] = new ArrayList<>();
                }
                bucket.add(hit);
            }
        });
        for (int id = 0; id < buckets.length; id++) {
            List<Hit> hits = buckets[id];
            if (hits != null) {
                hits.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
                byList.put(listNames.get(id), hits);
            }
        }
        return byList;
    }
}
