package cn.shencha.jobs.console;

import cn.shencha.jobs.review.ConsoleUser;
import cn.shencha.jobs.review.ReviewException;
import cn.shencha.jobs.review.Role;
import cn.shencha.jobs.review.Units;
import cn.shencha.jobs.review.UserAccounts;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every console page shows: the user, their navigation by role, unit names; and errors as pages. */
@ControllerAdvice
@ConditionalOnWebApplication
public class ConsoleModel {

    /** One navigation link. */
    public record NavItem(String href, String label) {
    }

    private final UserAccounts accounts;
    private final Units units;

    ConsoleModel(UserAccounts accounts, Units units) {
        this.accounts = accounts;
        this.units = units;
    }

    @ModelAttribute
    public void common(Model model) {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null || !a.isAuthenticated() || "anonymousUser".equals(a.getName())) {
            return;
        }
        accounts.find(a.getName()).ifPresent(u -> {
            model.addAttribute("me", u);
            model.addAttribute("nav", nav(u));
            model.addAttribute("roleNames", u.roles().stream().map(Role::chineseName).toList());
            model.addAttribute("unitNames", units.names());
        });
    }

    static List<NavItem> nav(ConsoleUser u) {
        List<NavItem> out = new ArrayList<>();
        if (has(u, ConsoleSecurity.REVIEWERS)) {
            out.add(new NavItem("/queue", "我的待审"));
        }
        if (has(u, ConsoleSecurity.ITEM_READERS)) {
            out.add(new NavItem("/items", "审核事项"));
            out.add(new NavItem("/overdue", "超期事项"));
        }
        if (u.has(Role.INFO_OFFICER)) {
            out.add(new NavItem("/drafts/new", "提交送审稿"));
        }
        if (has(u, ConsoleSecurity.SEARCHERS)) {
            out.add(new NavItem("/search", "全文检索"));
        }
        if (u.has(Role.RECORDS_CLERK)) {
            out.add(new NavItem("/ledgers", "审批台帐"));
        }
        if (has(u, ConsoleSecurity.REPORT_READERS)) {
            out.add(new NavItem("/reports", "周报"));
        }
        if (has(u, ConsoleSecurity.DUTY)) {
            out.add(new NavItem("/readings", "值班读网"));
        }
        if (u.has(Role.RECORDS_CLERK) || u.has(Role.ADMIN)) {
            out.add(new NavItem("/archives", "档案"));
        }
        if (u.has(Role.ADMIN)) {
            out.add(new NavItem("/admin/users", "用户管理"));
            out.add(new NavItem("/admin/trail", "审计日志"));
        }
        out.add(new NavItem("/account/password", "修改密码"));
        return out;
    }

    private static boolean has(ConsoleUser u, Role[] roles) {
        for (Role r : roles) {
            if (u.has(r)) {
                return true;
            }
        }
        return false;
    }

    @ExceptionHandler(ReviewException.class)
    public String reviewError(ReviewException e, Model model, HttpServletResponse response) {
        common(model);
        response.setStatus(switch (e.kind()) {
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 400;
        });
        model.addAttribute("message", e.getMessage());
        return "problem";
    }

    @ExceptionHandler(IllegalArgumentException.class)
    public String badRequest(IllegalArgumentException e, Model model, HttpServletResponse response) {
        common(model);
        response.setStatus(400);
        model.addAttribute("message", e.getMessage());
        return "problem";
    }

    /** Anything else: logged with its stack, shown as a plain error page without internals. */
    @ExceptionHandler(RuntimeException.class)
    public String failure(RuntimeException e, Model model, HttpServletResponse response) {
        if (e instanceof org.springframework.security.access.AccessDeniedException denied) {
            throw denied;
        }
        common(model);
        if (e instanceof org.springframework.web.server.ResponseStatusException rse && rse.getStatusCode().value() < 500) {
            // A status the code chose (404 ...): its reason is not shown, it may name a server path.
            LOG.info("console request answered {}: {}", rse.getStatusCode().value(), rse.getReason());
            response.setStatus(rse.getStatusCode().value());
            model.addAttribute("message", rse.getStatusCode().value() == 404 ? "页面或文件不存在" : "请求无法完成");
            return "problem";
        }
        LOG.error("console request failed", e);
        response.setStatus(500);
        model.addAttribute("message", "系统内部错误，请稍后重试或联系系统管理员（详情已记入日志）");
        return "problem";
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsoleModel.class);

    static Map<String, String> unitNames(Units units) {
        return units.names();
    }
}
