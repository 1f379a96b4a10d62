package dev.engram.agent.agentfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.agent.CreateAgent;
import dev.engram.agent.block.CreateBlock;
import dev.engram.agent.conversation.Conversation;
import dev.engram.agent.loop.Recompiler;
import dev.engram.agent.loop.VertxContexts;
import dev.engram.agent.tool.source.PythonParserException;
import dev.engram.agent.tool.source.PythonToolSchemas;
import dev.engram.agent.tool.source.ToolSchemaException;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import dev.engram.agent.mcp.McpServerEntity;
import dev.engram.agent.mcp.McpServerImport;
import dev.engram.agent.mcp.McpToolRows;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolRepository;
import dev.engram.agent.tool.ToolService;
import dev.engram.agent.tool.custom.CustomTools;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Imports an Agent File: the whole document is checked first (422 naming each problem by its JSON path, nothing
 * created); then tools, blocks, agents with their messages and windows, passages, folders are created with fresh
 * Engram ids, every reference of the file rewritten to them. If a step fails, what was created is removed again.
 *
 * <p>Tools follow Letta's rules: matched by name within the organization; a built-in is always the organization's own
 * (never changed by a file); an existing custom tool gets the file's source and schema when
 * {@code override_existing_tools} (the default), else stays as it is; a missing custom tool is created. Built-in tools
 * this server does not have, and tools of kinds it cannot run (Composio, MCP tools of no known server), are left out of the agent
 * with their tool rules.
 */
@ApplicationScoped
public class AgentFileImporter {

