package dev.engram.agent.provider;

import dev.engram.agent.db.Keyset;
import dev.engram.agent.db.UniqueViolations;
import dev.engram.agent.llm.ByokProvider;
import dev.engram.agent.llm.LlmException;
import dev.engram.agent.llm.LlmProviders;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.db.Times.now;

/**
 * An organization's own LLM providers: made, changed and removed here, checked by listing the provider's models with
 * its key, and known to the model routing of every replica through {@link ProviderDirectory}.
 */
@ApplicationScoped
public class ProviderService {

    private final LlmProviders llm;
    private final ProviderDirectory directory;

    public ProviderService(LlmProviders llm, ProviderDirectory directory) {
        this.llm = llm;
        this.directory = directory;
    }

    public Uni<ProviderView> create(Actor actor, ProviderRequests.Create r) {
        if (r == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        ProviderEntity p = new ProviderEntity();
        p.id = "provider-" + UUID.randomUUID();
        p.organizationId = actor.organizationId();
        p.name = name(r.name());
        p.providerType = type(r.providerType());
        p.apiKey = Requests.required("api_key", r.apiKey());
        p.baseUrl = baseUrl(p.providerType, blankToNull(r.baseUrl()));
        p.accessKey = blankToNull(r.accessKey());
        p.region = blankToNull(r.region());
        p.apiVersion = blankToNull(r.apiVersion());
        p.createdAt = now();
        p.updatedAt = p.createdAt;
        p.createdById = actor.userId();
        p.lastUpdatedById = actor.userId();
        return Panache.withTransaction(() -> p.persist()).replaceWith(p)
                .onFailure(UniqueViolations::is).transform(e -> ApiException.conflict("A provider named " + p.name + " already exists"))
                .call(() -> directory.changed(p.organizationId))
                .map(ProviderView::of);
    }

    public Uni<List<ProviderView>> list(Actor actor, String name, String providerType, String after, String before, int limit,
                                        boolean ascending) {
        String org = actor.organizationId();
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        StringBuilder q = new StringBuilder("organizationId = :org");
        if (name != null) {
            q.append(" and name = :name");
            params.put("name", name);
        }
        if (providerType != null) {
            q.append(" and providerType = :type");
            params.put("type", providerType);
        }
        return Panache.withSession(() -> Keyset.resolve("Provider", "createdAt", org, "after", after, "provider")
                .chain(a -> Keyset.resolve("Provider", "createdAt", org, "before", before, "provider").chain(b -> {
                    Keyset.Plan plan = Keyset.plan("createdAt", a, b, ascending, params);
                    return ProviderEntity.<ProviderEntity>find(q + plan.condition() + plan.order(), params).page(0, limit).list()
                            .map(plan::arrange);
                }))).map(rows -> rows.stream().map(ProviderView::of).toList());
    }

    public Uni<ProviderView> get(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id)).map(ProviderView::of);
    }

    /** Letta's PATCH: the key (required) and the other given fields replace the provider's. */
    public Uni<ProviderView> update(Actor actor, String id, ProviderRequests.Update r) {
        if (r == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        String key = Requests.required("api_key", r.apiKey());
        return Panache.withTransaction(() -> find(actor, id).invoke(p -> {
                    p.apiKey = key;
                    if (blankToNull(r.baseUrl()) != null) {
                        p.baseUrl = baseUrl(p.providerType, r.baseUrl());
                    }
                    if (r.accessKey() != null) {
                        p.accessKey = blankToNull(r.accessKey());
                    }
                    if (r.region() != null) {
                        p.region = blankToNull(r.region());
                    }
                    if (r.apiVersion() != null) {
                        p.apiVersion = blankToNull(r.apiVersion());
                    }
                    p.updatedAt = now();
                    p.lastUpdatedById = actor.userId();
                }))
                .call(p -> directory.changed(p.organizationId))
                .map(ProviderView::of);
    }

    public Uni<Void> delete(Actor actor, String id) {
        return Panache.withTransaction(() -> find(actor, id).call(p -> p.delete()))
                .call(p -> directory.changed(p.organizationId)).replaceWithVoid();
    }

    /** Lists the models with the given key at the given URL: 401 for a key the provider refuses, 502 when it cannot answer. */
    public Uni<String> check(ProviderRequests.Check r) {
        if (r == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        String type = type(r.providerType());
        ByokProvider spec = new ByokProvider("provider-check", null, "check", type, Requests.required("api_key", r.apiKey()),
                baseUrl(type, blankToNull(r.baseUrl())), Instant.EPOCH);
        return checked(spec);
    }

    public Uni<String> check(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id)).chain(p -> checked(p.spec()));
    }

    /** Lists the provider's models anew (its cached list goes) and records when. */
    public Uni<ProviderView> refresh(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id)).call(p -> checked(p.spec()))
                .chain(p -> Panache.withTransaction(() -> find(actor, id).invoke(q -> {
                    q.lastSynced = now();
                    q.updatedAt = q.lastSynced;
                })))
                .call(p -> directory.changed(p.organizationId))
                .map(ProviderView::of);
    }

    private Uni<String> checked(ByokProvider spec) {
        // the provider answers on its HTTP client's threads: what follows (the database) goes on on the request's context
        return dev.engram.agent.loop.VertxContexts.onCaller(llm.check(spec)).replaceWith("Valid api key for provider_type=" + spec.type())
                .onFailure(LlmException.class).transform(e -> ((LlmException) e).kind() == LlmException.Kind.AUTHENTICATION
                        ? new ApiException(401, "Invalid API key for provider_type=" + spec.type() + ": " + e.getMessage())
                        : new ApiException(502, "The provider could not be reached: " + e.getMessage()))
                .onFailure(e -> !(e instanceof ApiException)).transform(e -> new ApiException(502, "The provider could not be reached: "
                        + (e.getMessage() != null ? e.getMessage() : e.toString())));
    }

    static Uni<ProviderEntity> find(Actor actor, String id) {
        return ProviderEntity.<ProviderEntity>find("id = ?1 and organizationId = ?2", id, actor.organizationId()).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("Provider id=" + id + " not found"));
    }

    private static String name(String name) {
        String n = Requests.required("name", name);
        if (n.contains("/") || n.length() > 100 || !n.equals(n.strip())) {
            throw ApiException.unprocessable("name: a provider's name is the first part of its model handles (<name>/<model>): "
                    + "at most 100 characters, no slash, no surrounding spaces");
        }
        if (ByokProvider.RESERVED_NAMES.contains(n)) {
            throw ApiException.unprocessable("name: " + n + " is the name of one of this server's own providers");
        }
        return n;
    }

    private static String type(String type) {
        if (type == null) {
            throw ApiException.unprocessable("provider_type: Field required");
        }
        if (!ByokProvider.supported(type)) {
            throw ApiException.unprocessable("provider_type: " + type + " is not supported yet (supported: "
                    + String.join(", ", ByokProvider.TYPES) + ")");
        }
        return type;
    }

    private static String baseUrl(String type, String url) {
        if (url == null) {
            if (ByokProvider.needsBaseUrl(type)) {
                throw ApiException.unprocessable("base_url: required for provider_type " + type);
            }
            return null;
        }
        Requests.httpUrl("base_url", url);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
