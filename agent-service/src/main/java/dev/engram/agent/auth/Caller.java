package dev.engram.agent.auth;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.common.vertx.VertxContext;

/**
 * Who sent the request, as the auth filter resolved it: the organization and user it acts as, its role, the agent an
 * agent-scoped key is limited to (null: every agent of the organization) and the key's id (null without a key).
 */
public record Caller(String organizationId, String userId, Role role, String agentId, String keyId) {

    /** The RoutingContext entry and the Vert.x context local holding the caller. */
    public static final String KEY = "engram.caller";
    /** The RoutingContext entry holding the caller's organization id (a String). */
    public static final String ORG_KEY = "engram.org";

    /** The caller of the request being served, or null outside a request (background work, tests calling beans). */
    public static Caller current() {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return null;
        }
        return context.getLocal(KEY);
    }

    /** The agent the current caller is limited to, or null. */
    public static String currentAgentScope() {
        Caller c = current();
        return c == null ? null : c.agentId;
    }

    /**
     * Refuses, as if it did not exist, an agent outside the current caller's scope (an agent-scoped key naming another
     * agent).
     */
    public static void requireAgent(String agentId) {
        String scope = currentAgentScope();
        if (scope != null && !scope.equals(agentId)) {
            throw dev.engram.agent.web.ApiException.notFound("Agent with id " + agentId + " not found");
        }
    }

    /** A message read by id must be of the scoped key's agent: another agent's is a 404, as if it did not exist. */
    public static void requireMessageOf(String agentId, String messageId) {
        String scope = currentAgentScope();
        if (scope != null && !scope.equals(agentId)) {
            throw dev.engram.agent.web.ApiException.notFound("Message " + messageId + " not found");
        }
    }
}
