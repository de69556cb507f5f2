package cn.shencha.jobs.cli;

import cn.shencha.archive.warc.CapturedExchange;
import cn.shencha.archive.warc.WarcCapture;
import cn.shencha.readers.crawl.CrawlScope;
import cn.shencha.readers.crawl.CrawlTrapGuard;
import cn.shencha.readers.crawl.FetchResult;
import cn.shencha.readers.crawl.HttpExchange;
import cn.shencha.readers.crawl.PageFetcher;
import cn.shencha.readers.extract.DocumentTextExtractor;
import cn.shencha.readers.extract.ExtractedDocument;
import cn.shencha.readers.extract.ExtractionException;
import com.sun.net.httpserver.HttpServer;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code shencha bench crawl}: crawl + extract throughput against a generated local portal (politeness off): the
 * crawler's own HTTP client, scope and trap checks, charset decoding, jsoup/Tika extraction with main content, hidden
 * ranges and script decoding, and WARC capture, on a few threads, against a site of realistic Chinese pages (some GBK,
 * some with DOCX/XLSX attachments) served from memory on loopback. A benchmark prints figures; it asserts nothing.
 */
final class CrawlBenchCommand {

    static final String HELP = """
            Usage: shencha bench crawl [--pages N] [--threads N] [--rounds N] [--no-warc]

            Generates a portal of N (default 2,400) article pages in 12 columns (paginated column indexes, navigation,
            breadcrumbs, related links; one page in ten GBK-encoded; one in twenty-five with a DOCX or XLSX attachment)
            from sentences of the corpora, serves it from memory on 127.0.0.1, and crawls it from the home page with
            --threads workers (default 2) and no politeness delay: fetch, scope and spider-trap checks, charset
            decoding, extraction (main content, hidden ranges, scripts; Tika for attachments) and WARC capture of every
            exchange (unless --no-warc). Prints pages/s and MB/s of each round (default 3; the first warms the JIT).
            What it leaves out: the database frontier and snapshots (one transaction per page), the spider view and
            the analysis, which the audit job adds.
            """;

