package dev.engram.memory.message;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.memory.block.BlockResponse;
import dev.engram.memory.json.JsonText;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the context of a step, which every step needs, in one round trip: the statements go out together on one
 * connection inside a read-only repeatable-read transaction, so they see one snapshot and the driver pipelines them.
 * Plain SQL mapped to the view's records: nothing is loaded as an entity, tracked and thrown away.
 */
@ApplicationScoped
public class ContextReader {

    private static final JsonText JSON = new JsonText();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    /** The thread of a statement: the default thread is a literal (its statements stay as they were), a conversation $3. */
    private static final String DEFAULT_THREAD = "'" + AgentContext.DEFAULT + "'";
    private static final String CONVERSATION_THREAD = "$3";

    private static String counts(String thread) {
        return """
                SELECT (SELECT version FROM memory.agent_contexts
                        WHERE agent_id = $1 AND conversation_id = %s AND organization_id = $2) AS version,
                       (SELECT count(*) FROM memory.messages WHERE organization_id = $2 AND agent_id = $1) AS recall,
                       (SELECT count(*) FROM memory.passages WHERE organization_id = $2 AND archive_id IN
                            (SELECT archive_id FROM memory.archive_agents WHERE agent_id = $1 AND organization_id = $2)) AS archival"""
                .formatted(thread);
    }

    private static String window(String thread) {
        return """
                SELECT m.id, m.agent_id, m.seq, m.role, m.content, m.name, m.tool_calls, m.tool_call_id, m.tool_returns, m.approvals,
                       m.model, m.otid, m.sender_id, m.group_id, m.step_id, m.run_id, m.is_err, m.created_at, m.conversation_id
                FROM memory.agent_contexts c
                CROSS JOIN LATERAL unnest(c.message_ids) WITH ORDINALITY AS w(id, pos)
                JOIN memory.messages m ON m.id = w.id AND m.organization_id = c.organization_id AND m.agent_id = c.agent_id
                WHERE c.agent_id = $1 AND c.conversation_id = %s AND c.organization_id = $2
                ORDER BY w.pos""".formatted(thread);
    }

    private static final String BLOCK_COLUMNS = """
            b.id, b.label, b.value, b.char_limit, b.description, b.read_only, b.metadata::text AS metadata, b.tags, b.hidden,
            b.project_id, b.is_template, b.template_name, b.template_id, b.base_template_id, b.deployment_id, b.entity_id,
            b.preserve_on_migration, b.organization_id, b.version, b.created_at, b.updated_at, b.created_by_id,
            b.last_updated_by_id""";
    private static final String BLOCKS = "SELECT " + BLOCK_COLUMNS + """

            FROM memory.block_attachments a JOIN memory.blocks b ON b.id = a.block_id
            WHERE a.organization_id = $2 AND a.agent_id = $1
            ORDER BY a.position""";
    /** The agent's blocks in attachment order, each label with an isolated copy in the conversation replaced by it. */
    private static final String CONVERSATION_BLOCKS = "SELECT " + BLOCK_COLUMNS + """

            FROM memory.block_attachments a
            LEFT JOIN memory.conversation_blocks i ON i.conversation_id = $3 AND i.label = a.label AND i.agent_id = a.agent_id
            JOIN memory.blocks b ON b.id = COALESCE(i.block_id, a.block_id)
            WHERE a.organization_id = $2 AND a.agent_id = $1
            ORDER BY a.position""";
    private static final String TAGS = """
            SELECT DISTINCT t FROM memory.passages p, unnest(p.tags) t
            WHERE p.organization_id = $2 AND p.archive_id IN
                (SELECT archive_id FROM memory.archive_agents WHERE agent_id = $1 AND organization_id = $2) ORDER BY t""";

    /** The statements of one kind of thread. */
    private record Statements(String counts, String window, String blocks) {
    }

