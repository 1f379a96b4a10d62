package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CompactionTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
        // the summariser is the request without tools; the agent just acknowledges
        llm.defaultReply(request -> request.path("tools").isEmpty()
                ? ScriptedReply.text("The user described the Zephyr project codenamed BLUEFIN in detail.")
                : ScriptedReply.text("Noted."));
    }

    private static String agentWithSmallWindow() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("context_window_limit", 2500);
        return Agents.create(body);
    }

    private static String filler(int i) {
        return "Detail " + i + " of the Zephyr project: " + "the BLUEFIN pipeline ingests sensor data and stores it. ".repeat(25);
    }

    @Test
    void past_ninety_percent_of_the_window_old_messages_move_behind_a_summary_and_stay_searchable() {
        String agent = agentWithSmallWindow();
        for (int i = 0; i < 8; i++) {
            Agents.send(agent, filler(i)).statusCode(200);
        }
        JsonNode summarised = null;
        for (var r : llm.requests()) {
            if (r.body().path("tools").isEmpty()) {
                summarised = r.body();
            }
        }
        assertTrue(summarised != null, "the summariser was called");
        given().get("/v1/agents/{id}/context", agent).then()
                .body("context_window_size_current", lessThan(2500))
                .body("messages[1].content[0].text", containsString("hidden from view due to memory constraints"))
                .body("messages[1].content[0].text", containsString("BLUEFIN"));
        // everything is still in recall memory
        given().queryParam("limit", 1000).get("/v1/agents/{id}/messages", agent).then().body("size()", greaterThan(16));
        llm.enqueue(ScriptedReply.toolCalls(call("c_s", "conversation_search", "{\"query\": \"Detail 0\"}")), ScriptedReply.text("Found."));
        Agents.send(agent, "What was detail 0?").statusCode(200)
                .body("messages[1].tool_return", containsString("Detail 0 of the Zephyr project"));
    }

    @Test
    void summarize_compacts_on_demand() {
        String agent = Agents.create();
        for (int i = 0; i < 4; i++) {
            llm.enqueue(ScriptedReply.text("ok " + i));
            Agents.send(agent, "message " + i).statusCode(200);
        }
        given().contentType(ContentType.JSON).body("{}").post("/v1/agents/{id}/summarize", agent).then().statusCode(200)
                .body("summary", containsString("BLUEFIN"))
                .body("num_messages_before", equalTo(9))
                .body("num_messages_after", lessThan(9));
        given().get("/v1/agents/{id}", agent).then().body("message_ids.size()", lessThan(9));
    }

    @Test
    void a_context_window_overflow_from_the_provider_compacts_and_retries() {
        String agent = Agents.create();
        for (int i = 0; i < 3; i++) {
            llm.enqueue(ScriptedReply.text("ok " + i));
            Agents.send(agent, "message " + i).statusCode(200);
        }
        llm.enqueue(ScriptedReply.contextLengthExceeded());
        Agents.send(agent, "one more").statusCode(200).body("stop_reason.stop_reason", equalTo("end_turn"));
        given().get("/v1/agents/{id}/context", agent).then()
                .body("messages[1].content[0].text", containsString("hidden from view"));
    }
}
