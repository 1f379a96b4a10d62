package dev.engram.memory.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.memory.web.ApiException;
import dev.engram.memory.web.Caller;
import dev.engram.memory.web.Times;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code conversation_search}: PostgreSQL full-text search over the agent's messages (GIN index, ranked), a role
 * filter, an inclusive date range, and the exact JSON the tool returns to the model.
 */
@ApplicationScoped
public class ConversationSearchService {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Set<String> ROLES = Set.of("assistant", "user", "tool");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final MessageRepository messages;

    public ConversationSearchService(MessageRepository messages) {
        this.messages = messages;
    }

    @WithSession
    public Uni<ObjectNode> search(Caller caller, String agentId, ConversationSearch request) {
        ZoneId zone = Times.zone(request.timezone());
        int limit = request.limit() == null ? ConversationSearch.DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > ConversationSearch.MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + ConversationSearch.MAX_LIMIT);
        }
        if (request.roles() != null) {
            for (String role : request.roles()) {
                if (!ROLES.contains(role)) {
                    throw ApiException.badRequest("'" + role + "' is not a valid MessageRole");
                }
            }
        }
        Instant start = Times.bound(request.startDate(), "start_date", zone, false);
        Instant end = Times.bound(request.endDate(), "end_date", zone, true);
        String tsQuery = tsQuery(request.query());
        return messages.search(MessageRepository.SearchScope.ofAgent(caller.organizationId(), agentId, request.roles(), start, end),
                        tsQuery, limit)
                .chain(hits -> messages.byIds(caller.organizationId(), agentId, hits.stream().map(MessageRepository.Hit::id).toList())
                        .map(found -> format(hits, found, zone, tsQuery != null)));
    }

    private static ObjectNode format(List<MessageRepository.Hit> hits, List<Message> found, ZoneId zone, boolean ranked) {
        Map<String, Message> byId = new HashMap<>();
        found.forEach(m -> byId.put(m.id, m));
        ObjectNode out = JSON.objectNode();
        ArrayNode results = JSON.arrayNode();
        ZonedDateTime now = ZonedDateTime.now(zone);
        for (MessageRepository.Hit hit : hits) {
            Message m = byId.get(hit.id());
            if (m == null) {
                continue;
            }
            ZonedDateTime local = m.createdAt.atZone(zone);
            ObjectNode r = JSON.objectNode();
            r.put("timestamp", Times.isoformat(m.createdAt, zone));
            r.put("time_ago", timeAgo(Duration.between(local, now)));
            r.put("role", m.role);
            ObjectNode relevance = JSON.objectNode();
            if (ranked && hit.rank() != null) {
                relevance.put("fts_rank", hit.rank());
            }
            relevance.put("search_mode", ranked ? "fts" : "recency");
            r.set("relevance", relevance);
            merge(r, m);
            results.add(r);
        }
        if (results.isEmpty()) {
            out.put("message", "No results found.");
        } else {
            out.put("message", "Showing " + results.size() + " results:");
        }
        out.set("results", results);
        return out;
    }

    /** The message's own fields, as Letta lays them out: user/assistant text as content, send_message as thinking+content. */
    private static void merge(ObjectNode r, Message m) {
        MessageData d = MessageData.of(m);
        String text = contentText(d);
        if ("assistant".equals(m.role) && m.toolCalls != null) {
            for (JsonNode call : m.toolCalls) {
                if (MessageTexts.SEND_MESSAGE.equals(call.path("function").path("name").asText())) {
                    r.put("thinking", text);
                    r.put("content", LettaView.argument(call.path("function").path("arguments").asText(), "message"));
                    return;
                }
            }
        }
        if (!"tool".equals(m.role)) {
            JsonNode parsed = parse(text);
            if (parsed != null && parsed.isObject()) {
                r.setAll((ObjectNode) parsed);
                return;
            }
        } else {
            text = MessageTexts.of(d);
        }
        r.put("content", text);
    }

    private static String contentText(MessageData d) {
        StringBuilder out = new StringBuilder();
        if (d.content() != null && d.content().isArray()) {
            for (JsonNode part : d.content()) {
                String t = part.path("text").asText(part.path("reasoning").asText(""));
                if (!t.isEmpty()) {
                    if (!out.isEmpty()) {
                        out.append(' ');
                    }
                    out.append(t);
                }
            }
        }
        return out.toString();
    }

    /** Any of the query's words, stemmed by PostgreSQL's english configuration; null for no text query. */
    static String tsQuery(String query) {
        if (query == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        Matcher m = WORD.matcher(query.toLowerCase());
        while (m.find()) {
            if (!out.isEmpty()) {
                out.append(" | ");
            }
            out.append(m.group());
        }
        return out.isEmpty() ? null : out.toString();
    }

    static String timeAgo(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return (s / 60) + "m ago";
        }
        if (s < 86400) {
            return (s / 3600) + "h ago";
        }
        return (s / 86400) + "d ago";
    }

    private static JsonNode parse(String text) {
        if (text == null || !text.startsWith("{")) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