    private static final Statements OF_DEFAULT = new Statements(counts(DEFAULT_THREAD), window(DEFAULT_THREAD), BLOCKS);
    private static final Statements OF_CONVERSATION = new Statements(counts(CONVERSATION_THREAD), window(CONVERSATION_THREAD),
            CONVERSATION_BLOCKS);

    private final Pool pool;

    public ContextReader(Pool pool) {
        this.pool = pool;
    }

    /**
     * Blocks, in-context messages in window order, and the memory counts of one thread of an agent.
     *
     * @param conversationId null for the agent's default thread (version 0 while it has no window); else a conversation,
     *                       404 when it has no window. Counts are the agent's, whatever the thread.
     */
    public Uni<ContextView> read(String org, String agentId, String conversationId) {
        Statements sql = conversationId == null ? OF_DEFAULT : OF_CONVERSATION;
        Tuple args = conversationId == null ? Tuple.of(agentId, org) : Tuple.of(agentId, org, conversationId);
        Tuple agentArgs = Tuple.of(agentId, org);
        // nothing waits for an answer before the COMMIT is sent: one round trip in all
        return pool.withConnection(conn -> Uni.combine().all().unis(
                        conn.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").execute(),
                        conn.preparedQuery(sql.counts()).execute(args),
                        conn.preparedQuery(sql.window()).execute(args),
                        conn.preparedQuery(sql.blocks()).execute(args),
                        conn.preparedQuery(TAGS).execute(agentArgs),
                        conn.query("COMMIT").execute())
                .collectFailures()
                .asTuple()
                .map(t -> {
                    Row counts = t.getItem2().iterator().next();
                    Long version = counts.getLong("version");
                    if (version == null && conversationId != null) {
                        throw MessageService.conversationNotFound(conversationId);
                    }
                    return new ContextView(agentId, version == null ? 0 : version, blocks(t.getItem4()), messages(t.getItem3()),
                            counts.getLong("recall"), counts.getLong("archival"), strings(t.getItem5()));
                }));
    }

    private static List<MessageData> messages(RowSet<Row> rows) {
        List<MessageData> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(new MessageData(r.getString("id"), r.getString("agent_id"), r.getString("role"), json(r, "content"),
                    r.getString("name"), json(r, "tool_calls"), r.getString("tool_call_id"), json(r, "tool_returns"), json(r, "approvals"),
                    r.getString("model"), r.getString("otid"), r.getString("sender_id"), r.getString("group_id"), r.getString("step_id"),
                    r.getString("run_id"), r.getBoolean("is_err"), time(r, "created_at"), r.getLong("seq"), r.getString("conversation_id")));
        }
        return out;
    }

    private static List<BlockResponse> blocks(RowSet<Row> rows) {
        List<BlockResponse> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String[] tags = r.getArrayOfStrings("tags");
            out.add(new BlockResponse(r.getString("id"), r.getString("label"), r.getString("value"), r.getInteger("char_limit"),
                    r.getString("description"), r.getBoolean("read_only"), metadata(r.getString("metadata")),
                    tags == null ? List.of() : new ArrayList<>(Arrays.asList(tags)), r.getBoolean("hidden"), r.getString("project_id"),
                    r.getBoolean("is_template"), r.getString("template_name"), r.getString("template_id"), r.getString("base_template_id"),
                    r.getString("deployment_id"), r.getString("entity_id"), r.getBoolean("preserve_on_migration"),
                    r.getString("organization_id"), r.getLong("version"), time(r, "created_at"), time(r, "updated_at"),
                    r.getString("created_by_id"), r.getString("last_updated_by_id")));
        }
        return out;
    }

    private static List<String> strings(RowSet<Row> rows) {
        List<String> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(r.getString(0)));
        return out;
    }

    private static JsonNode json(Row r, String column) {
        return JSON.convertToEntityAttribute(r.getString(column));
    }

    private static Map<String, Object> metadata(String text) {
        if (text == null) {
            return new LinkedHashMap<>();
        }
        try {
            return JsonText.MAPPER.readValue(text, MAP);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored block metadata is not readable", e);
        }
    }

    private static Instant time(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
