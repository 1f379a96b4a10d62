package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.Agent;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.conversation.Conversation;
import dev.engram.agent.conversation.ConversationRepository;
import dev.engram.agent.mcp.McpServerEntity;
import dev.engram.agent.mcp.McpServerRepository;
import dev.engram.agent.memory.Block;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
import dev.engram.agent.tool.ToolEntity;
import dev.engram.agent.tool.ToolView;
import dev.engram.agent.web.Actor;
import dev.engram.agent.web.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes an agent as Letta's Agent File (the {@code AgentFileSchema} of Letta's {@code letta/schemas/agent_file.py}):
 * top-level {@code agents, groups, blocks, files, sources, tools, mcp_servers, skills, metadata, created_at}, every id
 * replaced by a file id ({@code agent-0}, {@code block-0}, {@code tool-0}, {@code message-0}, ...), references
 * rewritten to them. The file holds the requested agent first, then every agent of its multi-agent groups (members and
 * manager, and theirs in turn), so a group travels whole; what several agents share (a block, a tool, an MCP server, a
 * folder and its files) is written once. Secrets are emptied (the agent's secret values, MCP servers' tokens, headers and env).
 */
@ApplicationScoped
public class AgentFileExporter {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int PAGE = 1000;

    private final AgentService agents;
    private final MemoryClient memory;
    private final McpServerRepository mcpServers;
    private final ConversationRepository conversations;
    private final FolderSection folders;
    @jakarta.inject.Inject
    GroupSection groups;
    private final ObjectMapper mapper;
    private final dev.engram.agent.agent.ModelConfigs models;

    public AgentFileExporter(AgentService agents, MemoryClient memory, McpServerRepository mcpServers,
                             ConversationRepository conversations, FolderSection folders, ObjectMapper mapper,
                             dev.engram.agent.agent.ModelConfigs models) {
        this.models = models;
        this.agents = agents;
        this.memory = memory;
        this.mcpServers = mcpServers;
        this.conversations = conversations;
        this.folders = folders;
        this.mapper = mapper;
    }

    public Uni<ObjectNode> export(Actor actor, String agentId, ExportOptions options) {
        return groups.reach(actor, agentId).chain(reach -> {
                    FileIds ids = new FileIds();
                    ObjectNode doc = JSON.objectNode();
                    doc.putArray("agents");
                    doc.putArray("groups"); // filled by GroupSection
                    doc.putArray("blocks");
                    doc.putArray("files");
                    doc.putArray("sources");
                    doc.putArray("tools");
                    doc.putArray("mcp_servers");
                    if (options.skills() != null && options.skills().isArray()) {
                        doc.set("skills", options.skills());
                    } else {
                        doc.putArray("skills");
                    }
                    ObjectNode metadata = doc.putObject("metadata");
                    metadata.put("revision_id", "engram");
                    doc.put("created_at", time(Instant.now()));
                    reach.agentIds().forEach(id -> ids.of("agent", id)); // agent-0 the requested one, then its groups' agents
                    Set<String> written = new HashSet<>();
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (String id : reach.agentIds()) {
                        // the conversation option names a thread of the requested agent; the others give their own thread
                        String thread = id.equals(agentId) ? options.conversationId() : null;
                        all = all.chain(() -> agent(actor, id, thread, options, doc, ids, written));
                    }
                    return all.invoke(() -> groups.export(reach, doc, ids)).replaceWith(doc);
                });
    }

