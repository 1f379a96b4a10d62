package dev.engram.agent.auth;

import dev.engram.agent.audit.AuditLog;
import dev.engram.agent.org.OrganizationRepository;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Cursors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Creating, listing and revoking an organization's API keys; every change goes into the audit log. */
@ApplicationScoped
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final OrganizationRepository orgs;
    private final KeyLookup lookup;
    private final AuditLog audit;
    private final Pool pool;

    public ApiKeyService(ApiKeyRepository keys, OrganizationRepository orgs, KeyLookup lookup, AuditLog audit, Pool pool) {
        this.keys = keys;
        this.orgs = orgs;
        this.lookup = lookup;
        this.audit = audit;
        this.pool = pool;
    }

    /**
     * A new key of {@code org}, answered with its secret (the only time it is shown). Acts as {@code request.user_id},
     * else as {@code actorUser} when that user belongs to the organization, else as the organization's first user.
     */
    public Uni<ApiKeyView> create(String org, String actorUser, CreateApiKey request) {
        if (request == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        String name = request.name() == null ? null : request.name().trim();
        if (name == null || name.isEmpty()) {
            throw ApiException.unprocessable("name: Field required");
        }
        if (name.length() > 200) {
            throw ApiException.unprocessable("name: String should have at most 200 characters");
        }
        Role role = request.role() == null ? Role.MEMBER : Role.of(request.role());
        if (role == null) {
            throw ApiException.unprocessable("role: Input should be " + Role.names() + " (got '" + request.role() + "')");
        }
        if (role == Role.ADMIN && request.agentId() != null) {
            throw ApiException.unprocessable("agent_id: an agent-scoped key cannot have the admin role");
        }
        Instant now = Instant.now();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw ApiException.unprocessable("expires_at: must be in the future (got " + request.expiresAt() + ")");
        }
        return owner(org, actorUser, request.userId())
                .call(user -> request.agentId() == null ? Uni.createFrom().voidItem() : requireAgent(org, request.agentId()))
                .chain(user -> {
                    String secret = ApiKeys.generate();
                    ApiKeyRow row = new ApiKeyRow("key-" + UUID.randomUUID(), org, user, name, ApiKeys.displayPrefix(secret), role,
                            request.agentId(), request.expiresAt(), null, null, now);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("name", name);
                    details.put("role", role.wire());
                    details.put("prefix", row.prefix());
                    details.put("user_id", user);
                    details.put("agent_id", row.agentId());
                    details.put("expires_at", row.expiresAt());
                    return keys.insert(row, ApiKeys.hash(secret))
                            .call(() -> audit.record(org, actorUser, "api_key.create", "api_key", row.id(), details))
                            .replaceWith(ApiKeyView.of(row, secret));
                });
    }

    public Uni<List<ApiKeyView>> list(String org, String after, String before, int limit, boolean ascending) {
        return keys.ofOrganization(org).map(rows -> Cursors.page(rows, ApiKeyRow::id, before, after, limit, ascending, "api key")
                .stream().map(ApiKeyView::of).toList());
    }

    public Uni<ApiKeyView> get(String org, String id) {
        return keys.findInOrg(org, id).onItem().ifNull().failWith(() -> notFound(id)).map(ApiKeyView::of);
    }

    /** Revokes the key: refused from now on here, on other replicas within the lookup cache's few seconds. */
    public Uni<ApiKeyView> revoke(String org, String actorUser, String id) {
        return keys.revoke(org, id, Instant.now()).onItem().ifNull().failWith(() -> notFound(id))
                .invoke(k -> lookup.forget(k.id()))
                .call(k -> audit.record(org, actorUser, "api_key.revoke", "api_key", k.id(), Map.of("prefix", k.prefix())))
                .map(ApiKeyView::of);
    }

    private Uni<String> owner(String org, String actorUser, String requested) {
        if (requested != null) {
            return orgs.user(org, requested).onItem().ifNull()
                    .failWith(() -> ApiException.notFound("user_id: User " + requested + " not found in organization " + org))
                    .map(u -> u.id());
        }
        return orgs.users(org).map(users -> {
            if (users.isEmpty()) {
                throw ApiException.unprocessable("user_id: organization " + org + " has no users; create one first");
            }
            return users.stream().filter(u -> u.id().equals(actorUser)).findFirst().orElse(users.getFirst()).id();
        });
    }

    private Uni<Void> requireAgent(String org, String agentId) {
        return pool.preparedQuery("SELECT 1 FROM agent.agents WHERE id = $1 AND organization_id = $2").execute(Tuple.of(agentId, org))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw ApiException.notFound("agent_id: Agent " + agentId + " not found");
                    }
                    return null;
                });
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("API key " + id + " not found");
    }
}
