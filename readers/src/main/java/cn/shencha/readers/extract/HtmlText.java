package cn.shencha.readers.extract;

import cn.shencha.rules.HiddenRange;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text of an HTML body with a newline at every block boundary, and, in the same pass, where in that text the
 * hidden ranges and the main content lie. Because the ranges are measured while the text is written, their offsets are
 * exact offsets into the returned text.
 *
 * <p>An element opens a hidden range when CSS hides it (see {@link #hiddenReason}) or when it starts an injected marker
 * cluster ({@link MarkerClusters}); ranges do not nest: the outermost hidden element owns its whole subtree.
 */
final class HtmlText {

    /** The walk's result. {@code mainStart}/{@code mainEnd} are -1 when no main element was given. */
    record Result(String text, List<HiddenRange> hidden, int mainStart, int mainEnd) {
    }

    private HtmlText() {
    }

    /** The colours text is painted in under an element: null components are unknown. */
    private record Paint(int[] color, int[] background) {
    }

    private static final Paint DEFAULT_PAINT = new Paint(new int[]{0, 0, 0}, new int[]{255, 255, 255});

    /**
     * @param root     the element whose text is wanted (the body)
     * @param sheet    the page's simple CSS rules
     * @param main     the main-content element inside {@code root}, or null
     * @param location the page URL, for telling external links apart
     * @param maxChars the text is cut to this length, ranges with it
     */
    static Result walk(Element root, StyleSheet sheet, Element main, String location, int maxChars) {
        Map<Node, Node> clusters = MarkerClusters.find(root);
        Walker w = new Walker(sheet, main, clusters, location);
        root.traverse(w);
        String raw = w.sb.toString();
        int lead = 0;
        while (lead < raw.length() && Character.isWhitespace(raw.charAt(lead))) {
            lead++;
        }
        String text = raw.strip();
        if (text.length() > maxChars) {
            text = text.substring(0, maxChars);
        }
        List<HiddenRange> ranges = new ArrayList<>();
        for (HiddenRange r : w.ranges) {
            int start = clamp(r.start() - lead, text.length());
            int end = clamp(r.end() - lead, text.length());
            while (start < end && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
                end--;
            }
            if (start < end) {
                ranges.add(new HiddenRange(start, end, r.reason(), r.links(), r.externalLinks()));
            }
        }
        int mainStart = -1;
        int mainEnd = -1;
        if (w.mainStart >= 0 && w.mainEnd >= w.mainStart) {
            mainStart = clamp(w.mainStart - lead, text.length());
            mainEnd = clamp(w.mainEnd - lead, text.length());
            while (mainStart < mainEnd && Character.isWhitespace(text.charAt(mainStart))) {
                mainStart++;
            }
            while (mainEnd > mainStart && Character.isWhitespace(text.charAt(mainEnd - 1))) {
                mainEnd--;
            }
        }
        return new Result(text, List.copyOf(ranges), mainStart, mainEnd);
    }

    private static int clamp(int offset, int length) {
        return Math.max(0, Math.min(offset, length));
    }

    /**
     * Why CSS hides an element from a visitor, as a {@link HiddenRange#reason()} code, or null when it does not.
     *
     * @param style   the element's cascaded declarations
     * @param paint   the colours in force at the element (its own declarations applied)
     * @param setsPaint whether the element itself declares a colour or a background
     */
    private static String hiddenReason(Element e, Map<String, String> style, Paint paint, boolean setsPaint) {
        if (e.hasAttr("hidden")) {
            return "html-hidden";
        }
        if (style.isEmpty()) {
            return null;
        }
        String display = style.get("display");
        if (display != null && display.startsWith("none")) {
            return "css-display-none";
        }
        String visibility = style.get("visibility");
        if (visibility != null && (visibility.startsWith("hidden") || visibility.startsWith("collapse"))) {
            return "css-visibility-hidden";
        }
        Double opacity = number(style.get("opacity"));
        if (opacity != null && opacity <= 0.01) {
            return "css-transparent";
        }
        String position = style.get("position");
        if (position != null && (position.startsWith("absolute") || position.startsWith("fixed"))) {
            Double left = StyleSheet.pixels(style.get("left"));
            Double top = StyleSheet.pixels(style.get("top"));
            if ((left != null && left <= -1000) || (top != null && top <= -1000)) {
                return "css-offscreen";
            }
        }
        Double indent = StyleSheet.pixels(style.get("text-indent"));
        if (indent != null && indent <= -999) {
            return "css-text-indent";
        }
        Double fontSize = StyleSheet.pixels(style.get("font-size"));
        if (fontSize != null && fontSize <= 0) {
            return "css-font-size-zero";
        }
        String overflow = style.getOrDefault("overflow", style.get("overflow-y"));
        if (overflow != null && overflow.startsWith("hidden")) {
            Double height = StyleSheet.pixels(style.get("height"));
            Double maxHeight = StyleSheet.pixels(style.get("max-height"));
            Double width = StyleSheet.pixels(style.get("width"));
            if ((height != null && height <= 0) || (maxHeight != null && maxHeight <= 0) || (width != null && width <= 0)) {
                return "css-zero-size";
            }
        }
        if (setsPaint && StyleSheet.sameColor(paint.color(), paint.background()) && hasOwnText(e)) {
            return "css-same-color";
        }
        return null;
    }

    private static Double number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    private static boolean hasOwnText(Element e) {
        return !e.text().isBlank();
    }

    private static final class Walker implements NodeVisitor {

        final StringBuilder sb = new StringBuilder();
        final List<HiddenRange> ranges = new ArrayList<>();
        final StyleSheet sheet;
        final Element main;
        final Map<Node, Node> clusters;
        final String location;
        final Map<Node, Paint> paints = new IdentityHashMap<>();
        int mainStart = -1;
        int mainEnd = -1;

        Node closeOn;
        int openAt;
        String openReason;
        List<String> openLinks;

        Walker(StyleSheet sheet, Element main, Map<Node, Node> clusters, String location) {
            this.sheet = sheet;
            this.main = main;
            this.clusters = clusters;
            this.location = location;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode t) {
                String s = t.text();
                if (!s.isBlank()) {
                    sb.append(s.strip());
                }
            } else if (node instanceof Element e && (e.isBlock() || e.nameIs("br"))) {
                newline();
            }
            if (node == main) {
                mainStart = sb.length();
            }
            if (closeOn == null && clusters.containsKey(node)) {
                open(clusters.get(node), "marker-cluster", clusterLinks(node, clusters.get(node)));
            }
            if (node instanceof Element e) {
                Paint parent = e.parent() == null ? DEFAULT_PAINT : paints.getOrDefault(e.parent(), DEFAULT_PAINT);
                Map<String, String> style = sheet.computed(e);
                Paint paint = paint(parent, style);
                paints.put(e, paint);
                if (closeOn == null) {
                    boolean setsPaint = style.containsKey("color") || style.containsKey("background")
                            || style.containsKey("background-color");
                    String reason = hiddenReason(e, style, paint, setsPaint);
                    if (reason != null) {
                        open(e, reason, links(List.of(e)));
                    }
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (node == closeOn) {
                Set<String> external = new LinkedHashSet<>();
                for (String l : openLinks) {
                    if (LinkLocality.isExternal(location, l)) {
                        external.add(l);
                    }
                }
                ranges.add(new HiddenRange(openAt, sb.length(), openReason, openLinks, List.copyOf(external)));
                closeOn = null;
            }
            if (node == main) {
                mainEnd = sb.length();
            }
            if (node instanceof Element e) {
                paints.remove(e); // keep only the path being walked
                if (e.isBlock()) {
                    newline();
                }
            }
        }

        private void open(Node closeOn, String reason, List<String> links) {
            this.closeOn = closeOn;
            this.openAt = sb.length();
            this.openReason = reason;
            this.openLinks = links;
        }

        private void newline() {
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
        }

        private static Paint paint(Paint parent, Map<String, String> style) {
            int[] color = parent.color();
            String c = style.get("color");
            if (c != null) {
                int[] parsed = StyleSheet.color(c);
                color = parsed == null || parsed == StyleSheet.TRANSPARENT ? null : parsed;
            }
            int[] background = parent.background();
            String b = style.containsKey("background-color") ? style.get("background-color") : style.get("background");
            if (b != null) {
                int[] parsed = StyleSheet.color(b);
                if (parsed == null) {
                    // An image or gradient without a readable colour: what lies under the text is unknown.
                    background = b.contains("url(") || b.contains("gradient") ? null : background;
                } else if (parsed != StyleSheet.TRANSPARENT) {
                    background = parsed;
                }
            }
            return new Paint(color, background);
        }

        private List<String> clusterLinks(Node first, Node last) {
            List<Element> elements = new ArrayList<>();
            Node n = first;
            while (n != null) {
                if (n instanceof Element e) {
                    elements.add(e);
                }
                if (n == last) {
                    break;
                }
                n = n.nextSibling();
            }
            return links(elements);
        }

        private static List<String> links(List<Element> elements) {
            Set<String> out = new LinkedHashSet<>();
            for (Element root : elements) {
                for (Element a : root.select("a[href], area[href]")) {
                    String link = DocumentTextExtractor.normalizeLink(a.absUrl("href"));
                    if (link != null) {
                        out.add(link);
                        if (out.size() >= DocumentTextExtractor.MAX_LINKS) {
                            return List.copyOf(out);
                        }
                    }
                }
            }
            return List.copyOf(out);
        }
    }
}
