package cn.shencha.jobs.console;

import cn.shencha.jobs.review.ConsoleUser;
import cn.shencha.jobs.review.Decision;
import cn.shencha.jobs.review.Drafts;
import cn.shencha.jobs.review.ReviewException;
import cn.shencha.jobs.review.ReviewTask;
import cn.shencha.jobs.review.ReviewWorkflow;
import cn.shencha.rules.Category;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The reviewers' pages: queue, item lists, the item page with its findings, decisions, archived copies, drafts. */
@Controller
@ConditionalOnWebApplication
public class ReviewController {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    /** A finding as the item page lists it. */
    public record FindingView(int number, String category, String categoryName, String rule, String severity,
                              String evidence, String explanation) {
    }

    private final ReviewWorkflow workflow;
    private final Drafts drafts;
    private final CurrentUser current;
    private final JdbcTemplate jdbc;

    ReviewController(ReviewWorkflow workflow, Drafts drafts, CurrentUser current, JdbcTemplate jdbc) {
        this.workflow = workflow;
        this.drafts = drafts;
        this.current = current;
        this.jdbc = jdbc;
    }

    @GetMapping("/")
    String home() {
        return "redirect:" + ConsoleWebConfiguration.home(current.get());
    }

    @GetMapping("/queue")
    String queue(@RequestParam(required = false) String unit, Model model) {
        ConsoleUser me = current.get();
        model.addAttribute("tasks", workflow.queue(me, unit));
        model.addAttribute("unit", unit);
        model.addAttribute("openByUnit", workflow.openByUnit(me));
        model.addAttribute("now", Instant.now());
        return list(model, "我的待审", "等待您审核的事项（按办理时限排序）", "/queue");
    }

    @GetMapping("/items")
    String items(@RequestParam(required = false) String unit, @RequestParam(defaultValue = "false") boolean open, Model model) {
        ConsoleUser me = current.get();
        model.addAttribute("tasks", workflow.tasks(me, unit, open, false, 500));
        model.addAttribute("unit", unit);
        model.addAttribute("openOnly", open);
        model.addAttribute("openByUnit", workflow.openByUnit(me));
        model.addAttribute("now", Instant.now());
        return list(model, "审核事项", "您有权查看的全部事项", "/items");
    }

    @GetMapping("/overdue")
    String overdue(@RequestParam(required = false) String unit, Model model) {
        ConsoleUser me = current.get();
        model.addAttribute("tasks", workflow.tasks(me, unit, true, true, 500));
        model.addAttribute("unit", unit);
        model.addAttribute("openByUnit", workflow.openByUnit(me));
        model.addAttribute("now", Instant.now());
        return list(model, "超期事项", "超过办理时限仍未办结的事项（保密审核时间计入信息公开总时限）", "/overdue");
    }

    private static String list(Model model, String title, String hint, String action) {
        model.addAttribute("title", title);
        model.addAttribute("hint", hint);
        model.addAttribute("action", action);
        return "tasks";
    }

    @GetMapping("/items/{id}")
    String item(@PathVariable String id, Model model) {
        ReviewTask task = workflow.task(current.get(), checked(id));
        Map<String, Object> snapshot = snapshot(task.snapshotId());
        String text = (String) snapshot.get("text");
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT category, rule_id, start_offset, end_offset, evidence,"
                + " severity, explanation FROM finding WHERE snapshot_id = ? ORDER BY start_offset, id", task.snapshotId());
        List<Highlights.Span> spans = rows.stream().map(r -> new Highlights.Span(((Number) r.get("start_offset")).intValue(),
                ((Number) r.get("end_offset")).intValue(), (String) r.get("category"))).toList();
        List<FindingView> findings = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> r = rows.get(i);
            String category = (String) r.get("category");
            findings.add(new FindingView(i + 1, category, categoryName(category), (String) r.get("rule_id"),
                    (String) r.get("severity"), (String) r.get("evidence"), (String) r.get("explanation")));
        }
        ConsoleUser me = current.get();
        model.addAttribute("task", task);
        model.addAttribute("snapshot", snapshot);
        model.addAttribute("pieces", Highlights.pieces(text, spans));
        model.addAttribute("findings", findings);
        model.addAttribute("decisions", workflow.decisions(task.id()));
        model.addAttribute("allowed", workflow.allowedDecisions(me, task));
        model.addAttribute("ledgerNumber", workflow.ledgerNumber(task.id()).orElse(null));
        model.addAttribute("now", Instant.now());
        model.addAttribute("title", "审核事项");
        return "item";
    }

    @PostMapping("/items/{id}/decision")
    String decide(@PathVariable String id, @RequestParam String decision, @RequestParam(defaultValue = "") String opinion,
                  @RequestParam int version, RedirectAttributes redirect) {
        Decision d;
        try {
            d = Decision.valueOf(decision);
        } catch (IllegalArgumentException e) {
            throw new ReviewException(ReviewException.Kind.INVALID, "未知的审核决定");
        }
        ReviewTask after = workflow.decide(current.get(), checked(id), d, opinion, version);
        redirect.addFlashAttribute("notice", "已" + d.chineseName() + "：" + after.stateName());
        return "redirect:/items/" + after.id();
    }

    /** The archived copy of a snapshot as text (never as markup): what the page said when it was fetched. */
    @GetMapping("/snapshots/{id}")
    String snapshotPage(@PathVariable String id, Model model) {
        String snapshotId = checked(id);
        Map<String, Object> snapshot = snapshot(snapshotId);
        String unit = jdbc.queryForList("SELECT unit_id FROM review_task WHERE snapshot_id = ?", String.class, snapshotId)
                .stream().findFirst().orElse(null);
        ConsoleUser me = current.get();
        if (unit != null && !me.canSeeUnit(unit) || unit == null && !me.seesAllUnits()) {
            throw new ReviewException(ReviewException.Kind.NOT_FOUND, "存档不存在");
        }
        model.addAttribute("snapshot", snapshot);
        model.addAttribute("title", "存档快照");
        return "snapshot";
    }

    @GetMapping("/drafts/new")
    String draftForm(Model model) {
        model.addAttribute("title", "提交送审稿");
        return "draft";
    }

    @PostMapping("/drafts")
    String submitDraft(@RequestParam(defaultValue = "") String title, @RequestParam("file") MultipartFile file,
                       RedirectAttributes redirect) throws IOException {
        String taskId = drafts.submit(current.get(), title, file.getOriginalFilename(), file.getBytes());
        redirect.addFlashAttribute("notice", "送审稿已提交，进入一级审核");
        return "redirect:/items/" + taskId;
    }

    private Map<String, Object> snapshot(String snapshotId) {
        try {
            return jdbc.queryForMap("SELECT s.id, s.title, s.text, s.fetched_at, s.http_status, s.content_type, s.charset,"
                    + " s.bytes, s.body_sha256, s.main_start, s.main_end, s.analysis_incomplete, p.url"
                    + " FROM snapshot s JOIN page p ON p.id = s.page_id"
                    + " WHERE s.id = ?", snapshotId);
        } catch (EmptyResultDataAccessException e) {
            throw new ReviewException(ReviewException.Kind.NOT_FOUND, "存档不存在");
        }
    }

    static String checked(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ReviewException(ReviewException.Kind.NOT_FOUND, "事项不存在");
        }
        return id;
    }

    static String categoryName(String code) {
        try {
            return Category.valueOf(code).chineseName();
        } catch (IllegalArgumentException e) {
            return code;
        }
    }
}
