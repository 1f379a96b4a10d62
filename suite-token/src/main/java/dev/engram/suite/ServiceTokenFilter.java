package dev.engram.suite;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Only the suite may call this service: with {@code engram.service-token} set, every request but the health checks and
 * metrics must carry {@code X-Engram-Service-Token} with that value, or is refused with 401. A Vert.x route ahead of
 * every other one, so that REST resources, streams and the {@code /q} endpoints are all covered. Unset: open, with a
 * warning at start. Only in the services that ask for it at build time ({@code engram.service-token.enforce=true}:
 * memory-service, embedding-service); agent-service sends the token but its public API takes API keys instead.
 */
@ApplicationScoped
@IfBuildProperty(name = "engram.service-token.enforce", stringValue = "true")
public class ServiceTokenFilter {

    public static final String HEADER = "X-Engram-Service-Token";
    /** Before Quarkus' upload limit and every application route. */
    public static final int ORDER = -100;
    private static final Logger LOG = Logger.getLogger(ServiceTokenFilter.class);

    private final byte[] token;

    public ServiceTokenFilter(@ConfigProperty(name = "engram.service-token") Optional<String> token) {
        this.token = token.map(String::trim).filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    void install(@Observes Router router) {
        if (token != null) {
            router.route().order(ORDER).handler(this::check);
        }
    }

    void warnWhenOpen(@Observes StartupEvent started) {
        if (token == null) {
            LOG.warn("engram.service-token (ENGRAM_SERVICE_TOKEN) is not set: this internal API accepts calls from anyone who reaches its port");
        }
    }

    private void check(RoutingContext rc) {
        String presented = rc.request().getHeader(HEADER);
        if (exempt(rc.normalizedPath()) || (presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8)))) {
            rc.next();
            return;
        }
        String detail = presented == null ? "missing " + HEADER + ": only the Engram suite may call this service"
                : "wrong " + HEADER;
        rc.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"detail\": \"" + detail + "\"}");
    }

    /** Health checks and metrics stay open: orchestrators and scrapers probe them without the token. */
    public static boolean exempt(String path) {
        return path.equals("/q/health") || path.startsWith("/q/health/") || path.equals("/q/metrics") || path.equals("/q/metrics/");
    }
}
