package cn.shencha.readers.extract;

import cn.shencha.rules.HiddenRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Static decoding of the scripts injected spam hides behind; nothing is executed. */
class ScriptDecoderTest {

    private static final String SPAM = "<a href=\"http://www.yl2288-vip.com/\">线上娱乐</a>";

    @Test
    void writesOfStringLiteralsAndConcatenations() {
        ScriptDecoder.Decoded d = ScriptDecoder.decode("var a = '<div>'; a += '你好';\ndocument.write(a + '</div>');"
                + " document.writeln(\"<p>\" + unknownVariable + \"尾</p>\");");
        assertThat(d.html()).isEqualTo("<div>你好</div><p>尾</p>\n");
        assertThat(d.obfuscated()).isFalse();
    }

    @Test
    void unescapeOfPercentUAndPercentXX() {
        StringBuilder enc = new StringBuilder();
        for (char c : SPAM.toCharArray()) {
            enc.append(c < 128 ? String.format("%%%02X", (int) c) : String.format("%%u%04X", (int) c));
        }
        ScriptDecoder.Decoded d = ScriptDecoder.decode("document.write(unescape('" + enc + "'));");
        assertThat(d.html()).isEqualTo(SPAM);
        assertThat(d.obfuscated()).isTrue();
    }

    @Test
    void fromCharCodeEvalAtobAndArrayTricks() {
        StringBuilder codes = new StringBuilder();
        String inner = "document.write('" + SPAM + "')";
        for (int i = 0; i < inner.length(); i++) {
            codes.append(i == 0 ? "" : ",").append((int) inner.charAt(i));
        }
        assertThat(ScriptDecoder.decode("eval(String.fromCharCode(" + codes + "));").html()).isEqualTo(SPAM);

        String b64 = Base64.getEncoder().encodeToString(inner.getBytes(StandardCharsets.UTF_8));
        assertThat(ScriptDecoder.decode("window.eval(decodeURIComponent(escape(atob('" + b64 + "'))));").html()).isEqualTo(SPAM);

        assertThat(ScriptDecoder.decode("document.write(['<a href=\"http://x.example/\">', '博彩', '</a>'].join(''));").html())
                .isEqualTo("<a href=\"http://x.example/\">博彩</a>");
        assertThat(ScriptDecoder.decode("var _c = ['%3Ca%3E', '%u535A%u5F69']; eval(\"document.write(unescape(_c.join('')))\");")
                .html()).as("eval'd code sees the caller's variables").isEqualTo("<a>博彩");
        assertThat(ScriptDecoder.decode("document.write('>a/<彩博'.split('').reverse().join(''));").html())
                .isEqualTo("博彩</a>");
        assertThat(ScriptDecoder.decode("document.getElementById('x').innerHTML = '\\x3ca href=\\u0022http://y.example/\\u0022\\x3e';")
                .html()).isEqualTo("<a href=\"http://y.example/\">");
    }

    @Test
    void redirectsOnTheReferrerAreNoticed() {
        ScriptDecoder.Decoded d = ScriptDecoder.decode("""
                var s = document.referrer; // from a search engine?
                if (s.indexOf("baidu") > 0 || s.indexOf("sogou") > 0) {
                    window.location.href = "http://" + "www.yl2288-vip.com/";
                }
                """);
        assertThat(d.readsReferrer()).isTrue();
        assertThat(d.redirects()).containsExactly("http://www.yl2288-vip.com/");
        ScriptDecoder.Decoded plain = ScriptDecoder.decode("location.replace('/index.shtml');");
        assertThat(plain.readsReferrer()).isFalse();
        assertThat(plain.redirects()).containsExactly("/index.shtml");
    }

    @Test
    void ordinaryScriptsDecodeToNothing() {
        assertThat(ScriptDecoder.decode("""
                var d = new Date(); var y = d.getFullYear();
                function show(id) { var e = document.getElementById(id); e.style.display = e.style.display == 'none' ? '' : 'none'; }
                $(function(){ $('.nav li').hover(function(){ $(this).addClass('on'); }); });
                var re = /"document.write('x')"/g;
                """).isEmpty()).isTrue();
    }

