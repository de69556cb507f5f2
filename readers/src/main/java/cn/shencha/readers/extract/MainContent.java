package cn.shencha.readers.extract;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the element holding a page's article body. First the containers of common government CMS templates (TRS
 * {@code #zoom} and {@code .TRS_Editor}, {@code div.article}, {@code .content} and the like); among those that hold
 * text rather than links, the first in that order wins (its largest match), and a candidate inside it that still holds
 * most of its text is preferred, so a {@code .content} wrapped around the whole page yields to the article inside it.
 * Failing that, the most text-dense block: each run of non-link text scores for the block holding its paragraph and
 * half for that block's parent, and the best-scoring block wins. Navigation, link lists
 * and footers score little because their text is link text or short.
 */
final class MainContent {

    static final List<String> CMS_SELECTORS = List.of("#zoom", ".TRS_Editor", "#UCAP-CONTENT", ".article-content",
            ".art_con", ".article", "#article", ".content", "#content", ".detail", ".xxgk_content", ".main-content",
            "article", "main", "[role=main]");
    private static final int MIN_CHARS = 40;
    /** Hostile pages may carry thousands of nested matches; measuring each one's text is quadratic. */
    private static final int MAX_MATCHES_PER_SELECTOR = 50;
    private static final java.util.Set<String> PARAGRAPHS = java.util.Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "li",
            "blockquote", "pre", "dd", "dt");
    private static final double MAX_LINK_DENSITY = 0.5;
    private static final double INNER_SHARE = 0.6;

    private MainContent() {
    }

    private record Candidate(Element element, int text, int rank) {
    }

    /** The main-content element under {@code body}, or null when nothing qualifies (the whole body is then the text). */
    static Element locate(Element body) {
        List<Candidate> candidates = new ArrayList<>();
        for (int rank = 0; rank < CMS_SELECTORS.size(); rank++) {
            String selector = CMS_SELECTORS.get(rank);
            Elements found;
            try {
                found = body.select(selector);
            } catch (RuntimeException e) {
                continue;
            }
            for (Element e : found.subList(0, Math.min(found.size(), MAX_MATCHES_PER_SELECTOR))) {
                if (e == body || candidates.stream().anyMatch(c -> c.element() == e)) {
                    continue;
                }
                int all = e.text().length();
                int links = linkText(e);
                int own = all - links;
                if (own >= MIN_CHARS && links <= MAX_LINK_DENSITY * all) {
                    candidates.add(new Candidate(e, own, rank));
                }
            }
        }
        if (!candidates.isEmpty()) {
            // Candidates come in selector order, most specific template first: the first selector that qualifies wins,
            // its largest match; then a candidate inside it that holds most of its text is preferred.
            Candidate best = candidates.get(0);
            for (Candidate c : candidates) {
                if (c.rank() == best.rank() && c.text() > best.text()) {
                    best = c;
                }
            }
            boolean deeper = true;
            while (deeper) {
                deeper = false;
                for (Candidate c : candidates) {
                    if (c != best && isAncestor(best.element(), c.element()) && c.text() >= INNER_SHARE * best.text()) {
                        best = c;
                        deeper = true;
                        break;
                    }
                }
            }
            return best.element();
        }
        return densest(body);
    }

    private static Element densest(Element body) {
        Map<Element, Double> scores = new IdentityHashMap<>();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (!(node instanceof TextNode t) || t.isBlank() || insideLink(t)) {
                    return;
                }
                Element block = blockOf(t);
                if (block != null && PARAGRAPHS.contains(block.normalName()) && block.parent() != null) {
                    block = block.parent(); // a paragraph scores for the block that holds the paragraphs
                }
                if (block == null) {
                    return;
                }
                double length = t.text().strip().length();
                scores.merge(block, length, Double::sum);
                Element parent = block.parent();
                if (parent != null && parent != body.parent()) {
                    scores.merge(parent, length / 2, Double::sum);
                }
            }

            @Override
            public void tail(Node node, int depth) {
            }
        }, body);
        Element best = null;
        double bestScore = MIN_CHARS;
        for (Map.Entry<Element, Double> e : scores.entrySet()) {
            if (e.getValue() > bestScore && e.getKey() != body) {
                best = e.getKey();
                bestScore = e.getValue();
            }
        }
        return best;
    }

    private static boolean insideLink(Node n) {
        for (Element p = n.parentElement(); p != null; p = p.parent()) {
            if (p.nameIs("a")) {
                return true;
            }
        }
        return false;
    }

    private static Element blockOf(Node n) {
        for (Element p = n.parentElement(); p != null; p = p.parent()) {
            if (p.isBlock() || p.nameIs("td")) {
                return p;
            }
        }
        return null;
    }

    private static int linkText(Element e) {
        int n = 0;
        for (Element a : e.select("a")) {
            n += a.text().length();
        }
        return n;
    }

    private static boolean isAncestor(Element ancestor, Element e) {
        for (Element p = e.parent(); p != null; p = p.parent()) {
            if (p == ancestor) {
                return true;
            }
        }
        return false;
    }
}
