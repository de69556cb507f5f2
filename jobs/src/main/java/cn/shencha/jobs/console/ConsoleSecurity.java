package cn.shencha.jobs.console;

import cn.shencha.jobs.review.AccountRestricted;
import cn.shencha.jobs.review.ConsoleUser;
import cn.shencha.jobs.review.Role;
import cn.shencha.jobs.review.UserAccounts;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Arrays;

/**
 * The console's security: form login against {@code app_user} (bcrypt), lockout after repeated failures, CSRF on every
 * form, a role check on every endpoint (the table is {@link ConsoleSecurity#ENDPOINTS}' documentation in the README),
 * a strict Content-Security-Policy (no inline script, nothing from elsewhere) and the usual security headers. Per-unit
 * access is checked on every item by the workflow itself.
 */
@Configuration
@EnableWebSecurity
@ConditionalOnWebApplication
public class ConsoleSecurity {

    /** The console's CSP: only its own scripts and styles, no plugins, no framing, forms only to itself. */
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final Role[] REVIEWERS = {Role.INFO_OFFICER, Role.DEPUTY_LEADER, Role.PRINCIPAL, Role.DISTRICT_LEADER,
            Role.SECRECY_REVIEWER};
    static final Role[] ITEM_READERS = {Role.INFO_OFFICER, Role.DEPUTY_LEADER, Role.PRINCIPAL, Role.DISTRICT_LEADER,
            Role.SECRECY_REVIEWER, Role.RECORDS_CLERK};
    static final Role[] SEARCHERS = {Role.SEARCHER, Role.SECRECY_REVIEWER, Role.RECORDS_CLERK, Role.DISTRICT_LEADER};
    static final Role[] REPORT_READERS = {Role.PRINCIPAL, Role.DISTRICT_LEADER, Role.SECRECY_REVIEWER, Role.RECORDS_CLERK};
    /** Who reads the site on duty and confirms the readings (ch. 6): the review staff and the administrators. */
    static final Role[] DUTY = {Role.INFO_OFFICER, Role.DEPUTY_LEADER, Role.PRINCIPAL, Role.DISTRICT_LEADER,
            Role.SECRECY_REVIEWER, Role.RECORDS_CLERK, Role.ADMIN};
    static final Role[] SNAPSHOT_READERS = {Role.INFO_OFFICER, Role.DEPUTY_LEADER, Role.PRINCIPAL, Role.DISTRICT_LEADER,
            Role.SECRECY_REVIEWER, Role.RECORDS_CLERK, Role.SEARCHER};

