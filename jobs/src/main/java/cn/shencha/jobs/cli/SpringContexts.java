package cn.shencha.jobs.cli;

import cn.shencha.jobs.ShenchaApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the Spring application for the commands that need the database, the job repository or the search cluster. */
final class SpringContexts {

    private SpringContexts() {
    }

    static ConfigurableApplicationContext start(Path data, Map<String, String> properties) {
        List<String> args = new ArrayList<>();
        args.add("--shencha.data=" + data);
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        SpringApplication app = new SpringApplication(ShenchaApplication.class);
        app.setLogStartupInfo(false);
        return app.run(args.toArray(String[]::new));
    }

    /**
     * A context of the configuration and the keys alone, without database, search or web: what {@code archive verify
     * --no-database} trusts (the signing certificate, {@code shencha.signing.trust-anchors}, the trail key file).
     */
    static ConfigurableApplicationContext keysOnly(Path data) {
        SpringApplication app = new SpringApplication(KeysOnly.class);
        app.setLogStartupInfo(false);
        app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
        return app.run("--shencha.data=" + data);
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.context.properties.EnableConfigurationProperties(cn.shencha.jobs.config.ShenchaProperties.class)
    @org.springframework.context.annotation.Import({cn.shencha.jobs.config.SigningKeyProvider.class,
            cn.shencha.jobs.config.TrustAnchorProvider.class, cn.shencha.jobs.review.TrailKeyFile.class})
    static class KeysOnly {
    }

    /** A failure in one line: the deepest cause's message, which is the one that says what is wrong. */
    static String describe(Throwable e) {
        Throwable root = e;
        String best = e.getMessage();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null) {
                best = root.getMessage();
            }
        }
        if (best == null) {
            best = root.getClass().getSimpleName();
        }
        return best.lines().findFirst().orElse(best);
    }
}
