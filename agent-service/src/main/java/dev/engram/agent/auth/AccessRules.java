package dev.engram.agent.auth;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a resolved caller may reach, decided from the method and path alone (no I/O): roles, and the routes an
 * agent-scoped key may use. Where the path names a run, step or conversation, the decision is a lookup of the row's
 * agent, which the filter does.
 */
public final class AccessRules {

    /** The outcome: go on, refuse, or look the row up and go on when it belongs to the caller's agent. */
    public sealed interface Decision permits Allow, Deny, Lookup {
    }

    public record Allow() implements Decision {
    }

    public record Deny(int status, String detail) implements Decision {
    }

    /** {@code table} is one of runs, steps, conversations; the row must belong to the key's agent, else 404. */
    public record Lookup(String table, String id) implements Decision {
    }

    static final Allow ALLOW = new Allow();

    /** The POST routes that only read, open to read_only keys. */
    static final List<Pattern> READ_ONLY_POSTS = List.of(
            Pattern.compile("/v1/agents/messages/search/?"),
            Pattern.compile("/v1/messages/search/?"),
            Pattern.compile("/v1/tools/search/?"),
            Pattern.compile("/v1/runs/[^/]+/stream/?"),
            Pattern.compile("/v1/conversations/[^/]+/stream/?"));

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");
    private static final Pattern AGENT_ID = Pattern.compile("agent-[0-9a-fA-F-]+");

    private AccessRules() {
    }

    /**
     * Routes open without credentials: Quarkus's own ({@code /q/...}), the health and readiness checks, and the ADE's static files
     * ({@code /}, {@code /ade/...}: the page asks for the API key itself and sends it with every API call).
     */
    public static boolean open(String method, String path) {
        return "OPTIONS".equals(method) || path.startsWith("/q/") || path.equals("/q") || path.equals("/v1/health")
                || path.equals("/v1/health/") || path.equals("/v1/ready") || path.equals("/v1/ready/") || ade(method, path);
    }

    private static boolean ade(String method, String path) {
        return ("GET".equals(method) || "HEAD".equals(method))
                && (path.equals("/") || path.equals("/ade") || path.startsWith("/ade/") || path.equals("/favicon.ico"));
    }

    public static boolean adminRoute(String path) {
        return path.startsWith("/v1/admin/") || path.equals("/v1/admin") || path.startsWith("/v1/api-keys");
    }

    /**
     * @param query the request's query parameters by name (null when absent)
     */
    public static Decision decide(Caller caller, String method, String path, Function<String, List<String>> query) {
        if (adminRoute(path)) {
            return caller.role() == Role.ADMIN ? ALLOW
                    : new Deny(403, "Forbidden: this route needs an admin key (the key's role is " + caller.role().wire() + ")");
        }
        if (caller.role() == Role.READ_ONLY && !READ_METHODS.contains(method)
                && READ_ONLY_POSTS.stream().noneMatch(p -> "POST".equals(method) && p.matcher(path).matches())) {
            return new Deny(403, "Forbidden: a read_only key may only read (" + method + " " + path + ")");
        }
        return caller.agentId() == null ? ALLOW : scoped(caller.agentId(), method, path, query);
    }

    /** An agent-scoped key: its agent's routes, and the runs, steps and conversations of that agent. */
    private static Decision scoped(String agent, String method, String path, Function<String, List<String>> query) {
        String[] seg = path.replaceAll("/+$", "").split("/"); // "", "v1", resource, id, ...
        if (seg.length < 3 || !"v1".equals(seg[1])) {
            return outside(agent);
        }
        String resource = seg[2];
        String id = seg.length > 3 ? seg[3] : null;
        switch (resource) {
            case "agents" -> {
                if (id == null || "count".equals(id)) {
                    return READ_METHODS.contains(method) ? ALLOW : outside(agent); // the list shows the key's agent only
                }
                if (AGENT_ID.matcher(id).matches()) {
                    return id.equals(agent) ? ALLOW : notFound(id);
                }
                return outside(agent); // org-wide routes under /v1/agents (search across agents)
            }
            case "runs", "steps" -> {
                if (id == null || "active".equals(id)) {
                    return byAgentQuery(agent, query);
                }
                return new Lookup(resource, id);
            }
            case "conversations" -> {
                if (id == null) {
                    return byAgentQuery(agent, query);
                }
                if (AGENT_ID.matcher(id).matches()) {
                    return id.equals(agent) ? ALLOW : notFound(id);
                }
                if ("default".equals(id)) {
                    List<String> named = query.apply("agent_id");
                    if (named == null || named.isEmpty()) {
                        // the message routes take agent_id from the body and check the agent they resolve
                        return "POST".equals(method) ? ALLOW : new Deny(403, "Forbidden: this key is limited to agent " + agent
                                + "; pass agent_id=" + agent);
                    }
                    return named.stream().allMatch(agent::equals) ? ALLOW : notFound(named.getFirst());
                }
                return new Lookup("conversations", id);
            }
            case "messages" -> {
                // a message by id is checked against its agent once read (OrgMessageResource); lists and batches span agents
                return id != null && !"search".equals(id) && !"batches".equals(id) && READ_METHODS.contains(method) ? ALLOW : outside(agent);
            }
            case "chat" -> {
                return ALLOW; // the agent is the body's model, checked by ChatCompletionRoutes
            }
            case "models" -> {
                return READ_METHODS.contains(method) ? ALLOW : outside(agent);
            }
            case "tools" -> {
                return READ_METHODS.contains(method) && !"mcp".equals(id) ? ALLOW : outside(agent);
            }
            default -> {
                return outside(agent);
            }
        }
    }

    /** Org-wide lists of runs, steps, conversations: only filtered to the key's agent. */
    private static Decision byAgentQuery(String agent, Function<String, List<String>> query) {
        List<String> one = query.apply("agent_id");
        List<String> many = query.apply("agent_ids");
        boolean named = one != null && !one.isEmpty() || many != null && !many.isEmpty();
        if (!named) {
            return new Deny(403, "Forbidden: this key is limited to agent " + agent + "; pass agent_id=" + agent);
        }
        for (List<String> values : java.util.Arrays.asList(one, many)) {
            if (values != null) {
                for (String v : values) {
                    if (!agent.equals(v)) {
                        return notFound(v);
                    }
                }
            }
        }
        return ALLOW;
    }

    private static Deny outside(String agent) {
        return new Deny(403, "Forbidden: this key is limited to agent " + agent);
    }

    private static Deny notFound(String agentId) {
        return new Deny(404, "Agent with id " + agentId + " not found");
    }
}
