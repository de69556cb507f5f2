package cn.shencha.jobs.console;

import cn.shencha.jobs.review.AuditTrail;
import cn.shencha.jobs.review.Role;
import cn.shencha.jobs.review.Units;
import cn.shencha.jobs.review.UserAccounts;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Login, the password form, and the administrator's pages (users, resets, the audit trail). */
@Controller
@ConditionalOnWebApplication
public class AccountController {

    private final UserAccounts accounts;
    private final Units units;
    private final AuditTrail trail;
    private final CurrentUser current;

    AccountController(UserAccounts accounts, Units units, AuditTrail trail, CurrentUser current) {
        this.accounts = accounts;
        this.units = units;
        this.trail = trail;
        this.current = current;
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("title", "登录");
        return "login";
    }

    @GetMapping("/account/password")
    String passwordForm(Model model) {
        model.addAttribute("title", "修改密码");
        model.addAttribute("due", accounts.passwordChangeDue(current.get()));
        return "password";
    }

    @PostMapping("/account/password")
    String changePassword(@RequestParam String current, @RequestParam String next, @RequestParam String repeat,
                          Model model, RedirectAttributes redirect) {
        String username = this.current.get().username();
        try {
            if (!next.equals(repeat)) {
                throw new UserAccounts.PasswordPolicyException("两次输入的新密码不一致");
            }
            accounts.changePassword(username, current, next);
        } catch (UserAccounts.PasswordPolicyException e) {
            model.addAttribute("title", "修改密码");
            model.addAttribute("due", true);
            model.addAttribute("error", e.getMessage());
            return "password";
        }
        redirect.addFlashAttribute("notice", "密码已修改");
        return "redirect:/";
    }

    @GetMapping("/admin/users")
    String users(Model model) {
        model.addAttribute("title", "用户管理");
        model.addAttribute("users", accounts.all());
        model.addAttribute("units", units.all());
        model.addAttribute("roles", Role.values());
        return "users";
    }

    @PostMapping("/admin/users")
    String createUser(@RequestParam String username, @RequestParam String displayName,
                      @RequestParam(required = false) String unit, @RequestParam(required = false) List<String> roles,
                      RedirectAttributes redirect) {
        Set<Role> set = EnumSet.noneOf(Role.class);
        if (roles != null) {
            roles.forEach(r -> set.add(Role.valueOf(r)));
        }
        String password = accounts.randomPassword();
        accounts.create(current.get().username(), username.strip(), displayName.strip(),
                unit == null || unit.isBlank() ? null : unit, set, password, true, false);
        redirect.addFlashAttribute("notice", "已创建用户 " + username + "，初始密码（仅显示一次，首次登录须修改）：" + password);
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{username}/reset")
    String reset(@PathVariable String username, @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        String password = accounts.resetPassword(current.get().username(), username, reason);
        redirect.addFlashAttribute("notice", "已重置 " + username + " 的密码，临时密码（仅显示一次，登录后须修改）：" + password);
        return "redirect:/admin/users";
    }

    @PostMapping("/admin/users/{username}/enabled")
    String enable(@PathVariable String username, @RequestParam boolean enabled, @RequestParam(defaultValue = "") String reason,
                  RedirectAttributes redirect) {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("停用或启用用户须填写原因");
        }
        accounts.setEnabled(current.get().username(), username, enabled, reason);
        redirect.addFlashAttribute("notice", (enabled ? "已启用 " : "已停用 ") + username);
        return "redirect:/admin/users";
    }

    @GetMapping("/admin/trail")
    String trail(@RequestParam(defaultValue = "1") long from, Model model) {
        model.addAttribute("title", "审计日志");
        model.addAttribute("rows", trail.rows(Math.max(1, from), 200));
        model.addAttribute("verification", trail.verify());
        model.addAttribute("from", Math.max(1, from));
        return "trail";
    }
}
