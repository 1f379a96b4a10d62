package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.agent.AgentRepository;
import dev.engram.agent.agent.AgentService;
import dev.engram.agent.memory.MemoryClient;
import dev.engram.agent.memory.MemoryRecords;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The organization's messages across its agents: listed, one by id, and searched. Search is PostgreSQL full-text
 * search in memory-service (messages have no embeddings here), so the {@code vector} and {@code hybrid} search modes
 * are accepted and answered by it as well.
 */
@ApplicationScoped
public class OrgMessageService {

    private static final Set<String> SEARCH_MODES = Set.of("vector", "fts", "hybrid");
    private static final List<String> ROLES = List.of("assistant", "user", "tool", "function", "system", "approval", "summary");
    private static final Pattern CONVERSATION = Pattern.compile("^(default|conv-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$");
    /** The usual reciprocal rank fusion constant. */
    private static final double RRF_K = 60;

    private final MemoryClient memory;
    private final AgentRepository agents;
    private final AgentService agentService;

    public OrgMessageService(MemoryClient memory, AgentRepository agents, AgentService agentService) {
        this.memory = memory;
        this.agents = agents;
        this.agentService = agentService;
    }

    /** Every message of the organization as Letta messages, with Letta's cursors. */
    public Uni<List<JsonNode>> list(Actor actor, String before, String after, Integer limit, String order, String conversationId,
                                    List<String> includeTypes) {
        if (limit != null && limit < 1) {
            throw ApiException.unprocessable("limit: Input should be greater than 0");
        }
        Requests.order(order);
        if (conversationId != null && !CONVERSATION.matcher(conversationId).matches()) {
            // not the id of any conversation: nothing is in it
            return Uni.createFrom().item(List.of());
        }
        MultivaluedMap<String, String> q = view();
        q.putSingle("order", order == null ? "desc" : order);
        q.putSingle("limit", String.valueOf(limit == null ? 100 : limit));
        put(q, "before", before);
        put(q, "after", after);
        put(q, "conversation_id", conversationId);
        if (includeTypes != null) {
            includeTypes.forEach(t -> q.add("include_return_message_types", t));
        }
        return withInnerThoughts(actor, q).chain(query -> memory.allMessages(actor, query));
    }

    /** The Letta messages of one stored message, in natural order; 404 when it is not the organization's. */
    public Uni<List<ObjectNode>> get(Actor actor, String messageId) {
        return withInnerThoughts(actor, view()).chain(q -> memory.message(actor, messageId, q))
                .invoke(m -> dev.engram.agent.auth.Caller.requireMessageOf(m.agentId(), messageId))
                .map(MemoryRecords.StoredMessage::letta);
    }

    /** Letta's search_all_messages: user and assistant messages as list results (tool and approval rows are left out). */
    public Uni<List<ObjectNode>> searchAll(Actor actor, MessageSearchRequests.SearchAllMessagesRequest r) {
        if (r.query() == null) {
            throw ApiException.unprocessable("body.query: Field required");
        }
        mode(r.searchMode());
        if (r.conversationId() != null && !CONVERSATION.matcher(r.conversationId()).matches()) {
            return Uni.createFrom().item(List.of());
        }
        MemoryRecords.MessageSearch search = new MemoryRecords.MessageSearch(r.query(), List.of("user", "assistant"), null, null,
                r.conversationId(), limit(r.limit()), date("body.start_date", r.startDate(), false), date("body.end_date", r.endDate(), true));
        return agent(actor, r.agentId(), "body.agent_id")
                .chain(agentId -> memory.searchMessages(actor, withAgent(search, agentId)))
                .chain(hits -> Panache.withSession(() -> agents.innerThoughtsAgentIds(actor.organizationId()))
                        .map(inner -> MessageListResults.of(hits, new HashSet<>(inner))));
    }