    /**
     * Adds one agent to the document: its section (messages, window, folders, passages and conversations as the
     * options ask) and the blocks, tools and MCP servers no agent before it brought ({@code written}: Engram ids).
     */
    private Uni<Void> agent(Actor actor, String agentId, String thread, ExportOptions options, ObjectNode doc, FileIds ids,
                            Set<String> written) {
        return agents.forRun(actor, agentId).chain(loaded -> {
            Uni<MemoryRecords.ContextView> context = memory.context(actor, agentId, thread);
            Uni<List<JsonNode>> messages = options.scrubMessages() ? Uni.createFrom().item(List.of())
                    : allMessages(actor, agentId, options.includeConversations() ? null : thread == null ? "default" : thread, null,
                    new ArrayList<>());
            return Uni.combine().all().unis(memory.agentBlocks(actor, agentId), context, messages, servers(actor, loaded.tools()))
                    .asTuple()
                    .chain(t -> {
                        ArrayNode blocks = (ArrayNode) doc.get("blocks");
                        ArrayNode tools = (ArrayNode) doc.get("tools");
                        ArrayNode servers = (ArrayNode) doc.get("mcp_servers");
                        Agent a = loaded.agent();
                        String agentFileId = ids.of("agent", a.id);
                        List<Block> sortedBlocks = new ArrayList<>(t.getItem1());
                        sortedBlocks.sort(Comparator.comparing(Block::label));
                        for (McpServerEntity s : t.getItem4()) {
                            ids.of("mcp_server", s.id);
                        }
                        ObjectNode agent = ((ArrayNode) doc.get("agents")).addObject();
                        ArrayNode window = JSON.arrayNode();
                        ArrayNode messageList = JSON.arrayNode();
                        if (!options.scrubMessages()) {
                            List<MemoryRecords.MessageData> inContext = t.getItem2().messages();
                            Set<String> listed = new LinkedHashSet<>();
                            for (JsonNode m : t.getItem3()) {
                                listed.add(m.path("id").asText());
                                messageList.add(message(m, ids, agentFileId));
                            }
                            for (MemoryRecords.MessageData m : inContext) {
                                if (!listed.contains(m.id())) { // a window entry from another thread's history (a fork)
                                    messageList.add(message(mapper.valueToTree(m), ids, agentFileId));
                                }
                                window.add(ids.of("message", m.id()));
                            }
                        }
                        agentFields(agent, a, loaded.tools(), sortedBlocks, ids);
                        agent.put("id", agentFileId);
                        agent.set("in_context_message_ids", window);
                        agent.set("messages", messageList);
                        agent.putArray("files_agents");
                        agent.putArray("group_ids");
                        for (Block b : sortedBlocks) {
                            if (written.add(b.id())) {
                                blocks.add(block(b, ids.of("block", b.id())));
                            }
                        }
                        List<ToolEntity> sortedTools = new ArrayList<>(loaded.tools());
                        sortedTools.sort(Comparator.comparing(x -> x.name));
                        for (ToolEntity tool : sortedTools) {
                            if (written.add(tool.id)) {
                                tools.add(tool(tool, ids));
                            }
                        }
                        for (McpServerEntity s : t.getItem4()) {
                            if (written.add(s.id)) {
                                servers.add(server(s, ids.of("mcp_server", s.id)));
                            }
                        }
                        Uni<Void> extra = folders.export(actor, a.id, agentFileId, doc, agent, ids::of);
                        if (options.includePassages()) {
                            extra = extra.chain(() -> passages(actor, a.id, null, JSON.arrayNode(), options.includeVectors())
                                    .invoke(p -> agent.set("passages", p)).replaceWithVoid());
                        }
                        if (options.includeConversations()) {
                            extra = extra.chain(() -> conversations(actor, a.id, ids).invoke(c -> agent.set("conversations", c))
                                    .replaceWithVoid());
                        }
                        return extra;
                    });
        });
    }