    private static final Logger LOG = Logger.getLogger(AgentFileImporter.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int PASSAGE_BATCH = 500;

    private final AgentService agents;
    private final ToolService toolService;
    private final ToolRepository tools;
    private final MemoryClient memory;
    private final FolderSection folders;
    @jakarta.inject.Inject
    GroupSection groups;
    private final ObjectMapper mapper;
    private final PythonToolSchemas schemas;
    private final McpServerImport mcpServers;

    public AgentFileImporter(AgentService agents, ToolService toolService, ToolRepository tools, MemoryClient memory,
                             FolderSection folders, ObjectMapper mapper, PythonToolSchemas schemas, McpServerImport mcpServers) {
        this.schemas = schemas;
        this.mcpServers = mcpServers;
        this.agents = agents;
        this.toolService = toolService;
        this.tools = tools;
        this.memory = memory;
        this.folders = folders;
        this.mapper = mapper;
    }

    /** The document of an uploaded file: JSON (also double-encoded, as Letta accepts), either format; 422 otherwise. */
    ObjectNode parse(byte[] bytes) {
        JsonNode doc;
        try {
            doc = mapper.readTree(bytes);
            if (doc != null && doc.isTextual()) {
                doc = mapper.readTree(doc.asText());
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ApiException.unprocessable("file: not a valid agent file: the JSON is malformed or truncated" + where + " ("
                    + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw ApiException.unprocessable("file: could not be read: " + e.getMessage());
        }
        if (doc == null || doc.isMissingNode() || !doc.isObject()) {
            throw ApiException.unprocessable("file: an agent file is a JSON object (got " + (doc == null ? "nothing"
                    : doc.getNodeType().toString().toLowerCase()) + ")");
        }
        if (LegacyAgentFile.isLegacy(doc)) {
            return LegacyAgentFile.toCurrent((ObjectNode) doc);
        }
        return (ObjectNode) doc;
    }

    public Uni<List<String>> importFile(Actor actor, byte[] bytes, ImportOptions options) {
        ObjectNode parsed;
        try {
            parsed = parse(bytes);
            ObjectNode doc = parsed;
            List<String> errors = AgentFileValidator.validate(doc);
            if (!errors.isEmpty()) {
                int shown = Math.min(errors.size(), 20);
                throw ApiException.unprocessable("Invalid agent file (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                        + "): " + String.join("; ", errors.subList(0, shown)) + (shown < errors.size() ? "; …" : ""));
            }
        } catch (ApiException e) {
            return Uni.createFrom().failure(e);
        }
        ObjectNode doc = parsed;
        String run = UUID.randomUUID().toString();
        ImportUndo undo = new ImportUndo();
        Map<String, String> ids = new HashMap<>();
        Set<String> leftOut = new HashSet<>();
        List<ToolEntity> overrides = new ArrayList<>();
        List<String> created = new ArrayList<>();
        Map<String, McpServerEntity> servers = new HashMap<>();
        return schemas(doc)
                .chain(() -> mcpServers.servers(actor, doc.get("mcp_servers"), undo::add).invoke(servers::putAll))
                .chain(() -> tools(actor, doc, options, ids, leftOut, overrides, servers, undo))
                .chain(() -> blocks(actor, run, doc, ids, undo))
                .chain(() -> agents(actor, run, doc, options, ids, leftOut, undo, created))
                .chain(() -> folders.importAll(actor, (ArrayNode) doc.get("sources"), (ArrayNode) doc.get("files"), agentIds(doc, ids),
                        doc, options, undo).invoke(ids::putAll).replaceWithVoid())
                .chain(() -> groups.importAll(actor, (ArrayNode) doc.get("groups"), ids, undo).invoke(ids::putAll).replaceWithVoid())
                .chain(() -> applyOverrides(overrides))
                .replaceWith(() -> List.copyOf(created))
                .onFailure().call(e -> undo.run());
    }

    private static Map<String, String> agentIds(ObjectNode doc, Map<String, String> ids) {
        Map<String, String> out = new LinkedHashMap<>();
        doc.get("agents").forEach(a -> out.put(a.get("id").asText(), ids.get(a.get("id").asText())));
        return out;
    }

    // --- tools

    /** Custom tools the file gives without a json_schema get one from their source, as Letta's tool creation does. */
    private Uni<Void> schemas(ObjectNode doc) {
        ArrayNode list = (ArrayNode) doc.get("tools");
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            boolean custom = CustomTools.TYPE.equals(t.path("tool_type").asText(CustomTools.TYPE));
            if (custom && t.hasNonNull("source_code") && !t.hasNonNull("json_schema")) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return VertxContexts.onCaller(Uni.createFrom().item(() -> {
            for (int i : missing) {
                ObjectNode t = (ObjectNode) list.get(i);
                JsonNode args = t.hasNonNull("args_json_schema") ? t.get("args_json_schema") : null;
                try {
                    t.set("json_schema", schemas.generate(t.get("source_code").asText(), args));
                } catch (ToolSchemaException e) {
                    throw ApiException.unprocessable("tools[" + i + "].source_code: " + e.createDetail());
                } catch (PythonParserException e) {
                    throw ApiException.unavailable("tools[" + i + "].source_code: could not be read: " + e.getMessage());
                }
            }
            return (Void) null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    private Uni<Void> tools(Actor actor, ObjectNode doc, ImportOptions options, Map<String, String> ids, Set<String> leftOut,
                            List<ToolEntity> overrides, Map<String, McpServerEntity> servers, ImportUndo undo) {
        ArrayNode list = (ArrayNode) doc.get("tools");
        if (list.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> names = new HashSet<>();
        list.forEach(t -> names.add(t.get("name").asText()));
        return toolService.ensureBuiltIns(actor.organizationId())
                .chain(() -> Panache.withTransaction(() -> tools.byNames(actor.organizationId(), names).chain(existing -> {
                    Map<String, ToolEntity> byName = new HashMap<>();
                    existing.forEach(t -> byName.put(t.name, t));
                    List<ToolEntity> fresh = new ArrayList<>();
                    for (JsonNode t : list) {
                        String fileId = t.get("id").asText();
                        String name = t.get("name").asText();
                        String type = t.path("tool_type").asText("custom");
                        ToolEntity have = byName.get(name);
                        boolean runnable = t.hasNonNull("source_code") && !t.get("source_code").asText().isBlank()
                                && (type.equals(CustomTools.TYPE) || !type.startsWith("letta_") && !type.startsWith("external_"));
                        if (have != null) {
                            ids.put(fileId, have.id);
                            if (CustomTools.TYPE.equals(have.toolType) && runnable && options.overrideExistingTools()) {
                                ToolEntity update = new ToolEntity();
                                update.id = have.id;
                                fill(update, t, actor);
                                overrides.add(update);
                            }
                        } else if (runnable) {
                            ToolEntity row = new ToolEntity();
                            row.id = "tool-" + UUID.randomUUID();
                            row.organizationId = actor.organizationId();
                            row.name = name;
                            row.toolType = CustomTools.TYPE;
                            row.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                            row.createdById = actor.userId();
                            fill(row, t, actor);
                            byName.put(name, row);
                            fresh.add(row);
                            ids.put(fileId, row.id);
                        } else if (McpToolRows.TYPE.equals(type) && servers.get(McpServerImport.serverOf(t, doc.get("mcp_servers"))) != null) {
                            // the file's server did not list it now (unreachable): the file's definition, owned by that server
                            ToolEntity row = McpServerImport.toolRow(t, servers.get(McpServerImport.serverOf(t, doc.get("mcp_servers"))), actor);
                            byName.put(name, row);
                            fresh.add(row);
                            ids.put(fileId, row.id);
                        } else {
                            leftOut.add(fileId);
                            LOG.infof("agent file import: tool %s (%s) left out: this server has no such tool", name, type);
                        }
                    }
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return tools.persist(fresh).invoke(() -> {
                        List<String> createdIds = fresh.stream().map(r -> r.id).toList();
                        undo.add("tools " + createdIds, () -> Panache.withTransaction(() -> tools.delete("id in ?1", createdIds)));
                    });
                }))).onFailure(AgentFileImporter::duplicateName)
                .transform(e -> ApiException.conflict("tools: a tool of the same name was created at the same time; import again"));
    }

    private static boolean duplicateName(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("tools_org_name_key")) {
                return true;
            }
        }
        return false;
    }

    /** A custom tool's definition from the file: source, schema, description, tags, limits, requirements. */
    private static void fill(ToolEntity row, JsonNode t, Actor actor) {
        row.sourceCode = t.get("source_code").asText();
        row.sourceType = "python";
        JsonNode schema = t.get("json_schema");
        row.jsonSchema = schema == null || schema.isNull() ? null : schema;
        JsonNode args = t.get("args_json_schema");
        row.argsJsonSchema = args == null || args.isNull() ? null : args;
        row.description = t.hasNonNull("description") ? t.get("description").asText()
                : schema == null ? null : schema.path("description").asText(null);
        row.tags = new ArrayList<>();
        t.path("tags").forEach(x -> row.tags.add(x.asText()));
        row.returnCharLimit = t.path("return_char_limit").canConvertToInt() ? t.get("return_char_limit").asInt() : 50_000;
        row.pipRequirements = nullable(t.get("pip_requirements"));
        row.npmRequirements = nullable(t.get("npm_requirements"));
        row.defaultRequiresApproval = t.hasNonNull("default_requires_approval") ? t.get("default_requires_approval").asBoolean() : null;
        row.enableParallelExecution = t.hasNonNull("enable_parallel_execution") ? t.get("enable_parallel_execution").asBoolean() : null;
        JsonNode meta = t.get("metadata_");
        row.metadata = meta == null || meta.isNull() || meta.isEmpty() ? null : meta;
        row.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        row.lastUpdatedById = actor.userId();
    }

    /** Existing custom tools get the file's definition, last (nothing to undo if an earlier step fails). */
    private Uni<Void> applyOverrides(List<ToolEntity> overrides) {
        if (overrides.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ToolEntity o : overrides) {
                chain = chain.chain(() -> tools.findById(o.id).invoke(t -> {
                    if (t != null) {
                        t.sourceCode = o.sourceCode;
                        t.sourceType = o.sourceType;
                        if (o.jsonSchema != null) {
                            t.jsonSchema = o.jsonSchema;
                        }
                        t.argsJsonSchema = o.argsJsonSchema;
                        t.description = o.description;
                        t.tags = o.tags;
                        t.returnCharLimit = o.returnCharLimit;
                        t.pipRequirements = o.pipRequirements;
                        t.npmRequirements = o.npmRequirements;
                        t.updatedAt = o.updatedAt;
                        t.lastUpdatedById = o.lastUpdatedById;
                    }
                }).replaceWithVoid());
            }
            return chain;
        });
    }

    private static JsonNode nullable(JsonNode n) {
        return n == null || n.isNull() ? null : n;
    }

    // --- blocks

    private Uni<Void> blocks(Actor actor, String run, ObjectNode doc, Map<String, String> ids, ImportUndo undo) {
        ArrayNode list = (ArrayNode) doc.get("blocks");
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < list.size(); i++) {
            JsonNode b = list.get(i);
            String path = "blocks[" + i + "]";
            String key = "import-" + run + "-" + path;
            chain = chain.chain(() -> memory.createBlock(actor, key, createBlock(b))
                    .onFailure(ApiException.class).transform(e -> located(path + " (" + b.get("id").asText() + ")", (ApiException) e))
                    .invoke(created -> {
                        ids.put(b.get("id").asText(), created.id());
                        undo.add("block " + created.id(), () -> memory.deleteBlock(actor, key + "-undo", created.id())
                                .onFailure(e -> e instanceof ApiException x && x.status() == 404).recoverWithNull());
                    }).replaceWithVoid());
        }
        return chain;
    }

    private static CreateBlock createBlock(JsonNode b) {
        List<String> tags = null;
        if (b.path("tags").isArray()) {
            tags = new ArrayList<>();
            for (JsonNode t : b.get("tags")) {
                tags.add(t.asText());
            }
        }
        Map<String, Object> metadata = null;
        JsonNode meta = b.hasNonNull("metadata") ? b.get("metadata") : b.get("metadata_");
        if (meta != null && meta.isObject()) {
            metadata = new LinkedHashMap<>();
            for (var e : meta.properties()) {
                metadata.put(e.getKey(), e.getValue());
            }
        }
        return new CreateBlock(b.get("label").asText(), b.get("value").asText(),
                b.path("limit").canConvertToInt() ? b.get("limit").asInt() : null, null, text(b, "template_name"),
                b.path("is_template").asBoolean(false) ? Boolean.TRUE : null, null, null, null, null,
                b.path("preserve_on_migration").asBoolean(false) ? Boolean.TRUE : null, b.path("read_only").asBoolean(false),
                text(b, "description"), metadata, b.hasNonNull("hidden") ? b.get("hidden").asBoolean() : null, tags);
    }

    // --- agents

    private Uni<Void> agents(Actor actor, String run, ObjectNode doc, ImportOptions options, Map<String, String> ids,
                             Set<String> leftOut, ImportUndo undo, List<String> created) {
        ArrayNode list = (ArrayNode) doc.get("agents");
        Set<String> leftOutNames = new HashSet<>();
        Map<String, String> toolNames = new HashMap<>();
        doc.get("tools").forEach(t -> toolNames.put(t.get("id").asText(), t.get("name").asText()));
        doc.get("tools").forEach(t -> {
            if (leftOut.contains(t.get("id").asText())) {
                leftOutNames.add(t.get("name").asText());
            }
        });
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String path = "agents[" + i + "] (" + a.get("id").asText() + ")";
            String key = "import-" + run + "-agents[" + i + "]";
            chain = chain.chain(() -> {
                CreateAgent request;
                Messages messages;
                try {
                    request = createAgent(a, options, ids, leftOut, leftOutNames, toolNames);
                    messages = messages(a, options.stripMessages());
                } catch (ApiException e) {
                    return Uni.createFrom().failure(located(path, e));
                } catch (IllegalArgumentException e) {
                    return Uni.createFrom().failure(ApiException.unprocessable(path + ": " + e.getMessage()));
                }
                return Uni.createFrom().deferred(() -> agents.create(actor, key, request, messages.history()))
                        .onFailure(ApiException.class).transform(e -> located(path, (ApiException) e))
                        .chain(agent -> {
                            ids.put(a.get("id").asText(), agent.id);
                            created.add(agent.id);
                            undo.add("agent " + agent.id, () -> agents.delete(actor, agent.id));
                            return passages(actor, key, agent, a.get("passages"), path)
                                    .chain(() -> conversations(actor, key, agent, a, messages, undo));
                        });
            });
        }
        return chain;
    }

    private CreateAgent createAgent(JsonNode a, ImportOptions options, Map<String, String> ids, Set<String> leftOut,
                                    Set<String> leftOutNames, Map<String, String> toolNames) {
        ObjectNode r = JSON.objectNode();
        String name = a.hasNonNull("name") ? a.get("name").asText() : null;
        if (options.name() != null) {
            name = options.name();
        } else if (options.appendCopySuffix() && name != null) {
            name = name + "_copy";
        }
        r.put("name", name);
        ArrayNode toolIds = r.putArray("tool_ids");
        a.path("tool_ids").forEach(t -> {
            if (!leftOut.contains(t.asText())) {
                toolIds.add(ids.get(t.asText()));
            }
        });
        ArrayNode blockIds = r.putArray("block_ids");
        a.path("block_ids").forEach(b -> blockIds.add(ids.get(b.asText())));
        // rules of tools the agent has: those of left-out tools and rules naming no tool of the agent (Letta keeps them) go
        Set<String> agentTools = new HashSet<>();
        a.path("tool_ids").forEach(t -> {
            String toolName = toolNames.get(t.asText());
            if (toolName != null && !leftOut.contains(t.asText())) {
                agentTools.add(toolName);
            }
        });
        ArrayNode rules = r.putArray("tool_rules");
        a.path("tool_rules").forEach(rule -> {
            String tool = rule.path("tool_name").asText();
            if (agentTools.contains(tool) && !leftOutNames.contains(tool)) {
                rules.add(rule.deepCopy());
            }
        });
        copy(a, r, "tags", "system", "agent_type", "description", "metadata", "model_settings", "compaction_settings",
                "context_window_limit", "timezone", "message_buffer_autoclear", "response_format", "template_id", "base_template_id",
                "hidden", "max_files_open", "per_file_view_window_char_limit");
        r.put("include_base_tools", false);
        r.put("include_multi_agent_tools", false);
        r.put("include_base_tool_rules", false);
        if (options.model() != null) {
            r.put("model", options.model());
        } else {
            copy(a, r, "model", "llm_config");
        }
        if (options.embedding() != null) {
            r.put("embedding", options.embedding());
        } else {
            copy(a, r, "embedding", "embedding_config");
        }
        String project = options.projectId() != null ? options.projectId() : text(a, "project_id");
        r.put("project_id", project);
        // secret keys come with empty values: the caller's secrets fill them in
        JsonNode env = a.hasNonNull("secrets") && a.get("secrets").isObject() ? a.get("secrets") : a.get("tool_exec_environment_variables");
        if (env != null && env.isObject() && !env.isEmpty()) {
            ObjectNode secrets = r.putObject("secrets");
            env.fieldNames().forEachRemaining(k -> secrets.put(k, options.secrets().getOrDefault(k, "")));
        } else if (env != null && env.isArray() && !env.isEmpty()) {
            ObjectNode secrets = r.putObject("secrets");
            env.forEach(v -> {
                if (v.hasNonNull("key")) {
                    secrets.put(v.get("key").asText(), options.secrets().getOrDefault(v.get("key").asText(), ""));
                }
            });
        }
        try {
            return mapper.treeToValue(r, CreateAgent.class);
        } catch (JsonProcessingException e) {
            throw ApiException.unprocessable(e.getOriginalMessage());
        }
    }

    /**
     * An agent's messages with fresh ids: those of its own thread with its window rewritten to them ({@code history}
     * null, a fresh window, when the file gives none), and those of each conversation (Engram's include_conversations).
     */
    record Messages(AgentService.History history, Map<String, String> ids, Map<String, List<MemoryRecords.MessageData>> byConversation) {
    }

    static Messages messages(JsonNode a, boolean strip) {
        Map<String, String> ids = new HashMap<>();
        List<MemoryRecords.MessageData> own = new ArrayList<>();
        Map<String, List<MemoryRecords.MessageData>> byConversation = new LinkedHashMap<>();
        Set<String> conversations = new HashSet<>();
        a.path("conversations").forEach(c -> conversations.add(c.path("id").asText()));
        Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS);
        JsonNode list = strip ? JSON.arrayNode() : a.path("messages");
        for (int j = 0; j < list.size(); j++) {
            JsonNode m = list.get(j);
            String id = "message-" + UUID.randomUUID();
            ids.put(m.get("id").asText(), id);
            String role = m.get("role").asText();
            if (role.equals("function")) {
                role = "tool";
            }
            JsonNode content = m.get("content");
            if (content == null || content.isNull()) {
                content = JSON.arrayNode();
            } else if (content.isTextual()) {
                content = Recompiler.content(content.asText());
            }
            Instant at = m.hasNonNull("created_at") ? Times.parse(m.get("created_at").asText()) : null;
            MemoryRecords.MessageData data = new MemoryRecords.MessageData(id, null, role, content, text(m, "name"),
                    nonEmpty(m.get("tool_calls")), text(m, "tool_call_id"), nonEmpty(m.get("tool_returns")), nonEmpty(m.get("approvals")),
                    text(m, "model"), text(m, "otid"), text(m, "sender_id"), null, null, null, null,
                    (at != null ? at : base.plus(j, ChronoUnit.MICROS)).truncatedTo(ChronoUnit.MICROS), null, null);
            String conversation = text(m, "conversation_id");
            if (conversation != null && conversations.contains(conversation)) {
                byConversation.computeIfAbsent(conversation, k -> new ArrayList<>()).add(data);
            } else {
                own.add(data);
            }
        }
        JsonNode window = a.get("in_context_message_ids");
        AgentService.History history = null;
        if (!strip && window != null && window.isArray() && !window.isEmpty()) {
            List<String> inContext = new ArrayList<>();
            window.forEach(w -> inContext.add(ids.get(w.asText())));
            history = new AgentService.History(own, inContext);
        }
        return new Messages(history, ids, byConversation);
    }

    /** Engram's conversations of an agent file: each conversation's row and its window (its own messages first). */
    private Uni<Void> conversations(Actor actor, String key, Agent agent, JsonNode a, Messages messages, ImportUndo undo) {
        JsonNode list = a.get("conversations");
        if (list == null || !list.isArray() || list.isEmpty() || messages.history() == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int j = 0; j < list.size(); j++) {
            JsonNode c = list.get(j);
            String fileId = c.get("id").asText();
            Conversation row = new Conversation();
            row.id = "conv-" + UUID.randomUUID();
            row.organizationId = actor.organizationId();
            row.agentId = agent.id;
            row.summary = text(c, "summary");
            row.model = text(c, "model");
            row.modelSettings = nonEmpty(c.get("model_settings"));
            Instant at = c.hasNonNull("created_at") ? Times.parse(c.get("created_at").asText()) : null;
            row.createdAt = at != null ? at : Instant.now().truncatedTo(ChronoUnit.MICROS);
            row.updatedAt = row.createdAt;
            row.createdById = actor.userId();
            row.lastUpdatedById = actor.userId();
            List<MemoryRecords.MessageData> own = messages.byConversation().getOrDefault(fileId, List.of()).stream()
                    .map(m -> new MemoryRecords.MessageData(m.id(), agent.id, m.role(), m.content(), m.name(), m.toolCalls(),
                            m.toolCallId(), m.toolReturns(), m.approvals(), m.model(), m.otid(), m.senderId(), null, null, null, null,
                            m.createdAt(), null, null)).toList();
            List<String> window = new ArrayList<>();
            c.path("in_context_message_ids").forEach(w -> window.add(messages.ids().get(w.asText())));
            MemoryRecords.CommitStep step = new MemoryRecords.CommitStep("step-" + UUID.randomUUID(), null, own, List.of(), window, null,
                    null, row.id);
            String path = "conversations[" + j + "] (" + fileId + ")";
            chain = chain.chain(() -> memory.initConversation(actor, key + "-" + row.id, agent.id, row.id,
                            new MemoryRecords.InitConversation(null, step))
                    .onFailure(ApiException.class).transform(e -> located(path, (ApiException) e))
                    .chain(() -> Panache.withTransaction(row::persist)).replaceWithVoid());
        }
        return chain;
    }

    /**
     * Engram's passages of an agent file, inserted in batches with the agent's embedding model; those that carry a
     * vector go with it (kept by memory-service when of the agent's model and dimension, else embedded again, logged).
     */
    private Uni<Void> passages(Actor actor, String key, Agent agent, JsonNode passages, String path) {
        if (passages == null || !passages.isArray() || passages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        boolean withVectors = false;
        for (JsonNode p : passages) {
            withVectors |= p.path("embedding").isArray();
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int start = 0; start < passages.size(); start += PASSAGE_BATCH) {
            List<MemoryRecords.CreatePassage> batch = new ArrayList<>();
            List<MemoryRecords.VectorPassage> vectorBatch = new ArrayList<>();
            for (int j = start; j < Math.min(passages.size(), start + PASSAGE_BATCH); j++) {
                JsonNode p = passages.get(j);
                List<String> tags = new ArrayList<>();
                p.path("tags").forEach(t -> tags.add(t.asText()));
                Instant at = p.hasNonNull("created_at") ? Times.parse(p.get("created_at").asText()) : null;
                java.time.OffsetDateTime created = at == null ? null : java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC);
                JsonNode meta = p.hasNonNull("metadata") ? p.get("metadata") : null;
                if (withVectors) {
                    vectorBatch.add(new MemoryRecords.VectorPassage(p.get("text").asText(), tags, created, meta, vector(p.get("embedding")),
                            p.hasNonNull("embedding_handle") ? p.get("embedding_handle").asText() : text(p.path("embedding_config"), "handle")));
                } else {
                    batch.add(new MemoryRecords.CreatePassage(p.get("text").asText(), tags, created, meta, agent.embedding));
                }
            }
            String batchKey = key + "-passages-" + start;
            int first = start;
            Uni<?> insert = withVectors
                    ? memory.insertPassagesWithVectors(actor, batchKey, agent.id, new MemoryRecords.VectorPassages(agent.embedding, vectorBatch))
                    .invoke(r -> {
                        if (r.reembedded() > 0) {
                            LOG.infof("agent file import: %s passages from %d: %d vectors kept, %s", path, first, r.vectorsKept(), r.note());
                        }
                    })
                    : memory.insertPassages(actor, batchKey, agent.id, new MemoryRecords.CreatePassages(batch));
            chain = chain.chain(() -> insert.onFailure(ApiException.class).transform(e -> located(path + ".passages", (ApiException) e))
                    .replaceWithVoid());
        }
        return chain;
    }

    private static float[] vector(JsonNode v) {
        if (v == null || !v.isArray()) {
            return null;
        }
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i).floatValue();
        }
        return out;
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            JsonNode v = from.get(f);
            if (v != null && !v.isNull()) {
                to.set(f, v);
            }
        }
    }

    private static JsonNode nonEmpty(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() && n.isEmpty() ? null : n;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The failure of one step, its detail saying which entity of the file it was about; 4xx stay as they are. */
    private static ApiException located(String where, ApiException e) {
        return new ApiException(e.status(), "Import failed at " + where + ": " + e.detail() + "; nothing was imported");
    }
}
