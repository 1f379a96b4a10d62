package dev.engram.agent.web;

import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The ADE's entry points: {@code /} and {@code /ade} lead to {@code /ade/}, where Quarkus serves the page from
 * {@code META-INF/resources/ade} (built from src/main/webui). API routes all live under {@code /v1} and {@code /q}.
 */
@ApplicationScoped
public class AdeRoutes {

    @Route(path = "/", methods = Route.HttpMethod.GET, order = 1)
    void root(RoutingContext rc) {
        redirect(rc, "/");
    }

    @Route(path = "/ade", methods = Route.HttpMethod.GET, order = 1)
    void ade(RoutingContext rc) {
        redirect(rc, "/ade");
    }

    /** Only the exact path: Vert.x also matches it with a trailing slash, which is the page itself. */
    private static void redirect(RoutingContext rc, String exact) {
        if (rc.request().path().equals(exact)) {
            rc.response().setStatusCode(302).putHeader("Location", "/ade/").end();
        } else {
            rc.next();
        }
    }
}
