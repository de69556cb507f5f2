package cn.shencha.jobs.console;

import cn.shencha.jobs.review.ConsoleUser;
import cn.shencha.jobs.review.Role;
import cn.shencha.jobs.review.UserAccounts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Forces a password change (ch. 5 §2: every three months; after an administrator's reset; the first administrator's
 * one-time password): until the user chose a new password, every page but the password form redirects to it.
 */
@Configuration
@ConditionalOnWebApplication
public class ConsoleWebConfiguration implements WebMvcConfigurer {

    private final UserAccounts accounts;

    ConsoleWebConfiguration(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
                Authentication a = SecurityContextHolder.getContext().getAuthentication();
                if (a == null || !a.isAuthenticated() || "anonymousUser".equals(a.getName())) {
                    return true;
                }
                ConsoleUser user = accounts.find(a.getName()).orElse(null);
                if (user != null && accounts.passwordChangeDue(user)) {
                    response.sendRedirect(request.getContextPath() + "/account/password");
                    return false;
                }
                return true;
            }
        }).excludePathPatterns("/account/password", "/login", "/logout", "/console.css", "/fonts/**", "/error");
    }

    /**
     * The CJK font shipped with the writers module (LXGW WenKai, OFL), served to browsers that have no Chinese font of
     * their own: the console never depends on what the reader's machine has installed.
     */
    @Override
    public void addResourceHandlers(org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/fonts/*.ttf").addResourceLocations("classpath:/fonts/")
                .setCacheControl(org.springframework.http.CacheControl.maxAge(java.time.Duration.ofDays(30)).cachePublic());
    }

    /** The start page of a user: what they do most. */
    static String home(ConsoleUser user) {
        if (user.roles().stream().anyMatch(r -> r.reviewLevel() > 0) || user.has(Role.SECRECY_REVIEWER)) {
            return "/queue";
        }
        if (user.has(Role.RECORDS_CLERK)) {
            return "/ledgers";
        }
        if (user.has(Role.SEARCHER)) {
            return "/search";
        }
        if (user.has(Role.ADMIN)) {
            return "/admin/users";
        }
        return "/account/password";
    }
}
