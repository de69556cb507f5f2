package cn.shencha.readers.extract;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds injected marker clusters: the runs of {@code <strike>}, {@code <address>}, {@code <dl>}, {@code <del>},
 * {@code <video>}, {@code <track>} that spam kits scatter through a hacked page (often all sharing one random id), with
 * the spam text and links that follow them. A run is three or more such sibling elements in a row (whitespace between
 * them allowed), or two sharing the same id. The cluster extends over the inline content that follows the run — text,
 * links, inline elements — up to the next block element or {@value #MAX_TRAILING_CHARS} characters.
 */
final class MarkerClusters {

    static final Set<String> MARKER_TAGS = Set.of("strike", "address", "dl", "del", "video", "track");
    static final int MAX_TRAILING_CHARS = 500;

    private MarkerClusters() {
    }

    /** Cluster first node → cluster last node, by identity. */
    static Map<Node, Node> find(Element root) {
        Map<Node, Node> clusters = new IdentityHashMap<>();
        for (Element parent : root.getAllElements()) {
            List<Node> children = parent.childNodes();
            int i = 0;
            while (i < children.size()) {
                if (!isMarker(children.get(i))) {
                    i++;
                    continue;
                }
                int first = i;
                int last = i;
                int count = 0;
                boolean sharedId = false;
                String id = null;
                int j = i;
                while (j < children.size()) {
                    Node n = children.get(j);
                    if (isMarker(n)) {
                        String nid = ((Element) n).id();
                        if (!nid.isEmpty() && nid.equals(id)) {
                            sharedId = true;
                        }
                        id = nid.isEmpty() ? id : nid;
                        count++;
                        last = j;
                    } else if (!(n instanceof TextNode t && t.isBlank())) {
                        break;
                    }
                    j++;
                }
                if (count >= 3 || (count >= 2 && sharedId)) {
                    int end = last;
                    int chars = 0;
                    for (int k = last + 1; k < children.size(); k++) {
                        Node n = children.get(k);
                        if (n instanceof Element e && e.isBlock() && !isMarker(e)) {
                            break;
                        }
                        if (n instanceof TextNode t) {
                            chars += t.text().strip().length();
                        } else if (n instanceof Element e) {
                            chars += e.text().length();
                        }
                        end = k;
                        if (chars >= MAX_TRAILING_CHARS) {
                            break;
                        }
                    }
                    clusters.put(children.get(first), children.get(end));
                    i = end + 1;
                } else {
                    i = last + 1;
                }
            }
        }
        return clusters;
    }

    private static boolean isMarker(Node n) {
        return n instanceof Element e && MARKER_TAGS.contains(e.normalName());
    }
}