    /** Letta's search_messages: raw messages with their ranks. */
    public Uni<List<MessageSearchRequests.MessageSearchResult>> search(Actor actor, MessageSearchRequests.MessageSearchRequest r) {
        mode(r.searchMode());
        if (r.roles() != null) {
            for (int i = 0; i < r.roles().size(); i++) {
                if (!ROLES.contains(r.roles().get(i))) {
                    throw ApiException.unprocessable("body.roles[" + i + "]: Input should be " + String.join(", ",
                            ROLES.stream().map(x -> "'" + x + "'").toList()));
                }
            }
        }
        if (r.conversationId() != null && !CONVERSATION.matcher(r.conversationId()).matches()) {
            return Uni.createFrom().item(List.of());
        }
        String start = date("body.start_date", r.startDate(), false);
        String end = date("body.end_date", r.endDate(), true);
        int limit = limit(r.limit());
        Uni<List<String>> scoped = r.projectId() == null && r.templateId() == null ? Uni.createFrom().nullItem()
                : Panache.withSession(() -> agents.idsOf(actor.organizationId(), r.projectId(), r.templateId()));
        return agent(actor, r.agentId(), "body.agent_id").chain(agentId -> scoped.chain(agentIds -> memory.searchMessages(actor,
                        new MemoryRecords.MessageSearch(r.query(), r.roles(), agentId, agentIds, r.conversationId(), limit, start, end))))
                .map(hits -> {
                    List<MessageSearchRequests.MessageSearchResult> out = new ArrayList<>();
                    for (int i = 0; i < hits.size(); i++) {
                        MemoryRecords.MessageSearchHit hit = hits.get(i);
                        Integer rank = hit.ftsRank() == null ? null : i + 1;
                        out.add(new MessageSearchRequests.MessageSearchResult(hit.embeddedText(), raw(hit.message()), rank, null,
                                rank == null ? 0 : 1 / (RRF_K + rank)));
                    }
                    return out;
                });
    }

    /** The stored message in Letta's Message shape. */
    public static MessageSearchRequests.RawMessage raw(MemoryRecords.MessageData m) {
        JsonNode approval = m.approvals() != null && m.approvals().isArray() && !m.approvals().isEmpty() ? m.approvals().get(0) : null;
        return new MessageSearchRequests.RawMessage(m.id(), m.agentId(), m.model(), m.role(), m.content(), m.name(), m.toolCalls(),
                m.toolCallId(), m.stepId(), m.runId(), m.otid(), m.toolReturns(), m.groupId(), m.senderId(), null, m.conversationId(),
                m.isErr(), approval == null ? null : text(approval, "tool_call_id"),
                approval == null || !approval.path("approve").isBoolean() ? null : approval.get("approve").asBoolean(),
                approval == null ? null : text(approval, "reason"), m.approvals(), m.createdAt(), m.createdAt(), null, null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Letta's list view options: assistant text is the reply but for memgpt-style agents, whose words go via send_message. */
    private static MultivaluedMap<String, String> view() {
        MultivaluedMap<String, String> q = new MultivaluedHashMap<>();
        q.putSingle("view", "letta");
        q.putSingle("use_assistant_message", "true");
        q.putSingle("assistant_message_tool_name", "send_message");
        q.putSingle("assistant_message_tool_kwarg", "message");
        q.putSingle("text_is_assistant_message", "true");
        return q;
    }

    private Uni<MultivaluedMap<String, String>> withInnerThoughts(Actor actor, MultivaluedMap<String, String> q) {
        return Panache.withSession(() -> agents.innerThoughtsAgentIds(actor.organizationId())).map(ids -> {
            ids.forEach(id -> q.add("inner_thoughts_agent_id", id));
            return q;
        });
    }

    /** The agent a search is narrowed to: 422 for a malformed id, 404 for one the organization does not have. */
    private Uni<String> agent(Actor actor, String agentId, String field) {
        if (agentId == null) {
            return Uni.createFrom().nullItem();
        }
        return agentService.require(actor, Ids.require("agent", field, agentId)).map(a -> a.id);
    }

    private static MemoryRecords.MessageSearch withAgent(MemoryRecords.MessageSearch s, String agentId) {
        return new MemoryRecords.MessageSearch(s.query(), s.roles(), agentId, s.agentIds(), s.conversationId(), s.limit(), s.startDate(),
                s.endDate());
    }

    private static void mode(String mode) {
        if (mode != null && !SEARCH_MODES.contains(mode)) {
            throw ApiException.unprocessable("body.search_mode: Input should be 'vector', 'fts' or 'hybrid'");
        }
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return 50;
        }
        if (limit < 1) {
            throw ApiException.unprocessable("body.limit: Input should be greater than or equal to 1");
        }
        if (limit > 100) {
            throw ApiException.unprocessable("body.limit: Input should be less than or equal to 100");
        }
        return limit;
    }

    /** An ISO date-time of the body, as memory-service takes it (UTC instant); null stays null. */
    private static String date(String field, String value, boolean end) {
        Instant t = Requests.dateTime(field, value, end);
        return t == null ? null : t.toString();
    }

    private static void put(MultivaluedMap<String, String> q, String name, String value) {
        if (value != null) {
            q.putSingle(name, value);
        }
    }
}
