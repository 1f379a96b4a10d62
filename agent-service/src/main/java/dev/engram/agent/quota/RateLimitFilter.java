package dev.engram.agent.quota;

import dev.engram.agent.web.Actor;
import io.quarkus.vertx.web.RouteFilter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/**
 * Rate limits the public API per organization (after authentication, which names the organization). An organization
 * without a rate costs a map look-up; one with a rate one statement on its bucket. Health checks, {@code /q/} and the
 * admin API are not limited (an administrator can always change a limit).
 */
public class RateLimitFilter {

    private static final Logger LOG = Logger.getLogger(RateLimitFilter.class);

    private final Limits limits;
    private final RateLimiter limiter;

    public RateLimitFilter(Limits limits, RateLimiter limiter) {
        this.limits = limits;
        this.limiter = limiter;
    }

    static boolean limited(String path) {
        return path != null && path.startsWith("/v1/") && !path.equals("/v1/health") && !path.startsWith("/v1/health/")
                && !path.startsWith("/v1/admin/");
    }

    @RouteFilter(90)
    void limit(RoutingContext rc) {
        if (!limited(rc.normalizedPath())) {
            rc.next();
            return;
        }
        String org = rc.get(dev.engram.agent.auth.Caller.ORG_KEY); // left by the authentication filter
        String organization = org == null ? Actor.DEFAULT_ORG : org;
        OrgLimits known = limits.cached(organization);
        if (known != null && !known.rateLimited()) {
            rc.next();
            return;
        }
        rc.request().pause();
        Uni<OrgLimits> current = known != null ? Uni.createFrom().item(known) : limits.of(organization);
        current.chain(l -> l.rateLimited() ? limiter.take(organization, l) : Uni.createFrom().voidItem()).subscribe().with(
                ok -> proceed(rc),
                e -> {
                    if (e instanceof QuotaExceeded q) {
                        rc.request().resume();
                        var response = rc.response().setStatusCode(q.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
                        q.headers().forEach(response::putHeader);
                        response.end(io.vertx.core.json.JsonObject.of("detail", q.detail()).encode());
                    } else {
                        // the request goes on: whatever broke the limiter (the database) answers it
                        LOG.warnf("rate limit of %s not checked: %s", organization, e.toString());
                        proceed(rc);
                    }
                });
    }

    private static void proceed(RoutingContext rc) {
        rc.request().resume();
        rc.next();
    }
}
