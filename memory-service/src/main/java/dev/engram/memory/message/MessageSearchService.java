package dev.engram.memory.message;

import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Ids;
import dev.engram.memory.web.Times;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The organization's messages across agents: one by id, and full-text search (the same PostgreSQL index and the same
 * rules of what is searchable as {@code conversation_search}).
 */
@ApplicationScoped
public class MessageSearchService {

    private static final Set<String> ROLES = Set.of("assistant", "user", "tool", "function", "system", "approval", "summary");

    private final MessageRepository messages;

    public MessageSearchService(MessageRepository messages) {
        this.messages = messages;
    }

    /** The organization's message with this id, with its Letta messages in natural order; 404 when there is none. */
    @WithSession
    public Uni<StoredMessage> get(Caller caller, String id, ViewOptions options, Set<String> innerThoughtsAgents) {
        return messages.findInOrg(caller.organizationId(), id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Message with id " + id + " not found."))
                .map(m -> {
                    MessageData d = MessageData.of(m);
                    ViewOptions natural = new ViewOptions(options.useAssistantMessage(), options.assistantToolName(),
                            options.assistantToolKwarg(), options.textIsAssistantMessage(), false, options.includeTypes());
                    return new StoredMessage(m.agentId, d, LettaView.of(List.of(d), natural, innerThoughtsAgents));
                });
    }

    /** Ranked by full-text rank with a query, newest first without. */
    @WithSession
    public Uni<List<MessageSearchHit>> search(Caller caller, MessageSearch request) {
        MessageRepository.SearchScope scope = scope(caller, request);
        int limit = request.limit() == null ? MessageSearch.DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > MessageSearch.MAX_LIMIT) {
            throw ApiException.unprocessable("limit: must be between 1 and " + MessageSearch.MAX_LIMIT);
        }
        String tsQuery = ConversationSearchService.tsQuery(request.query());
        return messages.search(scope, tsQuery, limit).chain(hits -> messages.byIdsInOrg(caller.organizationId(),
                hits.stream().map(MessageRepository.Hit::id).toList()).map(found -> {
                    Map<String, Message> byId = new HashMap<>();
                    found.forEach(m -> byId.put(m.id, m));
                    List<MessageSearchHit> out = new ArrayList<>();
                    for (MessageRepository.Hit hit : hits) {
                        Message m = byId.get(hit.id());
                        if (m != null) {
                            out.add(new MessageSearchHit(MessageData.of(m), hit.rank(), m.text));
                        }
                    }
                    return out;
                }));
    }

    private static MessageRepository.SearchScope scope(Caller caller, MessageSearch r) {
        if (r.roles() != null) {
            for (int i = 0; i < r.roles().size(); i++) {
                if (!ROLES.contains(r.roles().get(i))) {
                    throw ApiException.unprocessable("roles[" + i + "]: must be one of " + new java.util.TreeSet<>(ROLES));
                }
            }
        }
        Set<String> agents = null;
        if (r.agentIds() != null) {
            agents = new LinkedHashSet<>();
            for (int i = 0; i < r.agentIds().size(); i++) {
                agents.add(Ids.require("agent", "agent_ids[" + i + "]", r.agentIds().get(i)));
            }
        }
        if (r.agentId() != null) {
            String agent = Ids.require("agent", "agent_id", r.agentId());
            agents = agents == null || agents.contains(agent) ? Set.of(agent) : Set.of();
        }
        String conversation = MessageResource.thread(r.conversationId());
        return new MessageRepository.SearchScope(caller.organizationId(), agents, conversation, r.roles(),
                bound(r.startDate(), "start_date", false), bound(r.endDate(), "end_date", true));
    }

    private static Instant bound(String value, String field, boolean end) {
        try {
            return Times.bound(value, field, ZoneOffset.UTC, end);
        } catch (ApiException e) {
            throw ApiException.unprocessable(field + ": " + e.detail());
        }
    }
}
