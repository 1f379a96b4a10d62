package dev.engram.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.db.Keyset;
import dev.engram.agent.db.UniqueViolations;
import dev.engram.agent.memory.Block;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Ids;
import dev.engram.agent.web.Requests;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.engram.agent.db.Times.now;

/**
 * Identities of an organization and what belongs to them. Agents are rows here (a foreign key removes the link with the
 * agent); blocks live in memory-service, so an identity's block ids are checked there when they are given and when they
 * are read (a block deleted since is left out, and its link removed).
 */
@ApplicationScoped
public class IdentityService {

    static final List<String> TYPES = List.of("org", "user", "other");
    static final List<String> PROPERTY_TYPES = List.of("string", "number", "boolean", "json");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MemoryClient memory;

    public IdentityService(MemoryClient memory) {
        this.memory = memory;
    }

    /** Filters of the identity list: {@code name} is contained in the name (any case); the others are equalities. */
    public record Filter(String name, String projectId, String identifierKey, String identityType) {
    }

    // --- reading

    public Uni<List<IdentityView>> list(Actor actor, Filter f, String after, String before, int limit, boolean ascending) {
        String org = actor.organizationId();
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        StringBuilder q = new StringBuilder("organizationId = :org");
        if (f.name() != null && !f.name().isEmpty()) {
            q.append(" and lower(name) like :name escape '\\'");
            params.put("name", "%" + f.name().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.projectId() != null) {
            q.append(" and projectId = :project");
            params.put("project", f.projectId());
        }
        if (f.identifierKey() != null) {
            q.append(" and identifierKey = :key");
            params.put("key", f.identifierKey());
        }
        if (f.identityType() != null) {
            q.append(" and identityType = :type");
            params.put("type", type("identity_type", f.identityType()));
        }
        return Panache.withSession(() -> Keyset.resolve("Identity", "createdAt", org, "after", after, "identity")
                .chain(a -> Keyset.resolve("Identity", "createdAt", org, "before", before, "identity").chain(b -> {
                    Keyset.Plan plan = Keyset.plan("createdAt", a, b, ascending, params);
                    return Identity.<Identity>find(q + plan.condition() + plan.order(), params).page(0, limit).list().map(plan::arrange);
                }))).chain(rows -> views(actor, rows));
    }

    public Uni<Long> count(Actor actor) {
        return Panache.withSession(() -> Identity.count("organizationId", actor.organizationId()));
    }

    public Uni<IdentityView> get(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id)).chain(i -> view(actor, i));
    }

    /** Within the caller's session: the organization's identity, or 404. */
    static Uni<Identity> find(Actor actor, String id) {
        return Identity.<Identity>find("id = ?1 and organizationId = ?2", id, actor.organizationId()).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("Identity with id=" + id + " not found"));
    }

    /** The identities with their agents' and blocks' ids; blocks deleted in memory-service since are left out and unlinked. */
    Uni<List<IdentityView>> views(Actor actor, List<Identity> identities) {
        if (identities.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<String> ids = identities.stream().map(i -> i.id).toList();
        return Panache.withSession(() -> IdentityAgent.<IdentityAgent>list("identityId in ?1 order by createdAt, agentId", ids)
                        .chain(agents -> IdentityBlock.<IdentityBlock>list("identityId in ?1 order by createdAt, blockId", ids)
                                .map(blocks -> Map.entry(agents, blocks))))
                .chain(links -> existingBlocks(actor, links.getValue().stream().map(l -> l.blockId).toList()).map(existing -> {
                    Map<String, List<String>> agentsOf = new HashMap<>();
                    links.getKey().forEach(l -> agentsOf.computeIfAbsent(l.identityId, k -> new ArrayList<>()).add(l.agentId));
                    Map<String, List<String>> blocksOf = new HashMap<>();
                    links.getValue().stream().filter(l -> existing.contains(l.blockId))
                            .forEach(l -> blocksOf.computeIfAbsent(l.identityId, k -> new ArrayList<>()).add(l.blockId));
                    return identities.stream().map(i -> IdentityView.of(i, agentsOf.getOrDefault(i.id, List.of()),
                            blocksOf.getOrDefault(i.id, List.of()))).toList();
                }));
    }

    Uni<IdentityView> view(Actor actor, Identity i) {
        return views(actor, List.of(i)).map(List::getFirst);
    }

    /**
     * Which of these blocks still exist in memory-service (hidden ones included); links to the others are removed.
     */
    Uni<Set<String>> existingBlocks(Actor actor, Collection<String> blockIds) {
        return liveBlocks(actor, blockIds).map(IdentityService::ids);
    }

    /** These blocks as memory-service has them (hidden ones included); links to the others are removed. */
    private Uni<List<Block>> liveBlocks(Actor actor, Collection<String> blockIds) {
        return blocksFound(actor, blockIds).call(found -> {
            Set<String> existing = ids(found);
            List<String> gone = blockIds.stream().filter(id -> !existing.contains(id)).distinct().toList();
            return gone.isEmpty() ? Uni.createFrom().voidItem()
                    : Panache.withTransaction(() -> IdentityBlock.delete("blockId in ?1", gone)).replaceWithVoid();
        });
    }

    /** These blocks as memory-service has them, hidden ones included. */
    private Uni<List<Block>> blocksFound(Actor actor, Collection<String> blockIds) {
        return blockIds.isEmpty() ? Uni.createFrom().item(List.of()) : memory.listBlocks(actor, blockQuery(new LinkedHashSet<>(blockIds)));
    }

    private static Set<String> ids(List<Block> blocks) {
        Set<String> ids = new HashSet<>();
        blocks.forEach(b -> ids.add(b.id()));
        return ids;
    }

    /** The ids of the identity's agents, oldest link first. */
    public Uni<List<String>> agentIdsOf(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id).chain(i -> IdentityAgent.<IdentityAgent>list("identityId = ?1 order by createdAt, agentId", i.id)))
                .map(links -> links.stream().map(l -> l.agentId).toList());
    }

    /** The identity's blocks that memory-service still has; links to the others are removed. */
    public Uni<List<Block>> blocksOf(Actor actor, String id) {
        return Panache.withSession(() -> find(actor, id).chain(i -> IdentityBlock.<IdentityBlock>list("identityId", i.id)))
                .chain(links -> liveBlocks(actor, links.stream().map(l -> l.blockId).toList()));
    }

    /** memory-service's query for exactly these blocks, hidden ones included. */
    private static MultivaluedMap<String, String> blockQuery(Collection<String> blockIds) {
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        blockIds.forEach(id -> q.add("id", id));
        q.putSingle("show_hidden_blocks", "true");
        q.putSingle("limit", String.valueOf(Math.max(1, blockIds.size())));
        return q;
    }

    // --- writing

    public Uni<IdentityView> create(Actor actor, IdentityRequests.Create r) {
        Identity i = newIdentity(actor, r);
        return checked(actor, r.agentIds(), r.blockIds()).chain(links -> Panache.withTransaction(() -> conflictCheck(i)
                        .chain(() -> i.persist())
                        .chain(() -> replaceAgents(i.id, links.agents()))
                        .chain(() -> replaceBlocks(i.id, links.blocks())))
                .onFailure(UniqueViolations::is).transform(e -> conflict(i.identifierKey, i.projectId)))
                .chain(() -> view(actor, i));
    }

    /**
     * Letta's upsert: the identity with this key (and project), or a new one. An existing one takes the request's name,
     * type and properties (replaced), and its agents and blocks when the request gives them.
     */
    public Uni<IdentityView> upsert(Actor actor, IdentityRequests.Create r) {
        Identity fresh = newIdentity(actor, r);
        return checked(actor, r.agentIds(), r.blockIds()).chain(links -> Panache.withTransaction(() -> byKey(actor, fresh.identifierKey, fresh.projectId)
                        .chain(existing -> {
                            if (existing == null) {
                                return fresh.persist().chain(() -> replaceAgents(fresh.id, links.agents()))
                                        .chain(() -> replaceBlocks(fresh.id, links.blocks())).replaceWith(fresh);
                            }
                            existing.name = fresh.name;
                            existing.identityType = fresh.identityType;
                            existing.properties = fresh.properties;
                            touched(actor, existing);
                            Uni<Void> agents = r.agentIds() == null ? Uni.createFrom().voidItem() : replaceAgents(existing.id, links.agents());
                            Uni<Void> blocks = r.blockIds() == null ? Uni.createFrom().voidItem() : replaceBlocks(existing.id, links.blocks());
                            return agents.chain(() -> blocks).replaceWith(existing);
                        }))
                .onFailure(UniqueViolations::is).transform(e -> conflict(fresh.identifierKey, fresh.projectId)))
                .chain(i -> view(actor, i));
    }

    /** Letta's PATCH: given fields change; properties merge by key; agent and block ids are added to the identity's. */
    public Uni<IdentityView> update(Actor actor, String id, IdentityRequests.Update r) {
        String key = r.identifierKey() == null ? null : required("identifier_key", r.identifierKey());
        String name = r.name() == null ? null : required("name", r.name());
        String type = r.identityType() == null ? null : type("identity_type", r.identityType());
        ArrayNode properties = r.properties() == null || r.properties().isNull() ? null : properties(r.properties());
        return checked(actor, r.agentIds(), r.blockIds()).chain(links -> Panache.withTransaction(() -> find(actor, id).chain(i -> {
                    if (key != null) {
                        i.identifierKey = key;
                    }
                    if (name != null) {
                        i.name = name;
                    }
                    if (type != null) {
                        i.identityType = type;
                    }
                    if (properties != null) {
                        i.properties = merged(i.properties, properties);
                    }
                    touched(actor, i);
                    return Panache.getSession().chain(s -> s.flush())
                            .chain(() -> addAgents(i.id, links.agents()))
                            .chain(() -> addBlocks(i.id, links.blocks()))
                            .replaceWith(i);
                }))
                .onFailure(UniqueViolations::is).transform(e -> conflict(key, null)))
                .chain(i -> view(actor, i));
    }

    /** {@code PUT /v1/identities/{id}/properties}: the identity's properties become these. */
    public Uni<IdentityView> replaceProperties(Actor actor, String id, JsonNode body) {
        if (body == null || body.isNull()) {
            throw ApiException.unprocessable("body: Field required");
        }
        ArrayNode properties = properties(body);
        return Panache.withTransaction(() -> find(actor, id).invoke(i -> {
            i.properties = properties;
            touched(actor, i);
        })).chain(i -> view(actor, i));
    }

    public Uni<Void> delete(Actor actor, String id) {
        return Panache.withTransaction(() -> find(actor, id).call(i -> IdentityAgent.delete("identityId", i.id))
                .call(i -> IdentityBlock.delete("identityId", i.id)).call(i -> i.delete())).replaceWithVoid();
    }

    // --- an agent's and a block's identities

    /** Every identity of these agents, by agent, oldest link first (within the caller's session). */
    public static Uni<Map<String, List<Identity>>> ofAgents(Collection<String> agentIds) {
        if (agentIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createSelectionQuery("select l.agentId, i from IdentityAgent l join Identity i on i.id = l.identityId"
                        + " where l.agentId in :agents order by l.createdAt, i.id", Object[].class)
                .setParameter("agents", agentIds).getResultList())
                .map(rows -> {
                    Map<String, List<Identity>> out = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        out.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Identity) row[1]);
                    }
                    return out;
                });
    }

    /** The identity as an agent's {@code identities} show it: as Letta gives it there, without agent and block ids. */
    public static IdentityView shallow(Identity i) {
        return IdentityView.of(i, List.of(), List.of());
    }

    /**
     * Checks identity ids given with an agent ({@code identity_ids}): well-formed (422 naming the item), of the
     * organization (404); the ids without repeats.
     */
    public Uni<List<String>> require(Actor actor, String field, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            Ids.require("identity", field + "[" + i + "]", ids.get(i));
        }
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        return Panache.withSession(() -> Identity.<Identity>list("organizationId = ?1 and id in ?2", actor.organizationId(), distinct))
                .map(found -> {
                    Set<String> have = new HashSet<>();
                    found.forEach(i -> have.add(i.id));
                    List<String> missing = distinct.stream().filter(id -> !have.contains(id)).toList();
                    if (!missing.isEmpty()) {
                        throw ApiException.notFound(field + ": identities not found: " + missing);
                    }
                    return distinct;
                });
    }

    /** The agent's identities become these (already checked with {@link #require}). */
    public Uni<Void> replaceForAgent(String agentId, List<String> identityIds) {
        return Panache.withTransaction(() -> IdentityAgent.delete("agentId", agentId).chain(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            Instant now = now();
            for (String id : identityIds) {
                chain = chain.chain(() -> link(id, agentId, now));
            }
            return chain;
        }));
    }

    public Uni<Void> attachAgent(Actor actor, Agent agent, String identityId) {
        return Panache.withTransaction(() -> find(actor, identityId).chain(i -> addAgents(i.id, List.of(agent.id))));
    }

    public Uni<Void> detachAgent(Actor actor, Agent agent, String identityId) {
        return Panache.withTransaction(() -> find(actor, identityId)
                .chain(i -> IdentityAgent.delete("identityId = ?1 and agentId = ?2", i.id, agent.id))).replaceWithVoid();
    }

    public Uni<Void> attachBlock(Actor actor, String blockId, String identityId) {
        return Panache.withTransaction(() -> find(actor, identityId).chain(i -> addBlocks(i.id, List.of(blockId))));
    }

    public Uni<Void> detachBlock(Actor actor, String blockId, String identityId) {
        return Panache.withTransaction(() -> find(actor, identityId)
                .chain(i -> IdentityBlock.delete("identityId = ?1 and blockId = ?2", i.id, blockId))).replaceWithVoid();
    }

    /** A block deleted: its links go. */
    public Uni<Void> forgetBlock(String blockId) {
        return Panache.withTransaction(() -> IdentityBlock.delete("blockId", blockId)).replaceWithVoid();
    }

    /**
     * The ids of the blocks of the identity {@code identityId} and/or of the identities with these keys, in the
     * organization; null when neither filter is given.
     */
    public Uni<List<String>> blockIdsOf(Actor actor, String identityId, List<String> identifierKeys) {
        boolean byKeys = identifierKeys != null && !identifierKeys.isEmpty();
        if (identityId == null && !byKeys) {
            return Uni.createFrom().nullItem();
        }
        StringBuilder q = new StringBuilder("select distinct l.blockId from IdentityBlock l join Identity i on i.id = l.identityId"
                + " where i.organizationId = :org");
        if (identityId != null) {
            q.append(" and i.id = :identity");
        }
        if (byKeys) {
            q.append(" and i.identifierKey in :keys");
        }
        return Panache.withSession(() -> Panache.getSession().chain(s -> {
            var query = s.createSelectionQuery(q.toString(), String.class).setParameter("org", actor.organizationId());
            if (identityId != null) {
                query.setParameter("identity", identityId);
            }
            if (byKeys) {
                query.setParameter("keys", identifierKeys);
            }
            return query.getResultList();
        }));
    }

    // --- helpers

    /** The agents and blocks a request names, checked: well-formed, of the organization (404 naming what is missing). */
    private record Links(List<String> agents, List<String> blocks) {
    }

    private Uni<Links> checked(Actor actor, List<String> agentIds, List<String> blockIds) {
        List<String> agents = agentIds == null ? List.of() : List.copyOf(new LinkedHashSet<>(agentIds));
        List<String> blocks = blockIds == null ? List.of() : List.copyOf(new LinkedHashSet<>(blockIds));
        if (agentIds != null) {
            for (int i = 0; i < agentIds.size(); i++) {
                Ids.require("agent", "agent_ids[" + i + "]", agentIds.get(i));
            }
        }
        if (blockIds != null) {
            for (int i = 0; i < blockIds.size(); i++) {
                Ids.require("block", "block_ids[" + i + "]", blockIds.get(i));
            }
        }
        Uni<Void> agentsExist = agents.isEmpty() ? Uni.createFrom().voidItem()
                : Panache.withSession(() -> Agent.<Agent>list("organizationId = ?1 and id in ?2", actor.organizationId(), agents)).invoke(found -> {
                    Set<String> have = new HashSet<>();
                    found.forEach(a -> have.add(a.id));
                    List<String> missing = agents.stream().filter(id -> !have.contains(id)).toList();
                    if (!missing.isEmpty()) {
                        throw ApiException.notFound("agent_ids: agents not found: " + missing);
                    }
                }).replaceWithVoid();
        Uni<Void> blocksExist = blocksFound(actor, blocks).map(IdentityService::ids).invoke(have -> {
            List<String> missing = blocks.stream().filter(id -> !have.contains(id)).toList();
            if (!missing.isEmpty()) {
                throw ApiException.notFound("block_ids: blocks not found: " + missing);
            }
        }).replaceWithVoid();
        return agentsExist.chain(() -> blocksExist).replaceWith(new Links(agents, blocks));
    }

    private static Identity newIdentity(Actor actor, IdentityRequests.Create r) {
        if (r == null) {
            throw ApiException.unprocessable("body: Field required");
        }
        Identity i = new Identity();
        i.id = "identity-" + UUID.randomUUID();
        i.organizationId = actor.organizationId();
        i.identifierKey = required("identifier_key", r.identifierKey());
        i.name = required("name", r.name());
        i.identityType = type("identity_type", required("identity_type", r.identityType()));
        i.projectId = r.projectId();
        i.properties = r.properties() == null || r.properties().isNull() ? JSON.arrayNode() : properties(r.properties());
        i.createdAt = now();
        i.updatedAt = i.createdAt;
        i.createdById = actor.userId();
        i.lastUpdatedById = actor.userId();
        return i;
    }

    private static Uni<Identity> byKey(Actor actor, String key, String projectId) {
        return projectId == null
                ? Identity.<Identity>find("organizationId = ?1 and identifierKey = ?2 and projectId is null", actor.organizationId(), key).firstResult()
                : Identity.<Identity>find("organizationId = ?1 and identifierKey = ?2 and projectId = ?3", actor.organizationId(), key, projectId)
                        .firstResult();
    }

    private static Uni<Void> conflictCheck(Identity i) {
        return byKey(new Actor(i.organizationId, i.createdById), i.identifierKey, i.projectId).invoke(existing -> {
            if (existing != null) {
                throw conflict(i.identifierKey, i.projectId);
            }
        }).replaceWithVoid();
    }

    private static ApiException conflict(String key, String projectId) {
        return ApiException.conflict(projectId == null ? "An identity with identifier key " + key + " already exists"
                : "An identity with identifier key " + key + " already exists for project " + projectId);
    }

    private static Uni<Void> replaceAgents(String identityId, List<String> agentIds) {
        return IdentityAgent.delete("identityId", identityId).chain(() -> addAgents(identityId, agentIds));
    }

    private static Uni<Void> addAgents(String identityId, List<String> agentIds) {
        Instant now = now();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String agentId : agentIds) {
            chain = chain.chain(() -> IdentityAgent.count("identityId = ?1 and agentId = ?2", identityId, agentId)
                    .chain(n -> n > 0 ? Uni.createFrom().voidItem() : link(identityId, agentId, now)));
        }
        return chain;
    }

    private static Uni<Void> replaceBlocks(String identityId, List<String> blockIds) {
        return IdentityBlock.delete("identityId", identityId).chain(() -> addBlocks(identityId, blockIds));
    }

    private static Uni<Void> addBlocks(String identityId, List<String> blockIds) {
        Instant now = now();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String blockId : blockIds) {
            chain = chain.chain(() -> IdentityBlock.count("identityId = ?1 and blockId = ?2", identityId, blockId)
                    .chain(n -> n > 0 ? Uni.createFrom().voidItem() : linkBlock(identityId, blockId, now)));
        }
        return chain;
    }

    private static Uni<Void> link(String identityId, String agentId, Instant now) {
        IdentityAgent l = new IdentityAgent();
        l.identityId = identityId;
        l.agentId = agentId;
        l.createdAt = now;
        return l.persist().replaceWithVoid();
    }

    private static Uni<Void> linkBlock(String identityId, String blockId, Instant now) {
        IdentityBlock l = new IdentityBlock();
        l.identityId = identityId;
        l.blockId = blockId;
        l.createdAt = now;
        return l.persist().replaceWithVoid();
    }

    private static void touched(Actor actor, Identity i) {
        i.updatedAt = now();
        i.lastUpdatedById = actor.userId();
    }

    /** Present and not blank. */
    private static String required(String field, String value) {
        if (Requests.required(field, value).isBlank()) {
            throw ApiException.unprocessable(field + ": must not be blank");
        }
        return value;
    }

    static String type(String field, String value) {
        if (!TYPES.contains(value)) {
            throw ApiException.unprocessable(field + ": Input should be 'org', 'user' or 'other'");
        }
        return value;
    }

    /** Letta's IdentityProperty list: each {key, value, type}; the value a string, number, boolean or object. */
    static ArrayNode properties(JsonNode given) {
        if (!given.isArray()) {
            throw ApiException.unprocessable("properties: Input should be a valid list");
        }
        ArrayNode out = JSON.arrayNode();
        for (int i = 0; i < given.size(); i++) {
            JsonNode p = given.get(i);
            String at = "properties[" + i + "]";
            if (!p.isObject()) {
                throw ApiException.unprocessable(at + ": Input should be an object with key, value and type");
            }
            JsonNode key = p.get("key");
            if (key == null || !key.isTextual()) {
                throw ApiException.unprocessable(at + ".key: Field required (a string)");
            }
            JsonNode value = p.get("value");
            if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean() || value.isObject())) {
                throw ApiException.unprocessable(at + ".value: Input should be a string, a number, a boolean or an object");
            }
            JsonNode type = p.get("type");
            if (type == null || !PROPERTY_TYPES.contains(type.asText()) || !type.isTextual()) {
                throw ApiException.unprocessable(at + ".type: Input should be 'string', 'number', 'boolean' or 'json'");
            }
            ObjectNode o = out.addObject();
            o.put("key", key.asText());
            o.set("value", value);
            o.put("type", type.asText());
        }
        return out;
    }

    /** The old properties with the new ones over them, by key (new keys last, in the order given). */
    private static ArrayNode merged(JsonNode old, ArrayNode fresh) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        if (old != null) {
            old.forEach(p -> byKey.put(p.path("key").asText(), p));
        }
        fresh.forEach(p -> byKey.put(p.path("key").asText(), p));
        ArrayNode out = JSON.arrayNode();
        byKey.values().forEach(out::add);
        return out;
    }
}
