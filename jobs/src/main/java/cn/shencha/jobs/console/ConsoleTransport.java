package cn.shencha.jobs.console;

import cn.shencha.jobs.config.ShenchaProperties;
import org.apache.catalina.valves.RemoteIpValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

import java.nio.file.Files;

/**
 * How the console is reached: over TLS from a configured PKCS#12 ({@code shencha.console.tls.keystore} /
 * {@code password} / {@code alias}), or behind a reverse proxy that terminates TLS, whose {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto} are honoured when {@code shencha.console.forwarded-headers=true} (only from loopback and
 * private-network proxies: Tomcat's {@link RemoteIpValve} defaults). Either way a request that arrived over HTTPS gets
 * the session cookie with {@code Secure} (Tomcat sets it on secure requests) and {@code Strict-Transport-Security}
 * (Spring Security writes it on secure requests), and the throttle of failed logins sees the client's address.
 */
@Component
@ConditionalOnWebApplication
public class ConsoleTransport implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ConsoleTransport.class);

    private final ShenchaProperties.Console console;

    ConsoleTransport(ShenchaProperties properties) {
        this.console = properties.console();
    }

    /** Whether the console serves TLS itself. */
    public static boolean tls(ShenchaProperties.Console console) {
        return console.tls() != null && console.tls().keystore() != null && !console.tls().keystore().toString().isBlank();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (tls(console)) {
            ShenchaProperties.Tls tls = console.tls();
            if (!Files.isReadable(tls.keystore())) {
                throw new IllegalStateException("shencha.console.tls.keystore: cannot read the PKCS#12 file " + tls.keystore());
            }
            Ssl ssl = new Ssl();
            ssl.setEnabled(true);
            ssl.setKeyStore(tls.keystore().toAbsolutePath().toString());
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(tls.password());
            ssl.setKeyPassword(tls.password());
            if (tls.alias() != null && !tls.alias().isBlank()) {
                ssl.setKeyAlias(tls.alias());
            }
            ssl.setEnabledProtocols(new String[]{"TLSv1.3", "TLSv1.2"});
            factory.setSsl(ssl);
            log.info("Console serves TLS with the key in {}", tls.keystore());
        }
        if (console.forwardedHeaders()) {
            RemoteIpValve valve = new RemoteIpValve();
            valve.setRemoteIpHeader("X-Forwarded-For");
            valve.setProtocolHeader("X-Forwarded-Proto");
            factory.addEngineValves(valve);
            log.info("Console honours X-Forwarded-For and X-Forwarded-Proto from proxies on loopback or private networks");
        }
    }

    /** After Spring Boot's own server customizer, which would otherwise reset the TLS settings. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