    @Bean
    SecurityFilterChain consoleFilterChain(HttpSecurity http, SessionRegistry sessions, UserAccounts accounts) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/console.css", "/fonts/*.ttf", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/", "/account/**", "/logout").authenticated()
                        .requestMatchers("/queue").hasAnyAuthority(names(REVIEWERS))
                        .requestMatchers(HttpMethod.POST, "/items/*/decision").hasAnyAuthority(names(REVIEWERS))
                        .requestMatchers("/items", "/items/**", "/overdue").hasAnyAuthority(names(ITEM_READERS))
                        .requestMatchers("/drafts", "/drafts/**").hasAnyAuthority(Role.INFO_OFFICER.name())
                        .requestMatchers("/search", "/api/search").hasAnyAuthority(names(SEARCHERS))
                        .requestMatchers("/snapshots/**").hasAnyAuthority(names(SNAPSHOT_READERS))
                        .requestMatchers("/ledgers", "/ledgers/**").hasAnyAuthority(Role.RECORDS_CLERK.name())
                        .requestMatchers("/reports", "/reports/**").hasAnyAuthority(names(REPORT_READERS))
                        .requestMatchers("/readings", "/readings/**").hasAnyAuthority(names(DUTY))
                        .requestMatchers("/archives", "/archives/**").hasAnyAuthority(Role.RECORDS_CLERK.name(), Role.ADMIN.name())
                        .requestMatchers("/admin", "/admin/**").hasAnyAuthority(Role.ADMIN.name())
                        .anyRequest().denyAll())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", true).failureUrl("/login?error"))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .sessionManagement(s -> s.sessionFixation(f -> f.newSession())
                        .maximumSessions(-1).sessionRegistry(sessions).expiredUrl("/login?expired"))
                .addFilterBefore(new LoginThrottleFilter(accounts), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new AccountStateFilter(accounts), AuthorizationFilter.class)
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.deny()));
        return http.build();
    }

    /** Every console session by account, so that disabling, resetting or locking an account ends its sessions at once. */
    @Bean
    SessionRegistry consoleSessions() {
        return new SessionRegistryImpl();
    }

    /** Tells the registry when the servlet container ends a session (timeout, logout). */
    @Bean
    HttpSessionEventPublisher consoleSessionEvents() {
        return new HttpSessionEventPublisher();
    }

    /**
     * Re-checks the signed-in account on every request: an account disabled, locked or gone since the login loses its
     * session there and then, and the request goes on as anonymous (so to the login page).
     */
    static final class AccountStateFilter extends OncePerRequestFilter {
        private final UserAccounts accounts;

        AccountStateFilter(UserAccounts accounts) {
            this.accounts = accounts;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication a = SecurityContextHolder.getContext().getAuthentication();
            if (a != null && a.isAuthenticated() && !(a instanceof AnonymousAuthenticationToken)) {
                boolean usable = accounts.credentials(a.getName()).map(c -> c.enabled() && !c.locked()).orElse(false);
                if (!usable) {
                    LOG.info("Ended the session of {}: the account is disabled, locked or gone", a.getName());
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    SecurityContextHolder.clearContext();
                }
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * Refuses a login attempt from a source address that failed too often ({@link cn.shencha.jobs.review.LoginThrottle})
     * before the password is even checked.
     */
    static final class LoginThrottleFilter extends OncePerRequestFilter {
        private final UserAccounts accounts;

        LoginThrottleFilter(UserAccounts accounts) {
            this.accounts = accounts;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String username = request.getParameter("username");
            var until = accounts.throttle().refusedUntil(request.getRemoteAddr(), username);
            if (until.isPresent()) {
                LOG.warn("Login of {} from {} refused until {}: too many failures", username, request.getRemoteAddr(), until.get());
                response.sendRedirect(request.getContextPath() + "/login?throttled");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsoleSecurity.class);

    private static String source(Authentication a) {
        return a.getDetails() instanceof WebAuthenticationDetails d && d.getRemoteAddress() != null ? d.getRemoteAddress() : "unknown";
    }

    private static String[] names(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }

    @Bean
    UserDetailsService consoleUserDetails(UserAccounts accounts) {
        return username -> {
            UserAccounts.Credentials c = accounts.credentials(username)
                    .orElseThrow(() -> new UsernameNotFoundException("no such user"));
            ConsoleUser u = accounts.find(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
            return User.withUsername(username).password(c.passwordHash()).disabled(!c.enabled()).accountLocked(c.locked())
                    .authorities(u.roles().stream().map(Role::name).toArray(String[]::new)).build();
        };
    }

    @Bean
    PasswordEncoder consolePasswordEncoder(UserAccounts accounts) {
        return accounts.encoder();
    }

    /** Counts failed logins (the account locks after the configured number) and records successful ones. */
    @Configuration
    @ConditionalOnWebApplication
    static class LoginEvents {
        private final UserAccounts accounts;
        private final SessionRegistry sessions;

        LoginEvents(UserAccounts accounts, SessionRegistry sessions) {
            this.accounts = accounts;
            this.sessions = sessions;
        }

        @EventListener
        public void failed(AuthenticationFailureBadCredentialsEvent e) {
            accounts.loginFailed(source(e.getAuthentication()), String.valueOf(e.getAuthentication().getPrincipal()));
        }

        @EventListener
        public void succeeded(AuthenticationSuccessEvent e) {
            accounts.loginSucceeded(source(e.getAuthentication()), e.getAuthentication().getName());
        }

        /** Disabled, reset or locked: every session of the account ends now (the next request finds the login page). */
        @EventListener
        public void restricted(AccountRestricted e) {
            int ended = 0;
            for (Object principal : sessions.getAllPrincipals()) {
                String name = principal instanceof UserDetails u ? u.getUsername() : String.valueOf(principal);
                if (name.equals(e.username())) {
                    for (SessionInformation s : sessions.getAllSessions(principal, false)) {
                        s.expireNow();
                        ended++;
                    }
                }
            }
            LOG.info("Account {} {}: ended {} session(s)", e.username(), e.reason(), ended);
        }
    }
}