    /** The agent as Letta's AgentSchema (a CreateAgent plus id, window, messages): keys in Letta's order. */
    private void agentFields(ObjectNode out, Agent a, List<ToolEntity> tools, List<Block> blocks, FileIds ids) {
        out.put("name", a.name);
        out.putArray("memory_blocks");
        out.putArray("tools");
        ArrayNode toolIds = out.putArray("tool_ids");
        for (ToolEntity t : tools) {
            toolIds.add(ids.of("tool", t.id));
        }
        out.putArray("source_ids");
        out.putNull("folder_ids");
        ArrayNode blockIds = out.putArray("block_ids");
        for (Block b : blocks) {
            blockIds.add(ids.of("block", b.id()));
        }
        out.set("tool_rules", a.toolRules == null ? JSON.arrayNode() : a.toolRules.deepCopy());
        ArrayNode tags = out.putArray("tags");
        (a.tags == null ? List.<String>of() : a.tags).forEach(tags::add);
        out.put("system", a.system);
        out.put("agent_type", a.agentType);
        out.putNull("initial_message_sequence");
        out.put("include_base_tools", false);
        out.put("include_multi_agent_tools", false);
        out.put("include_base_tool_rules", false);
        out.put("include_default_source", false);
        out.put("description", a.description);
        out.set("metadata", a.metadata == null ? JSON.nullNode() : a.metadata);
        out.set("llm_config", a.llmConfig == null ? JSON.nullNode() : a.llmConfig);
        out.set("embedding_config", a.embeddingConfig == null ? JSON.nullNode() : a.embeddingConfig);
        out.put("model", a.model);
        out.put("embedding", a.embedding);
        out.set("model_settings", a.modelSettings == null ? JSON.nullNode() : a.modelSettings);
        out.set("compaction_settings", a.compactionSettings == null ? JSON.nullNode() : a.compactionSettings);
        if (a.contextWindowLimit == null) {
            out.putNull("context_window_limit");
        } else {
            out.put("context_window_limit", a.contextWindowLimit);
        }
        out.putNull("embedding_chunk_size");
        out.putNull("max_tokens");
        out.putNull("max_reasoning_tokens");
        out.put("enable_reasoner", false);
        out.putNull("reasoning");
        out.putNull("from_template");
        out.put("template", false);
        out.putNull("project");
        // secrets: the keys, never the values
        ObjectNode env = out.putObject("tool_exec_environment_variables");
        a.environment().keySet().forEach(k -> env.put(k, ""));
        if (env.isEmpty()) {
            out.putNull("secrets");
        } else {
            out.set("secrets", env.deepCopy());
        }
        out.putNull("memory_variables");
        out.put("project_id", a.projectId);
        out.put("template_id", a.templateId);
        out.put("base_template_id", a.baseTemplateId);
        out.putNull("identity_ids");
        out.put("message_buffer_autoclear", a.messageBufferAutoclear);
        out.put("enable_sleeptime", false);
        out.set("response_format", a.responseFormat == null ? JSON.nullNode() : a.responseFormat);
        out.put("timezone", a.timezone);
        if (a.maxFilesOpen == null) {
            out.putNull("max_files_open");
        } else {
            out.put("max_files_open", a.maxFilesOpen);
        }
        if (a.perFileViewWindowCharLimit == null) {
            out.putNull("per_file_view_window_char_limit");
        } else {
            out.put("per_file_view_window_char_limit", a.perFileViewWindowCharLimit);
        }
        if (a.hidden == null) {
            out.putNull("hidden");
        } else {
            out.put("hidden", a.hidden);
        }
        out.putNull("parallel_tool_calls");
    }

    /** A stored message (memory-service's raw view) as Letta's MessageSchema. */
    private static ObjectNode message(JsonNode m, FileIds ids, String agentFileId) {
        ObjectNode out = JSON.objectNode();
        out.put("type", "message");
        out.put("role", m.path("role").asText());
        JsonNode content = m.get("content");
        out.set("content", content == null ? JSON.arrayNode() : content);
        out.set("name", orNull(m.get("name")));
        out.set("otid", orNull(m.get("otid")));
        out.set("sender_id", orNull(m.get("sender_id")));
        out.putNull("batch_item_id");
        out.set("group_id", orNull(m.get("group_id")));
        out.put("id", ids.of("message", m.path("id").asText()));
        out.set("model", orNull(m.get("model")));
        out.put("agent_id", agentFileId);
        out.set("tool_calls", orNull(m.get("tool_calls")));
        out.set("tool_call_id", orNull(m.get("tool_call_id")));
        JsonNode returns = m.get("tool_returns");
        out.set("tool_returns", returns == null || returns.isNull() ? JSON.arrayNode() : returns);
        out.set("created_at", orNull(m.get("created_at")));
        out.putNull("approve");
        out.putNull("approval_request_id");
        out.putNull("denial_reason");
        out.set("approvals", orNull(m.get("approvals")));
        String conversation = m.hasNonNull("conversation_id") ? m.get("conversation_id").asText() : null;
        if (conversation != null) { // Engram's: the thread it was written in (include_conversations)
            out.put("conversation_id", ids.of("conv", conversation));
        }
        return out;
    }

