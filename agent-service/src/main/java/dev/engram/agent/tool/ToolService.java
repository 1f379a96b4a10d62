package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import dev.engram.agent.web.Cursors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Tools as the API shows them: the built-in tools, registered for each organization on first use. */
@ApplicationScoped
public class ToolService {

    /** The start of the 400 for unknown tool names; letta-code matches on it. */
    public static final String NOT_FOUND_BY_NAME = "Tools not found by name: ";

    private final ToolRegistry registry;
    private final ToolRepository tools;
    private final Set<String> seeded = ConcurrentHashMap.newKeySet();

    public ToolService(ToolRegistry registry, ToolRepository tools) {
        this.registry = registry;
        this.tools = tools;
    }

    /** The JSON schema the model sees: {name, description, parameters}. */
    public static ObjectNode jsonSchema(Tool tool) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("name", tool.name());
        schema.put("description", tool.description());
        schema.set("parameters", tool.parameters());
        return schema;
    }

    /** Registers (or refreshes) the built-in tools of the organization, once per process. */
    public Uni<Void> ensureBuiltIns(String org) {
        if (seeded.contains(org)) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (Tool tool : registry.all()) {
                all = all.chain(() -> upsert(org, tool));
            }
            return all;
        }).invoke(() -> seeded.add(org));
    }

    private Uni<Void> upsert(String org, Tool tool) {
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO agent.tools (id, organization_id, name, tool_type, description, json_schema, source_type, tags, "
                                + "return_char_limit, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'python', '{}', ?7, ?8, ?8) "
                                + "ON CONFLICT (organization_id, name) DO UPDATE SET tool_type = EXCLUDED.tool_type, "
                                + "description = EXCLUDED.description, json_schema = EXCLUDED.json_schema, updated_at = EXCLUDED.updated_at")
                .setParameter(1, "tool-" + UUID.randomUUID()).setParameter(2, org).setParameter(3, tool.name())
                .setParameter(4, tool.type()).setParameter(5, tool.description())
                .setParameter(6, new JsonText().convertToDatabaseColumn(jsonSchema(tool)))
                .setParameter(7, tool.returnCharLimit()).setParameter(8, now)
                .executeUpdate()).replaceWithVoid();
    }

    /** The organization's tools by name (descending unless ascending), filtered, then paged with Letta's cursors. */
    public Uni<List<ToolView>> list(Actor actor, ToolFilter filter, int limit, String before, String after, boolean ascending) {
        return ensureBuiltIns(actor.organizationId()).chain(() -> Panache.withSession(() -> tools.ofOrganization(actor.organizationId())))
                .map(all -> {
                    List<ToolView> matching = all.stream()
                            .filter(filter::matches)
                            .sorted(java.util.Comparator.comparing((ToolEntity t) -> t.name))
                            .map(ToolView::of).toList();
                    return Cursors.page(matching, ToolView::id, before, after, limit, ascending, "tool");
                });
    }

    public Uni<ToolView> get(Actor actor, String id) {
        return ensureBuiltIns(actor.organizationId()).chain(() -> Panache.withSession(() -> tools.findInOrg(actor.organizationId(), id)))
                .onItem().ifNull().failWith(() -> ApiException.notFound("Tool with id " + id + " not found"))
                .map(ToolView::of);
    }

    public Uni<Long> count(Actor actor, ToolFilter filter) {
        return ensureBuiltIns(actor.organizationId()).chain(() -> Panache.withSession(() -> tools.ofOrganization(actor.organizationId())))
                .map(all -> all.stream().filter(filter::matches).count());
    }

    /** Letta's add-base-tools: the built-in tools (registered again if deleted), as stored. */
    public Uni<List<ToolView>> baseTools(Actor actor) {
        seeded.remove(actor.organizationId());
        return ensureBuiltIns(actor.organizationId()).chain(() -> Panache.withSession(() -> tools.ofOrganization(actor.organizationId())))
                .map(all -> all.stream().filter(t -> t.toolType.startsWith("letta_")).map(ToolView::of).toList());
    }

    /**
     * The tool rows for an agent: the named tools, the tools with these ids, and the defaults of its type when asked;
     * in that order, each once. Unknown names are one 400 naming them all, unknown ids a 404.
     */
    public Uni<List<ToolEntity>> resolve(Actor actor, Collection<String> names, Collection<String> ids, Collection<String> defaults) {
        Set<String> wantedNames = new LinkedHashSet<>(defaults);
        wantedNames.addAll(names);
        return ensureBuiltIns(actor.organizationId()).chain(() -> Panache.withSession(() -> tools.byNames(actor.organizationId(), wantedNames)
                .chain(byName -> tools.byIds(actor.organizationId(), ids).map(byId -> {
                    Set<String> known = byName.stream().map(t -> t.name).collect(Collectors.toSet());
                    List<String> missing = names.stream().filter(n -> !known.contains(n)).distinct().toList();
                    if (!missing.isEmpty()) {
                        throw ApiException.badRequest(NOT_FOUND_BY_NAME + pythonList(missing));
                    }
                    Map<String, ToolEntity> found = byId.stream().collect(Collectors.toMap(t -> t.id, Function.identity()));
                    for (String id : ids) {
                        if (!found.containsKey(id)) {
                            throw ApiException.notFound("Tool with id " + id + " not found");
                        }
                    }
                    Map<String, ToolEntity> named = byName.stream().collect(Collectors.toMap(t -> t.name, Function.identity()));
                    List<ToolEntity> out = new ArrayList<>();
                    Set<String> seen = new LinkedHashSet<>();
                    for (String n : names) {
                        addOnce(out, seen, named.get(n));
                    }
                    for (String id : ids) {
                        addOnce(out, seen, found.get(id));
                    }
                    for (String n : defaults) {
                        addOnce(out, seen, named.get(n));
                    }
                    return out;
                }))));
    }

    /**
     * Letta's words, then the names as a Python list ({@code ['web_search', 'fetch_webpage']}): letta-code looks for
     * this text, drops the names it lists and creates the agent again without them.
     */
    static String pythonList(List<String> names) {
        return names.stream().map(ToolService::pythonString).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A string as Python's repr writes it: single quotes unless the text holds one and no double quote. */
    private static String pythonString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            }
        }
        return out.append(quote).toString();
    }

    private static void addOnce(List<ToolEntity> out, Set<String> seen, ToolEntity t) {
        if (t != null && seen.add(t.id)) {
            out.add(t);
        }
    }
}
