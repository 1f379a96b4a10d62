package dev.engram.agent.auth;

import dev.engram.agent.web.Actor;
import io.quarkus.vertx.web.RouteFilter;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;

/**
 * Resolves the caller of every public route ({@code Authorization: Bearer <key>}, or Letta's password in password
 * mode), refuses unknown ones with 401 and wrong roles with 403, and hands the caller on: in the RoutingContext
 * ({@link Caller#KEY}, {@link Caller#ORG_KEY}) and the request's Vert.x duplicated context, where {@link Actor} finds it.
 */
@Singleton
public class AuthFilter {

    static final String BARE_PASSWORD = "X-BARE-PASSWORD";
    private static final Map<String, String> OWNER_NOT_FOUND = Map.of("runs", "Run", "steps", "Step", "conversations", "Conversation");

    private final AuthConfig config;
    private final KeyLookup keys;
    private final Pool pool;
    private final Caller anonymous = new Caller(Actor.DEFAULT_ORG, null, Role.ADMIN, null, null);

    public AuthFilter(AuthConfig config, KeyLookup keys, Pool pool) {
        this.config = config;
        this.keys = keys;
        this.pool = pool;
    }

    @RouteFilter(100)
    void authenticate(RoutingContext rc) {
        String path = rc.normalizedPath();
        String method = rc.request().method().name();
        if (config.mode() == AuthConfig.Mode.NONE) {
            bind(rc, anonymous);
            rc.next();
            return;
        }
        if (AccessRules.open(method, path)) {
            rc.next();
            return;
        }
        String bearer = bearer(rc.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (config.mode() == AuthConfig.Mode.PASSWORD && passwordMatches(rc, bearer)) {
            bind(rc, anonymous);
            authorize(rc, anonymous, method, path);
            return;
        }
        if (bearer == null) {
            fail(rc, 401, "Unauthorized: send Authorization: Bearer <API key>");
            return;
        }
        rc.request().pause(); // the body waits for the lookup
        keys.find(bearer, Instant.now()).subscribe().with(key -> {
            if (key == null) {
                resumeAndFail(rc, 401, "Unauthorized: the API key is invalid, expired or revoked");
                return;
            }
            Caller caller = new Caller(key.organizationId(), key.userId(), key.role(), key.agentId(), key.id());
            bind(rc, caller);
            authorize(rc, caller, method, path);
        }, failure -> resumeAndFail(rc, 503, "Could not check the API key: " + failure.getMessage()));
    }

    private void authorize(RoutingContext rc, Caller caller, String method, String path) {
        AccessRules.Decision decision = AccessRules.decide(caller, method, path, name -> rc.queryParam(name));
        switch (decision) {
            case AccessRules.Allow a -> proceed(rc);
            case AccessRules.Deny d -> resumeAndFail(rc, d.status(), d.detail());
            case AccessRules.Lookup l -> {
                rc.request().pause();
                ownerAgent(l, caller.organizationId()).subscribe().with(agent -> {
                    if (caller.agentId().equals(agent)) {
                        proceed(rc);
                    } else {
                        resumeAndFail(rc, 404, OWNER_NOT_FOUND.get(l.table()) + " " + l.id() + " not found");
                    }
                }, failure -> resumeAndFail(rc, 503, "Could not check access: " + failure.getMessage()));
            }
        }
    }

    private Uni<String> ownerAgent(AccessRules.Lookup l, String org) {
        // the table name comes from AccessRules' fixed set, never from the request
        return pool.preparedQuery("SELECT agent_id FROM agent." + l.table() + " WHERE id = $1 AND organization_id = $2")
                .execute(Tuple.of(l.id(), org))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("agent_id") : null);
    }

    private static void bind(RoutingContext rc, Caller caller) {
        rc.put(Caller.KEY, caller);
        rc.put(Caller.ORG_KEY, caller.organizationId());
        Context context = Vertx.currentContext();
        if (context != null && VertxContext.isDuplicatedContext(context)) {
            context.putLocal(Caller.KEY, caller);
        }
    }

    private static void proceed(RoutingContext rc) {
        rc.request().resume();
        rc.next();
    }

    private boolean passwordMatches(RoutingContext rc, String bearer) {
        String password = config.password().orElse("");
        if (password.isEmpty()) {
            return false;
        }
        String bare = rc.request().getHeader(BARE_PASSWORD);
        String presented = bearer != null ? bearer : bare != null && bare.startsWith("password ") ? bare.substring(9) : null;
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static void resumeAndFail(RoutingContext rc, int status, String detail) {
        rc.request().resume();
        fail(rc, status, detail);
    }

    private static void fail(RoutingContext rc, int status, String detail) {
        var response = rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.end(io.vertx.core.json.JsonObject.of("detail", detail).encode());
    }
}
