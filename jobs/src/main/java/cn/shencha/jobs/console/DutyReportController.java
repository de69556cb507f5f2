package cn.shencha.jobs.console;

import cn.shencha.jobs.duty.DutyException;
import cn.shencha.jobs.duty.DutyReadings;
import cn.shencha.jobs.duty.Reading;
import cn.shencha.jobs.report.ArchivedReport;
import cn.shencha.jobs.report.ReportArchive;
import cn.shencha.jobs.review.AuditTrail;
import cn.shencha.jobs.review.ConsoleUser;
import cn.shencha.jobs.review.ReviewException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/** The leaders' 周报 page (generated weekly reports) and the duty staff's 值班读网 page (today's three readings). */
@Controller
@ConditionalOnWebApplication
public class DutyReportController {

    private final ReportArchive reports;
    private final DutyReadings readings;
    private final AuditTrail trail;
    private final CurrentUser current;

    DutyReportController(ReportArchive reports, DutyReadings readings, AuditTrail trail, CurrentUser current) {
        this.reports = reports;
        this.readings = readings;
        this.trail = trail;
        this.current = current;
    }

    @GetMapping("/reports")
    String reports(Model model) {
        ConsoleUser me = current.get();
        List<ArchivedReport> list = reports.list(200).stream().filter(r -> visible(me, r)).toList();
        model.addAttribute("title", "周报");
        model.addAttribute("reports", list);
        return "reports";
    }

    @GetMapping("/reports/{id}/download")
    ResponseEntity<FileSystemResource> download(@PathVariable long id) {
        ConsoleUser me = current.get();
        ArchivedReport r = reports.find(id).filter(x -> visible(me, x))
                .orElseThrow(() -> new ReviewException(ReviewException.Kind.NOT_FOUND, "周报不存在"));
        if (!Files.isRegularFile(r.file())) {
            throw new ReviewException(ReviewException.Kind.NOT_FOUND, "周报文件已不在存档目录中");
        }
        String name = "保密审查周报_" + r.week() + "_" + r.unitName() + "." + r.format().toLowerCase();
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .contentType("PDF".equals(r.format()) ? MediaType.APPLICATION_PDF
                        : MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .body(new FileSystemResource(r.file()));
    }

    /** Unit-bound users see the district's reports and their own unit's. */
    private static boolean visible(ConsoleUser me, ArchivedReport r) {
        return r.unitId() == null || me.canSeeUnit(r.unitId());
    }

    @GetMapping("/readings")
    String readings(Model model) {
        model.addAttribute("title", "值班读网");
        model.addAttribute("readings", readings.today());
        return "readings";
    }

    @PostMapping("/readings/{id}/confirm")
    String confirm(@PathVariable long id, @RequestParam(defaultValue = "") String remark, RedirectAttributes redirect) {
        ConsoleUser me = current.get();
        DutyReadings.Capacity capacity;
        try {
            capacity = readings.mayConfirm(id, me.username(), me.displayName(), me.has(cn.shencha.jobs.review.Role.ADMIN));
        } catch (DutyException e) {
            throw new ReviewException(ReviewException.Kind.FORBIDDEN, e.getMessage());
        }
        try {
            Reading r = readings.confirm(id, me.username(), remark);
            trail.append(me.username(), "READING_CONFIRMED", "reading:" + id, r.siteName() + " " + r.date() + " "
                    + r.slot().chineseName() + "; as " + (capacity == DutyReadings.Capacity.ADMINISTRATOR
                    ? "administrator (not the rostered reader)" : "rostered reader") + "; remark: " + r.remark());
            redirect.addFlashAttribute("notice", "已确认 " + r.date() + " " + r.slot().chineseName() + "读网");
        } catch (DutyException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/readings";
    }
}
