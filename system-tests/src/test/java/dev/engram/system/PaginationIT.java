package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official client's auto-paginator on every list route ({@code src/test/js/pagination.mjs}): each item exactly
 * once, in the list's order, and then the loop ends; backwards too; an unknown cursor is an error, not an empty page.
 */
class PaginationIT {

    private static ScriptedOpenAiServer llm;
    private static Engram engram;

    @BeforeAll
    static void up() throws Exception {
        NodeScripts.install();
        llm = new ScriptedOpenAiServer();
        engram = Engram.upWith("pagination", llm, Map.of());
    }

    @AfterAll
    static void down() throws Exception {
        Engram.stop(engram, llm);
    }

    @Test
    void every_list_route_pages_each_item_once_and_then_ends() throws Exception {
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"a\"}")),
                ScriptedReply.toolCalls(call("c2", "memory_insert", "{\"label\": \"human\", \"new_string\": \"b\"}")),
                ScriptedReply.text("done"));
        String tag = "p" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode result = NodeScripts.run(engram.baseUrl(), "pagination.mjs", tag);

        JsonNode routes = result.path("routes");
        assertEquals(14, routes.size(), routes.toPrettyString());
        for (var it = routes.fields(); it.hasNext(); ) {
            var route = it.next();
            String name = route.getKey();
            List<String> whole = strings(route.getValue().path("whole"));
            assertTrue(whole.size() > 2, name + " needs several pages to be a test: " + whole);
            JsonNode forwards = route.getValue().path("forwards");
            assertTrue(forwards.path("ended").asBoolean(), name + " never ended: " + forwards);
            assertEquals(whole, strings(forwards.path("seen")), name + " walked forwards");
            JsonNode backwards = route.getValue().path("backwards");
            if (!backwards.isMissingNode()) {
                assertTrue(backwards.path("ended").asBoolean(), name + " never ended backwards: " + backwards);
                List<String> seen = strings(backwards.path("seen"));
                assertEquals(seen.size(), new HashSet<>(seen).size(), name + " gave an item twice backwards: " + seen);
                String last = route.getValue().path("last_id").asText();
                List<String> expected = whole.stream().filter(k -> !k.split("#")[0].equals(last)).toList();
                assertEquals(new HashSet<>(expected), new HashSet<>(seen), name + " walked backwards");
            }
        }
        JsonNode unknown = result.path("unknown_cursor");
        assertTrue(unknown.path("threw").asBoolean(), unknown.toPrettyString());
        assertEquals(404, unknown.path("status").asInt());
        assertEquals("after: No step found with id garbage", unknown.path("detail").asText());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
