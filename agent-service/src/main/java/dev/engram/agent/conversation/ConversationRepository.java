package dev.engram.agent.conversation;

import dev.engram.agent.db.Keyset;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Queries on conversations, always within one organization. */
@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, String> {

    public Uni<Conversation> findInOrg(String org, String id) {
        return find("id = ?1 and organizationId = ?2", id, org).firstResult();
    }

    /** A page of conversations, optionally of one agent and with a summary containing the text, in Letta's order. */
    public Uni<List<Conversation>> page(String org, String agentId, String summarySearch, String after, String before, int limit,
                                        boolean ascending, String orderBy) {
        String column = switch (orderBy) {
            case "last_message_at" -> "lastMessageAt";
            case "last_run_completion" -> "lastRunCompletion";
            default -> "createdAt";
        };
        StringBuilder q = new StringBuilder("organizationId = :org");
        Map<String, Object> params = new HashMap<>(Map.of("org", org));
        if (agentId != null) {
            q.append(" and agentId = :agent");
            params.put("agent", agentId);
        }
        if (summarySearch != null && !summarySearch.isEmpty()) {
            q.append(" and summary is not null and lower(summary) like :summary escape '\\'");
            params.put("summary", "%" + summarySearch.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return Keyset.resolve("Conversation", column, org, "after", after, "conversation")
                .chain(a -> Keyset.resolve("Conversation", column, org, "before", before, "conversation").chain(b -> {
                    Keyset.Plan plan = Keyset.plan(column, a, b, ascending, params);
                    return find(q + plan.condition() + plan.order(), params).page(0, limit).list().map(plan::arrange);
                }));
    }

    /** A message arrived in the conversation. */
    public Uni<Integer> touchMessage(String id, Instant at) {
        return update("lastMessageAt = ?1, updatedAt = ?1 where id = ?2", at, id);
    }
}
