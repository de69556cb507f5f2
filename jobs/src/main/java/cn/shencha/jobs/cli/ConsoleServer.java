package cn.shencha.jobs.cli;

import cn.shencha.jobs.review.DemoAccounts;
import cn.shencha.jobs.review.UserAccounts;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starting Shencha with its web console, for the console, serve and demo commands. */
final class ConsoleServer {

    private ConsoleServer() {
    }

    /** A context serving the console; {@code extra} adds or overrides properties. */
    static ConfigurableApplicationContext start(Path data, Integer port, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(extra);
        properties.put("spring.main.web-application-type", "servlet");
        if (port != null) {
            properties.put("shencha.console.port", String.valueOf(port));
        }
        return SpringContexts.start(data, properties);
    }

    /** The console's base URL as this machine reaches it: https when it serves TLS itself. */
    static String url(ConfigurableApplicationContext context) {
        boolean tls = cn.shencha.jobs.console.ConsoleTransport.tls(
                context.getBean(cn.shencha.jobs.config.ShenchaProperties.class).console());
        return (tls ? "https" : "http") + "://127.0.0.1:" + port(context) + "/";
    }

    /** The port the console listens on. */
    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Prepares the accounts: the first administrator with a one-time password printed once (only when none exists),
     * and the demo accounts enabled in demo mode, disabled otherwise.
     */
    static void prepareAccounts(ConfigurableApplicationContext context, boolean demo, PrintStream out) {
        UserAccounts accounts = context.getBean(UserAccounts.class);
        accounts.ensureAdministrator().ifPresent(password -> {
            out.println("First start: created the administrator account 'admin' with the one-time password");
            out.println("    " + password);
            out.println("  It is shown only this once and must be changed at the first login.");
        });
        if (!demo) {
            int disabled = context.getBean(DemoAccounts.class).disableAll();
            if (disabled > 0) {
                out.println("Disabled " + disabled + " demo accounts (they exist for demo mode only).");
            }
        }
    }
}
