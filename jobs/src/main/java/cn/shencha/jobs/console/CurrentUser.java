package cn.shencha.jobs.console;

import cn.shencha.jobs.review.ConsoleUser;
import cn.shencha.jobs.review.ReviewException;
import cn.shencha.jobs.review.UserAccounts;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The signed-in console user, read fresh from the database on every request (roles and unit changes apply at once). */
@Component
@ConditionalOnWebApplication
public class CurrentUser {

    private final UserAccounts accounts;

    CurrentUser(UserAccounts accounts) {
        this.accounts = accounts;
    }

    public ConsoleUser get() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null || !a.isAuthenticated()) {
            throw new ReviewException(ReviewException.Kind.FORBIDDEN, "未登录");
        }
        return accounts.find(a.getName()).orElseThrow(() -> new ReviewException(ReviewException.Kind.FORBIDDEN, "用户不存在"));
    }
}
