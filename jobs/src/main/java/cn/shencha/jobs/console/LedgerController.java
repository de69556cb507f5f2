package cn.shencha.jobs.console;

import cn.shencha.jobs.review.AuditTrail;
import cn.shencha.jobs.review.LedgerFiles;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.LocalDate;
import java.time.ZoneId;

/** The records clerk's ledger page: the approval ledger of a period and unit as Excel or signed PDF. */
@Controller
@ConditionalOnWebApplication
public class LedgerController {

    private final LedgerFiles files;
    private final AuditTrail trail;
    private final CurrentUser current;

    LedgerController(LedgerFiles files, AuditTrail trail, CurrentUser current) {
        this.files = files;
        this.trail = trail;
        this.current = current;
    }

    @GetMapping("/ledgers")
    String page(Model model) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        model.addAttribute("title", "审批台帐");
        model.addAttribute("from", today.withDayOfMonth(1));
        model.addAttribute("to", today);
        return "ledgers";
    }

    @GetMapping("/ledgers/download")
    ResponseEntity<InputStreamResource> download(@RequestParam String from, @RequestParam String to,
                                                @RequestParam(required = false) String unit,
                                                @RequestParam(defaultValue = "pdf") String format)
            throws IOException, GeneralSecurityException {
        LocalDate start;
        LocalDate end;
        try {
            start = LocalDate.parse(from);
            end = LocalDate.parse(to);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("日期格式应为 YYYY-MM-DD");
        }
        LedgerFiles.Format f = LedgerFiles.Format.parse(format);
        Path tmp = Files.createTempFile("shencha-ledger-", "." + f.extension());
        LedgerFiles.Written w;
        InputStream body;
        long length;
        try {
            w = files.write(start, end, unit == null || unit.isBlank() ? null : unit, f, tmp);
            length = Files.size(tmp);
            // the file goes when the response has been sent (or abandoned): the stream deletes it on close
            body = Files.newInputStream(tmp, StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        trail.append(current.get().username(), "LEDGER_DOWNLOADED", "ledger:" + start + ".." + end,
                "unit=" + unit + " format=" + f.extension() + " entries=" + w.entries());
        String name = "领导审批台帐_" + start + "_" + end + (unit == null || unit.isBlank() ? "" : "_" + unit) + "." + f.extension();
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8)
                        .build().toString())
                .contentType(f == LedgerFiles.Format.PDF ? MediaType.APPLICATION_PDF
                        : MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .contentLength(length)
                .body(new InputStreamResource(body));
    }
}
