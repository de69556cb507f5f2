package cn.shencha.jobs.console;

import cn.shencha.archive.bag.PackageVerifier;
import cn.shencha.jobs.archive.ArchivePackages;
import cn.shencha.jobs.review.AuditTrail;
import cn.shencha.jobs.review.ReviewException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The records clerk's 档案 page: the archival packages with their verification state, a package as a zip of its bag
 * (streamed), and re-verification (POST with the CSRF token), recorded in the trail.
 */
@Controller
@ConditionalOnWebApplication
public class ArchiveController {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ArchiveController.class);

    private final ArchivePackages packages;
    private final AuditTrail trail;
    private final CurrentUser current;

    ArchiveController(ArchivePackages packages, AuditTrail trail, CurrentUser current) {
        this.packages = packages;
        this.trail = trail;
        this.current = current;
    }

    @GetMapping("/archives")
    String page(Model model) {
        model.addAttribute("title", "档案");
        model.addAttribute("packages", packages.list());
        model.addAttribute("directory", packages.directory().toString());
        return "archives";
    }

    @GetMapping("/archives/{id}/download")
    ResponseEntity<StreamingResponseBody> download(@PathVariable long id) {
        ArchivePackages.Recorded p = packages.find(id).orElseThrow(() -> new ReviewException(ReviewException.Kind.NOT_FOUND, "信息包不存在"));
        Path bag = p.path();
        if (!Files.isDirectory(bag, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("Archive package {} is recorded at {}, which is not a directory", id, bag);
            throw new ReviewException(ReviewException.Kind.NOT_FOUND, "信息包目录不存在（已移动或删除），详情已记入日志");
        }
        trail.append(current.get().username(), "ARCHIVE_DOWNLOADED", "package:" + bag.getFileName(), "id=" + id);
        String root = bag.getFileName().toString();
        StreamingResponseBody body = out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8); Stream<Path> files = Files.walk(bag)) {
                for (Path f : files.sorted().toList()) {
                    if (Files.isSymbolicLink(f)) {
                        // A bag holds plain files only; a link could point anywhere on the server.
                        LOG.warn("Archive download {}: skipped the symbolic link {}", id, bag.relativize(f));
                        continue;
                    }
                    if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry(root + "/" + bag.relativize(f).toString().replace('\\', '/')));
                    try (java.io.InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(root + ".zip", StandardCharsets.UTF_8)
                        .build().toString())
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(body);
    }

    @PostMapping("/archives/{id}/verify")
    String verify(@PathVariable long id, RedirectAttributes redirect) throws IOException {
        ArchivePackages.Recorded p = packages.find(id).orElseThrow(() -> new ReviewException(ReviewException.Kind.NOT_FOUND, "信息包不存在"));
        if (!Files.isDirectory(p.path(), LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("Archive package {} is recorded at {}, which is not a directory", id, p.path());
            redirect.addFlashAttribute("error", "信息包目录不存在（已移动或删除），详情已记入日志");
            return "redirect:/archives";
        }
        PackageVerifier.Report r = packages.verify(p.path());
        List<PackageVerifier.Check> failures = r.failures();
        trail.append(current.get().username(), "ARCHIVE_VERIFIED", "package:" + p.path().getFileName(),
                r.passed() ? "passed" : failures.size() + " items failed");
        if (r.passed()) {
            redirect.addFlashAttribute("notice", "四性检测通过：" + p.path().getFileName());
        } else {
            redirect.addFlashAttribute("error", "四性检测不通过（" + failures.size() + " 项）：" + failures.getFirst().item()
                    + " " + failures.getFirst().file());
        }
        return "redirect:/archives";
    }
}