    private ObjectNode block(Block b, String fileId) {
        ObjectNode out = JSON.objectNode();
        out.put("value", b.value());
        out.put("limit", b.limit());
        out.put("project_id", b.projectId());
        out.put("template_name", b.templateName());
        out.put("is_template", b.isTemplate());
        out.put("template_id", b.templateId());
        out.put("base_template_id", b.baseTemplateId());
        out.put("deployment_id", b.deploymentId());
        out.put("entity_id", b.entityId());
        out.put("preserve_on_migration", Boolean.TRUE.equals(b.preserveOnMigration()));
        out.put("label", b.label());
        out.put("read_only", b.readOnly());
        out.put("description", b.description());
        out.set("metadata", b.metadata() == null ? JSON.objectNode() : (JsonNode) mapper.valueToTree(b.metadata()));
        if (b.hidden() == null) {
            out.putNull("hidden");
        } else {
            out.put("hidden", b.hidden());
        }
        if (b.tags() != null && !b.tags().isEmpty()) { // Engram's block tags
            ArrayNode tags = out.putArray("tags");
            b.tags().forEach(tags::add);
        }
        out.put("id", fileId);
        return out;
    }

    /** Letta's ToolSchema: the Tool as the API shows it, with its file id; an MCP tool's server id rewritten. */
    private ObjectNode tool(ToolEntity t, FileIds ids) {
        ObjectNode out = mapper.valueToTree(ToolView.of(t));
        out.put("id", ids.of("tool", t.id));
        out.remove("project_id");
        JsonNode meta = out.get("metadata_");
        if (meta != null && meta.path("mcp").isObject() && meta.path("mcp").hasNonNull("server_id")) {
            ObjectNode copy = meta.deepCopy();
            String serverFileId = ids.known(meta.path("mcp").path("server_id").asText());
            if (serverFileId != null) {
                ((ObjectNode) copy.get("mcp")).put("server_id", serverFileId);
            } else {
                ((ObjectNode) copy.get("mcp")).remove("server_id");
            }
            out.set("metadata_", copy);
        }
        return out;
    }

    /** Letta's MCPServerSchema: type, name, URL, the stdio command without its env; no token, no headers. */
    private static ObjectNode server(McpServerEntity s, String fileId) {
        ObjectNode out = JSON.objectNode();
        out.put("id", fileId);
        out.put("server_type", s.serverType);
        out.put("server_name", s.serverName);
        out.put("server_url", s.serverUrl);
        if (s.command != null) {
            ObjectNode stdio = out.putObject("stdio_config");
            stdio.put("server_name", s.serverName);
            stdio.put("type", "stdio");
            stdio.put("command", s.command);
            ArrayNode args = stdio.putArray("args");
            (s.args == null ? List.<String>of() : s.args).forEach(args::add);
        } else {
            out.putNull("stdio_config");
        }
        out.putNull("metadata_");
        return out;
    }

    private Uni<List<McpServerEntity>> servers(Actor actor, List<ToolEntity> tools) {
        Set<String> ids = new LinkedHashSet<>();
        tools.stream().filter(t -> t.mcpServerId != null).forEach(t -> ids.add(t.mcpServerId));
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withSession(() -> mcpServers.ofOrganization(actor.organizationId()))
                .map(all -> all.stream().filter(s -> ids.contains(s.id)).sorted(Comparator.comparing(s -> s.serverName)).toList());
    }

    /** Every stored message of the thread ({@code null}: of every thread), oldest first. */
    private Uni<List<JsonNode>> allMessages(Actor actor, String agentId, String thread, String after, List<JsonNode> into) {
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        q.putSingle("view", "raw");
        q.putSingle("order", "asc");
        q.putSingle("limit", String.valueOf(PAGE));
        if (thread != null) {
            q.putSingle("conversation_id", thread);
        }
        if (after != null) {
            q.putSingle("after", after);
        }
        return memory.messages(actor, agentId, q).chain(page -> {
            into.addAll(page);
            if (page.size() < PAGE) {
                return Uni.createFrom().item(into);
            }
            return allMessages(actor, agentId, thread, page.getLast().path("id").asText(), into);
        });
    }