    private CrawlBenchCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Options o = Options.parse("bench crawl", args, Set.of("pages", "threads", "rounds"), Set.of("no-warc", "help"));
        if (o.flag("help")) {
            out.print(HELP);
            return 0;
        }
        int pages = value(o, "pages", 2400);
        int threads = value(o, "threads", 2);
        int rounds = value(o, "rounds", 3);
        boolean warc = !o.flag("no-warc");
        if (pages < 10 || threads < 1 || rounds < 1) {
            throw new UsageException("bench crawl: --pages needs at least 10, --threads and --rounds at least 1");
        }
        err.println("Generating the site ...");
        Site site = Site.generate(pages, SearchBenchCommand.sentences());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        ExecutorService serverThreads = Executors.newFixedThreadPool(Math.max(2, threads), r -> {
            Thread t = new Thread(r, "bench-site");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            try (exchange) {
                Site.Resource r = site.resources.get(exchange.getRequestURI().getPath());
                if (r == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", r.contentType());
                exchange.sendResponseHeaders(200, r.body().length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(r.body());
                }
            }
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        out.printf(Locale.ROOT, "site: %,d resources (%,d article pages, %,d column index pages, %,d attachments), %.1f MB"
                        + " (%.1f KB each on average), on %s%n", site.resources.size(), site.articles, site.indexes,
                site.attachments, site.bytes / 1e6, site.bytes / 1e3 / site.resources.size(), base);
        out.printf(Locale.ROOT, "crawler: %d threads, politeness off, WARC %s; machine: %d cores%n", threads,
                warc ? "on" : "off", Runtime.getRuntime().availableProcessors());
        try {
            for (int round = 1; round <= rounds; round++) {
                Path warcDir = Files.createTempDirectory("shencha-bench-warc-");
                try {
                    Result r = crawl(base, threads, warc ? warcDir : null);
                    out.printf(Locale.ROOT, "round %d%s: %,d fetched (%,d failed) in %.2f s = %,.0f pages/s, %.1f MB/s"
                                    + " (%.1f MB bodies, %.1f M chars extracted%s)%n",
                            round, round == 1 && rounds > 1 ? " (warm-up)" : "", r.pages, r.failed, r.seconds,
                            r.pages / r.seconds, r.bytes / 1e6 / r.seconds, r.bytes / 1e6, r.chars / 1e6,
                            warc ? String.format(Locale.ROOT, "; WARC %.1f MB", r.warcBytes / 1e6) : "");
                } finally {
                    BenchDirectories.delete(warcDir);
                }
            }
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
        return 0;
    }

    private record Result(int pages, int failed, long bytes, long chars, long warcBytes, double seconds) {
    }

    private static Result crawl(URI base, int threads, Path warcDir) throws Exception {
        CrawlScope scope = CrawlScope.ofStartUrl(base, true);
        CrawlTrapGuard guard = new CrawlTrapGuard(new CrawlTrapGuard.Limits(2000, 2, 100_000, 50));
        PageFetcher fetcher = new PageFetcher(new PageFetcher.Settings("ShenchaBot/bench", Duration.ofSeconds(10),
                Duration.ofSeconds(30), 50L * 1024 * 1024, 5));
        DocumentTextExtractor extractor = new DocumentTextExtractor();
        WarcCapture capture = warcDir == null ? null : new WarcCapture(warcDir, "bench", 1,
                new WarcCapture.Settings(1L << 30, "Shencha bench", "bench", null));
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger pages = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        AtomicLong chars = new AtomicLong();
        String start = base.toString();
        seen.add(start);
        guard.admit(base);
        inFlight.incrementAndGet();
        queue.add(start);
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            futures.add(workers.submit(() -> {
                while (true) {
                    String url = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (url == null) {
                        if (inFlight.get() == 0) {
                            return null;
                        }
                        continue;
                    }
                    try {
                        URI uri = URI.create(url);
                        FetchResult result = fetcher.fetch(uri, scope, null, null);
                        if (capture != null) {
                            for (HttpExchange e : result.exchanges()) {
                                capture.write(new CapturedExchange(e.uri(), e.address(), e.date(), e.request(),
                                        e.responseHead(), e.responseBody(), e.truncated(), e.payloadSha1()));
                            }
                        }
                        if (!result.ok()) {
                            failed.incrementAndGet();
                            continue;
                        }
                        pages.incrementAndGet();
                        bytes.addAndGet(result.body().length);
                        ExtractedDocument doc;
                        try {
                            doc = extractor.extract(result.body(), result.contentType(), result.finalUri().toString());
                        } catch (ExtractionException e) {
                            failed.incrementAndGet();
                            continue;
                        }
                        chars.addAndGet(doc.text().length());
                        for (String link : doc.links()) {
                            String canonical = CrawlTrapGuard.canonical(link);
                            URI target;
                            try {
                                target = URI.create(canonical);
                            } catch (IllegalArgumentException e) {
                                continue;
                            }
                            if (scope.checkSyntax(target) != CrawlScope.Verdict.IN_SCOPE || !seen.add(canonical)) {
                                continue;
                            }
                            synchronized (guard) {
                                if (guard.check(target) != CrawlTrapGuard.Verdict.ADMIT) {
                                    continue;
                                }
                                guard.admit(target);
                            }
                            inFlight.incrementAndGet();
                            queue.add(canonical);
                        }
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
            }));
        }
        for (var f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        workers.shutdown();
        long warcBytes = 0;
        if (capture != null) {
            capture.close();
            try (Stream<Path> files = Files.walk(warcDir)) {
                warcBytes = files.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum();
            }
        }
        return new Result(pages.get(), failed.get(), bytes.get(), chars.get(), warcBytes, seconds);
    }


    private static int value(Options o, String name, int fallback) {
        Integer v = o.intValue("bench crawl", name);
        return v == null ? fallback : v;
    }

    /** The generated portal: every resource rendered once, served from memory. */
    static final class Site {

        record Resource(byte[] body, String contentType) {
        }

        static final String[] COLUMNS = {"政务动态", "部门动态", "乡镇动态", "通知公告", "政策文件", "政策解读", "人事信息",
                "财政信息", "规划计划", "统计数据", "公示公告", "便民服务"};
        static final int PER_INDEX_PAGE = 40;

        final Map<String, Resource> resources = new HashMap<>();
        int articles;
        int indexes;
        int attachments;
        long bytes;

        static Site generate(int articleCount, List<String> sentences) throws IOException {
            Site site = new Site();
            Random random = new Random(20261125);
            int columns = COLUMNS.length;
            List<List<String[]>> byColumn = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                byColumn.add(new ArrayList<>());
            }
            byte[][] docxs = new byte[2][];
            byte[][] xlsxs = new byte[2][];
            for (int k = 0; k < 2; k++) {
                docxs[k] = docx(sentences, random);
                xlsxs[k] = xlsx(sentences, random);
            }
            LocalDate day = LocalDate.of(2026, 11, 24);
            for (int i = 0; i < articleCount; i++) {
                int c = i % columns;
                String path = "/col" + c + "/2026/" + String.format("%05d", i) + ".html";
                String title = title(sentences.get(random.nextInt(sentences.size())));
                String date = day.minusDays(i / 20).toString();
                byColumn.get(c).add(new String[]{path, title, date});
            }
            for (int c = 0; c < columns; c++) {
                List<String[]> items = byColumn.get(c);
                for (int i = 0; i < items.size(); i++) {
                    String[] item = items.get(i);
                    StringBuilder body = new StringBuilder();
                    body.append("<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/col").append(c)
                            .append("/index.html\">").append(COLUMNS[c]).append("</a> &gt; 正文</div>");
                    body.append("<div class=\"article\"><h1>").append(item[1]).append("</h1><div class=\"info\">发布时间：")
                            .append(item[2]).append("　来源：").append(COLUMNS[c]).append("</div><div class=\"content\">");
                    int paragraphs = 4 + random.nextInt(8);
                    for (int p = 0; p < paragraphs; p++) {
                        body.append("<p>");
                        int n = 2 + random.nextInt(4);
                        for (int s = 0; s < n; s++) {
                            body.append(escape(sentences.get(random.nextInt(sentences.size()))));
                        }
                        body.append("</p>");
                    }
                    int index = c * 100_000 + i;
                    if (index % 25 == 7) {
                        boolean word = (index / 25) % 2 == 0;
                        String attach = "/attach/" + c + "-" + i + (word ? ".docx" : ".xlsx");
                        site.put(attach, word ? docxs[i % 2] : xlsxs[i % 2], word
                                ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                                : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                        site.attachments++;
                        body.append("<p class=\"attach\">附件：<a href=\"").append(attach).append("\">").append(item[1])
                                .append(word ? ".docx" : ".xlsx").append("</a></p>");
                    }
                    body.append("</div></div><div class=\"related\"><h3>相关信息</h3><ul>");
                    for (int r = 1; r <= 5; r++) {
                        String[] other = items.get((i + r * 7) % items.size());
                        body.append("<li><a href=\"").append(other[0]).append("\">").append(other[1]).append("</a></li>");
                    }
                    body.append("</ul></div>");
                    boolean gbk = i % 10 == 3;
                    site.page(item[0], item[1] + "_测试区人民政府", body.toString(), gbk);
                    site.articles++;
                }
                int pagesOfIndex = (items.size() + PER_INDEX_PAGE - 1) / PER_INDEX_PAGE;
                for (int p = 0; p < Math.max(1, pagesOfIndex); p++) {
                    StringBuilder body = new StringBuilder("<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; ")
                            .append(COLUMNS[c]).append("</div><ul class=\"list\">");
                    for (String[] item : items.subList(p * PER_INDEX_PAGE, Math.min(items.size(), (p + 1) * PER_INDEX_PAGE))) {
                        body.append("<li><a href=\"").append(item[0]).append("\">").append(item[1])
                                .append("</a><span class=\"date\">").append(item[2]).append("</span></li>");
                    }
                    body.append("</ul><div class=\"pages\">");
                    for (int q = 0; q < pagesOfIndex; q++) {
                        body.append("<a href=\"/col").append(c).append(q == 0 ? "/index.html" : "/index_" + q + ".html")
                                .append("\">").append(q + 1).append("</a> ");
                    }
                    body.append("</div>");
                    site.page("/col" + c + (p == 0 ? "/index.html" : "/index_" + p + ".html"), COLUMNS[c] + "_测试区人民政府",
                            body.toString(), false);
                    site.indexes++;
                }
            }
            StringBuilder home = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                home.append("<div class=\"box\"><h2>").append(COLUMNS[c]).append("<a href=\"/col").append(c)
                        .append("/index.html\">更多</a></h2><ul>");
                for (String[] item : byColumn.get(c).subList(0, Math.min(6, byColumn.get(c).size()))) {
                    home.append("<li><a href=\"").append(item[0]).append("\">").append(item[1]).append("</a><span>")
                            .append(item[2], 5, 10).append("</span></li>");
                }
                home.append("</ul></div>");
            }
            site.page("/", "测试区人民政府门户网站", home.toString(), false);
            site.page("/index.html", "测试区人民政府门户网站", home.toString(), false);
            return site;
        }

        private void page(String path, String title, String body, boolean gbk) {
            StringBuilder nav = new StringBuilder("<div class=\"nav\"><ul><li><a href=\"/index.html\">首页</a></li>");
            for (int c = 0; c < COLUMNS.length; c++) {
                nav.append("<li><a href=\"/col").append(c).append("/index.html\">").append(COLUMNS[c]).append("</a></li>");
            }
            nav.append("</ul></div>");
            String charset = gbk ? "gbk" : "utf-8";
            String html = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"" + charset + "\"><title>" + title
                    + "</title><meta name=\"SiteName\" content=\"测试区人民政府\"><style>body{font-size:14px}"
                    + ".skip{position:absolute;left:-9999px}.nav li{display:inline}</style>"
                    + "<script>var _hmt = _hmt || []; document.write('<span class=\"stat\"></span>');</script></head>"
                    + "<body><a class=\"skip\" href=\"#main\">跳到主要内容</a><div class=\"header\"><h1>测试区人民政府</h1></div>"
                    + nav + "<div class=\"main\" id=\"main\">" + body + "</div><div class=\"footer\"><p>主办单位：测试区人民政府办公室"
                    + "　地址：测试区政通路88号　联系电话：0871-63121035</p><p>网站标识码：5301020001　滇ICP备05012736号-1</p></div>"
                    + "</body></html>";
            put(path, html.getBytes(gbk ? Charset.forName("GBK") : StandardCharsets.UTF_8), gbk ? "text/html" : "text/html; charset=utf-8");
        }

        private void put(String path, byte[] body, String type) {
            resources.put(path, new Resource(body, type));
            bytes += body.length;
        }

        private static String title(String sentence) {
            String t = sentence.replaceAll("[。！？；\\s]+$", "");
            return escape(t.length() > 28 ? t.substring(0, 28) : t);
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }

        private static byte[] docx(List<String> sentences, Random random) throws IOException {
            try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                for (int i = 0; i < 30; i++) {
                    doc.createParagraph().createRun().setText(sentences.get(random.nextInt(sentences.size())));
                }
                doc.write(out);
                return out.toByteArray();
            }
        }

        private static byte[] xlsx(List<String> sentences, Random random) throws IOException {
            try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                var sheet = book.createSheet("统计表");
                for (int r = 0; r < 60; r++) {
                    var row = sheet.createRow(r);
                    row.createCell(0).setCellValue(title(sentences.get(random.nextInt(sentences.size()))));
                    row.createCell(1).setCellValue(random.nextInt(100_000) / 10.0);
                    row.createCell(2).setCellValue(random.nextInt(100) + "%");
                }
                book.write(out);
                return out.toByteArray();
            }
        }
    }
}