    @Test
    void hostileScriptsStayBounded() {
        String deep = "(".repeat(100_000) + "'x'" + ")".repeat(100_000);
        assertThat(ScriptDecoder.decode("document.write(" + deep + ");").html().length()).isLessThanOrEqualTo(1);
        ScriptDecoder.decode("document.write(String.fromCharCode(" + "(".repeat(100_000) + "65" + ")".repeat(100_000) + "));");
        String selfEval = "eval(\"eval(\\\"eval(\\\\\\\"eval('document.write(1)')\\\\\\\")\\\")\")";
        ScriptDecoder.decode(selfEval);   // bounded depth: returns
        String huge = "document.write('" + "甲".repeat(2_000_000) + "');";
        assertThat(ScriptDecoder.decode(huge).html().length()).isLessThanOrEqualTo(ScriptDecoder.MAX_OUTPUT);
        assertThat(ScriptDecoder.decode("document.write(unescape('%u12'));document.write('\\u{110000}');").html()).isNotNull();
        assertThat(ScriptDecoder.decode("'unterminated\ndocument.write(`a${b}c`)").html()).isEqualTo("ac");
    }

    @Test
    void anExtractedPageCarriesWhatItsScriptsWriteAsHiddenRanges() throws Exception {
        StringBuilder enc = new StringBuilder();
        String injected = "<div>" + SPAM + " <a href=\"http://www.ty-kaihu88.net/\">体育开户</a></div>";
        for (char c : injected.toCharArray()) {
            enc.append(c < 128 ? String.format("%%%02X", (int) c) : String.format("%%u%04X", (int) c));
        }
        String html = "<html><head><title>通知</title><script src=\"/js/common.js\"></script>"
                + "<script src=\"http://cdn.other.com/lib.js\"></script></head><body><div class=\"article\"><p>区政府召开常务会议。</p></div>"
                + "<script>eval(unescape('document.write%28unescape%28%22" + enc.toString().replace("%", "%25") + "%22%29%29'));</script>"
                + "<script>if (document.referrer.indexOf('baidu') >= 0) { top.location = 'http://www.yl2288-vip.com/in'; }</script>"
                + "</body></html>";
        ExtractedDocument doc = new DocumentTextExtractor().extract(html.getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8", "http://www.yunchuan.gov.cn/tzgg/1.html");
        assertThat(doc.mainText()).isEqualTo("区政府召开常务会议。");
        assertThat(doc.scriptSources()).containsExactly("http://www.yunchuan.gov.cn/js/common.js");
        HiddenRange written = doc.hidden().stream().filter(r -> r.reason().equals("script-written")).findFirst().orElseThrow();
        assertThat(doc.text().substring(written.start(), written.end())).isEqualTo("线上娱乐体育开户");
        assertThat(written.externalLinks()).containsExactly("http://www.yl2288-vip.com/", "http://www.ty-kaihu88.net/");
        HiddenRange redirect = doc.hidden().stream().filter(r -> r.reason().equals("referrer-redirect")).findFirst().orElseThrow();
        assertThat(redirect.externalLinks()).containsExactly("http://www.yl2288-vip.com/in");
        assertThat(doc.links()).contains("http://www.ty-kaihu88.net/");
    }

    /** The 70 KB page of issue 15: a string doubled to a million characters, then 5,000 variables of twice that. */
    static String scriptBomb() {
        StringBuilder js = new StringBuilder("document.write('<p>写入的正文</p>');var a='" + "x".repeat(64) + "';");
        for (int i = 0; i < 14; i++) {
            js.append("a=a+a;");
        }
        for (int i = 0; i < 5_000; i++) {
            js.append("var v").append(i).append("=a+a;");
        }
        js.append("document.write('<p>末尾</p>');");
        return js.toString();
    }

    @Test
    void aScriptOverThePageBudgetStopsThereKeepingWhatItWroteAndSayingWhy() {
        ScriptDecoder.Budget budget = new ScriptDecoder.Budget();
        ScriptDecoder.Decoded d = ScriptDecoder.decode(scriptBomb(), budget);
        assertThat(d.html()).isEqualTo("<p>写入的正文</p>");
        assertThat(d.complete()).isFalse();
        assertThat(d.incompleteReason()).startsWith("script decoding stopped");
        assertThat(budget.held()).isZero(); // the script's variables are released once it is decoded
        // The page's budget is spent: its next script decodes nothing, and says so.
        ScriptDecoder.Decoded next = ScriptDecoder.decode("document.write('<b>more</b>')", budget);
        assertThat(next.html()).isEmpty();
        assertThat(next.incompleteReason()).isEqualTo(d.incompleteReason());
        // An ordinary script is within a budget of its own.
        assertThat(ScriptDecoder.decode("var s='<i>'+'a'+'</i>';document.write(s)").complete()).isTrue();
    }

    @Test
    void eachKindOfBudgetStopsDecoding() {
        String doubling = "var a='" + "y".repeat(1000) + "';var b=a+a;var c=b+b;var d=c+c;var e=d+d;";
        assertThat(ScriptDecoder.decode(doubling, new ScriptDecoder.Budget(10_000, 1_000_000, 1_000_000))
                .incompleteReason()).contains("hold more than 10000 characters");
        String produce = "var a='" + "y".repeat(1000) + "';" + "document.write(a+a);".repeat(100);
        assertThat(ScriptDecoder.decode(produce, new ScriptDecoder.Budget(1_000_000, 50_000, 1_000_000))
                .incompleteReason()).contains("produced more than 50000 characters");
        assertThat(ScriptDecoder.decode("x;".repeat(10_000), new ScriptDecoder.Budget(1_000_000, 1_000_000, 1_000))
                .incompleteReason()).contains("more than 1000 evaluation steps");
        assertThat(ScriptDecoder.decode(doubling + produce + "x;".repeat(10_000)).complete()).isTrue();
    }

    @Test
    void aPageWithAScriptBombIsExtractedAsPartlyDecoded() throws Exception {
        String html = "<html><head><title>通知</title></head><body><div class=\"article\"><p>区政府召开常务会议。</p></div>"
                + "<script>" + scriptBomb() + "</script></body></html>";
        assertThat(html.length()).isLessThan(100_000);
        ExtractedDocument doc = new DocumentTextExtractor().extract(html.getBytes(StandardCharsets.UTF_8),
                "text/html; charset=utf-8", "http://www.yunchuan.gov.cn/tzgg/bomb.html");
        assertThat(doc.mainText()).isEqualTo("区政府召开常务会议。");
        assertThat(doc.partial()).isTrue();
        assertThat(doc.partialReason()).startsWith("script decoding stopped");
        assertThat(doc.text()).contains("写入的正文");
    }

    @Test
    // A hang guard, not a measurement: uncharged, these writes take many minutes.
    @org.junit.jupiter.api.Timeout(value = 300, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void writingABigValueOverAndOverIsChargedToo() {
        String big = "var a='" + "x".repeat(1000) + "';" + "a=a+a;".repeat(10);
        String list = "var b='" + "x".repeat(1000) + "';" + "b=b+b;".repeat(7) + "var l=b.split('');";
        long started = System.nanoTime();
        ScriptDecoder.Decoded strings = ScriptDecoder.decode(big + "document.write(a);".repeat(50_000));
        ScriptDecoder.Decoded lists = ScriptDecoder.decode(list + "document.write(l);".repeat(50_000));
        System.out.printf("writes of a big value decoded in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(strings.incompleteReason()).contains("produced more than");
        assertThat(lists.incompleteReason()).contains("produced more than");
    }
}
