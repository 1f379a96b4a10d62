package dev.engram.agent.web;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every list route pages with Letta's cursors the way the official clients walk them: {@code after=<last id>} until an
 * empty page (forwards) and {@code before=<first id>} (backwards), each item exactly once, in the order of the whole
 * list; a cursor that names nothing is a 404 naming the parameter.
 */
@QuarkusTest
class ListCursorsTest {

    private static final ScriptedOpenAiServer LLM = Suite.get().llm;
    private static String tag;
    private static String agent;
    private static String otherAgent;
    private static String sharedBlock;
    private static String blockLabel;
    private static String run;
    private static final List<String> RUNS = new ArrayList<>();

    /** Once for the class, but after Quarkus has pointed REST Assured at the app (which happens before each test). */
    @BeforeEach
    void data() {
        if (agent != null) {
            return;
        }
        LLM.reset();
        tag = "cursor-" + UUID.randomUUID();
        blockLabel = "cursor_" + UUID.randomUUID().toString().substring(0, 8);
        sharedBlock = given().contentType(ContentType.JSON).body(Map.of("label", blockLabel, "value", "shared"))
                .post("/v1/blocks/").then().statusCode(200).extract().path("id");
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("label", blockLabel, "value", "block " + i)).post("/v1/blocks/")
                    .then().statusCode(200);
        }
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> body = new HashMap<>(Agents.quickStart());
            body.put("tags", List.of(tag));
            body.put("block_ids", List.of(sharedBlock));
            body.put("tools", List.of("conversation_search", "memory_insert", "memory_replace", "archival_memory_insert",
                    "archival_memory_search"));
            agents.add(Agents.create(body));
        }
        agent = agents.getFirst();
        otherAgent = agents.get(1);
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(Map.of("text", "passage " + i)).post("/v1/agents/{id}/archival-memory", agent)
                    .then().statusCode(200);
        }
        // three runs; the first of three steps (two tool calls, then the reply)
        LLM.enqueue(ScriptedReply.toolCalls(call("c1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"a\"}")),
                ScriptedReply.toolCalls(call("c2", "memory_insert", "{\"label\": \"human\", \"new_string\": \"b\"}")),
                ScriptedReply.text("done"));
        for (int i = 0; i < 3; i++) {
            Agents.send(agent, "message " + i).statusCode(200);
        }
        List<String> runs = given().queryParam("agent_id", agent).queryParam("order", "asc").get("/v1/runs/").then().statusCode(200)
                .extract().path("id");
        RUNS.addAll(runs);
        run = runs.getFirst();
    }

    @Test
    void agents() {
        walk("/v1/agents/", Map.of("tags", tag), 2, "agent");
    }

    @Test
    void agents_ordered_by_last_run_completion_with_nulls_last() {
        List<Map<String, Object>> whole = whole("/v1/agents/", Map.of("tags", tag, "order_by", "last_run_completion", "order", "asc"));
        assertEquals(agent, whole.getFirst().get("id"), "the only agent that ran comes first, the never-run ones after it");
        walk("/v1/agents/", Map.of("tags", tag, "order_by", "last_run_completion"), 2, "agent");
        walk("/v1/agents/", Map.of("tags", tag, "order_by", "last_run_completion", "order", "asc"), 2, "agent");
    }

    @Test
    void agent_blocks() {
        walk("/v1/agents/" + agent + "/core-memory/blocks", Map.of(), 1, "block");
    }

    @Test
    void agent_tools() {
        walk("/v1/agents/" + agent + "/tools", Map.of(), 2, "tool");
    }

    @Test
    void agent_messages() {
        walk("/v1/agents/" + agent + "/messages", Map.of(), 3, "message");
    }

    @Test
    void archival_memory() {
        walk("/v1/agents/" + agent + "/archival-memory", Map.of(), 2, "passage");
        walk("/v1/agents/" + agent + "/archival-memory", Map.of("ascending", "false"), 2, "passage");
    }

    @Test
    void blocks() {
        walk("/v1/blocks/", Map.of("label", blockLabel), 2, "block");
    }

    @Test
    void agents_of_a_block() {
        walk("/v1/blocks/" + sharedBlock + "/agents", Map.of(), 2, "agent");
    }

    @Test
    void tools() {
        walk("/v1/tools/", Map.of(), 3, "tool");
    }

    @Test
    void runs() {
        walk("/v1/runs/", Map.of("agent_id", agent), 2, "run");
    }

    @Test
    void run_messages() {
        walk("/v1/runs/" + run + "/messages", Map.of(), 2, "message");
    }

    @Test
    void run_steps() {
        walk("/v1/runs/" + run + "/steps", Map.of(), 1, "step");
    }

    @Test
    void steps() {
        walk("/v1/steps/", Map.of("agent_id", agent), 2, "step");
    }

    @Test
    void step_messages() {
        String step = given().queryParam("order", "asc").get("/v1/runs/{id}/steps", run).then().statusCode(200)
                .extract().path("[0].id");
        walk("/v1/steps/" + step + "/messages", Map.of(), 1, "message");
    }

    @Test
    void a_cursor_of_another_scope_is_unknown_there() {
        String othersBlock = given().get("/v1/agents/{id}/core-memory/blocks/human", otherAgent).then().extract().path("id");
        given().queryParam("after", othersBlock).get("/v1/agents/{id}/core-memory/blocks", agent).then().statusCode(404)
                .body("detail", equalTo("after: No block found with id " + othersBlock));
    }

    @Test
    void steps_filter_by_date_and_feedback() {
        List<String> all = whole("/v1/steps/", Map.of("agent_id", agent)).stream().map(s -> (String) s.get("id")).toList();
        String step = all.getFirst();
        given().contentType(ContentType.JSON).body(Map.of("feedback", "positive", "tags", List.of("good")))
                .patch("/v1/steps/{id}/feedback", step).then().statusCode(200)
                .body("feedback", equalTo("positive")).body("tags[0]", equalTo("good"));
        given().queryParam("agent_id", agent).queryParam("feedback", "positive").get("/v1/steps/").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(step));
        given().queryParam("agent_id", agent).queryParam("has_feedback", "false").get("/v1/steps/").then().statusCode(200)
                .body("size()", equalTo(all.size() - 1));
        given().queryParam("agent_id", agent).queryParam("tags", "good").get("/v1/steps/").then()
                .body("id", org.hamcrest.Matchers.contains(step));
        given().queryParam("agent_id", agent).queryParam("end_date", "2000-01-01").get("/v1/steps/").then().statusCode(200)
                .body("size()", equalTo(0));
        given().queryParam("agent_id", agent).queryParam("start_date", "2000-01-01T00:00:00+00:00").get("/v1/steps/").then()
                .body("size()", equalTo(all.size()));
        given().queryParam("start_date", "yesterday").get("/v1/steps/").then().statusCode(422)
                .body("detail", startsWith("start_date:"));
        given().contentType(ContentType.JSON).body(Map.of("feedback", "great")).patch("/v1/steps/{id}/feedback", step).then()
                .statusCode(422).body("detail", startsWith("feedback:"));
    }

    @Test
    void order_by_outside_the_contract_is_422() {
        given().queryParam("order_by", "name").get("/v1/runs/").then().statusCode(422).body("detail", startsWith("order_by:"));
        given().queryParam("order_by", "name").get("/v1/agents/").then().statusCode(422).body("detail", startsWith("order_by:"));
    }

    /** The whole list in one page, as the reference order. */
    private static List<Map<String, Object>> whole(String path, Map<String, String> params) {
        return given().queryParams(params).queryParam("limit", 1000).get(path).then().statusCode(200).extract().jsonPath().getList("$");
    }

    /**
     * Walks the list forwards by {@code after} and backwards by {@code before} in pages of {@code limit}, the way the
     * official clients do; both walks must give the whole list, each item once; unknown cursors are 404s.
     */
    private static void walk(String path, Map<String, String> params, int limit, String kind) {
        List<String> reference = keys(whole(path, params));
        assertTrue(reference.size() > limit, path + " needs more than one page to be a test: " + reference);

        List<String> forwards = new ArrayList<>();
        String after = null;
        for (int pages = 0; ; pages++) {
            assertTrue(pages <= reference.size(), path + ": the walk does not end");
            var request = given().queryParams(params).queryParam("limit", limit);
            if (after != null) {
                request.queryParam("after", after);
            }
            List<Map<String, Object>> page = request.get(path).then().statusCode(200).extract().jsonPath().getList("$");
            if (page.isEmpty()) {
                break;
            }
            forwards.addAll(keys(page));
            after = (String) page.getLast().get("id");
        }
        assertEquals(reference, forwards, path + " walked forwards");

        List<String> backwards = new ArrayList<>();
        String before = null;
        for (int pages = 0; ; pages++) {
            assertTrue(pages <= reference.size(), path + ": the backward walk does not end");
            var request = given().queryParams(params).queryParam("limit", limit);
            request.queryParam("before", before == null ? idOf(reference.getLast()) : before);
            List<Map<String, Object>> page = request.get(path).then().statusCode(200).extract().jsonPath().getList("$");
            if (page.isEmpty()) {
                break;
            }
            backwards.addAll(0, keys(page));
            before = (String) page.getFirst().get("id");
        }
        backwards.addAll(reference.subList(reference.size() - countTail(reference), reference.size()));
        assertEquals(reference, backwards, path + " walked backwards from the last item");

        for (String cursor : List.of("after", "before")) {
            JsonPath error = given().queryParams(params).queryParam(cursor, "garbage").get(path).then().statusCode(404)
                    .extract().jsonPath();
            assertEquals(cursor + ": No " + kind + " found with id garbage", error.getString("detail"), path);
        }
    }

    /** How many entries at the end of the list share the last id (a stored message shown as several Letta messages). */
    private static int countTail(List<String> keys) {
        String last = idOf(keys.getLast());
        int n = 0;
        for (int i = keys.size() - 1; i >= 0 && idOf(keys.get(i)).equals(last); i--) {
            n++;
        }
        return n;
    }

    /** An item's identity: its id, and its message type where one stored message gives several. */
    private static List<String> keys(List<Map<String, Object>> items) {
        return items.stream().map(i -> i.get("id") + (i.containsKey("message_type") ? "#" + i.get("message_type") : "")).toList();
    }

    private static String idOf(String key) {
        int hash = key.indexOf('#');
        return hash < 0 ? key : key.substring(0, hash);
    }
}