    /** Engram's {@code passages}: text, tags, metadata, time, embedding model; with {@code vectors} each one's vector. */
    private Uni<ArrayNode> passages(Actor actor, String agentId, String after, ArrayNode into, boolean vectors) {
        if (vectors) {
            return passageVectors(actor, agentId, null, into);
        }
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        q.putSingle("limit", String.valueOf(PAGE));
        q.putSingle("ascending", "true");
        if (after != null) {
            q.putSingle("after", after);
        }
        return memory.passages(actor, agentId, q).chain(page -> {
            for (MemoryRecords.Passage p : page) {
                passage(into.addObject(), p.text(), p.tags(), p.metadata(), p.embeddingHandle(), p.createdAt());
            }
            if (page.size() < PAGE) {
                return Uni.createFrom().item(into);
            }
            return passages(actor, agentId, page.getLast().id(), into, false);
        });
    }

    /** The passages with {@code embedding} (null when not embedded yet) and its {@code embedding_config}. */
    private Uni<ArrayNode> passageVectors(Actor actor, String agentId, String after, ArrayNode into) {
        return memory.passageVectors(actor, agentId, after, PAGE).chain(page -> {
            for (MemoryRecords.PassageVector p : page) {
                ObjectNode out = passage(into.addObject(), p.text(), p.tags(), p.metadata(), p.embeddingHandle(), p.createdAt());
                if (p.embedding() == null) {
                    out.putNull("embedding");
                    out.putNull("embedding_config");
                    continue;
                }
                ArrayNode v = out.putArray("embedding");
                for (float x : p.embedding()) {
                    v.add(x);
                }
                out.set("embedding_config", embeddingConfig(p.embeddingHandle(), p.embedding().length));
            }
            if (page.size() < PAGE) {
                return Uni.createFrom().item(into);
            }
            return passageVectors(actor, agentId, page.getLast().id(), into);
        });
    }

    private static ObjectNode passage(ObjectNode out, String text, List<String> tags, JsonNode metadata, String handle, Instant createdAt) {
        out.put("text", text);
        ArrayNode tagList = out.putArray("tags");
        (tags == null ? List.<String>of() : tags).forEach(tagList::add);
        out.set("metadata", metadata == null ? JSON.nullNode() : metadata);
        out.put("embedding_handle", handle);
        out.put("created_at", time(createdAt));
        return out;
    }

    /** Letta's EmbeddingConfig of the vector's model, with the vector's own dimension. */
    private ObjectNode embeddingConfig(String handle, int dim) {
        ObjectNode config;
        try {
            config = models.embeddingConfig(handle).deepCopy();
        } catch (ApiException e) {
            config = JSON.objectNode().put("handle", handle);
        }
        config.put("embedding_dim", dim);
        return config;
    }

    /** Engram's {@code conversations}: each with its summary, model and window (file message ids). */
    private Uni<ArrayNode> conversations(Actor actor, String agentId, FileIds ids) {
        return Panache.withSession(() -> conversations.find("organizationId = ?1 and agentId = ?2 order by createdAt",
                actor.organizationId(), agentId).list()).chain(list -> {
            ArrayNode out = JSON.arrayNode();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Conversation c : list) {
                chain = chain.chain(() -> memory.context(actor, agentId, c.id).map(ctx -> {
                    ObjectNode o = out.addObject();
                    o.put("id", ids.of("conv", c.id));
                    o.put("summary", c.summary);
                    o.put("model", c.model);
                    o.set("model_settings", c.modelSettings == null ? JSON.nullNode() : c.modelSettings);
                    ArrayNode window = o.putArray("in_context_message_ids");
                    ctx.messages().forEach(m -> window.add(ids.of("message", m.id())));
                    o.put("created_at", time(c.createdAt));
                    return o;
                }).onFailure(e -> e instanceof ApiException x && x.status() == 404).recoverWithNull().replaceWithVoid());
            }
            return chain.replaceWith(out);
        });
    }

    private static JsonNode orNull(JsonNode n) {
        return n == null ? JSON.nullNode() : n;
    }

    static String time(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC).toString();
    }
}
