package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Sse;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class StreamingTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static List<Sse.Frame> stream(String agent, Map<String, Object> body, String path) {
        String text = given().contentType(ContentType.JSON).body(body).post(path, agent)
                .then().statusCode(200).contentType("text/event-stream").extract().asString();
        return Sse.parse(text);
    }

    private static List<String> types(List<Sse.Frame> frames) {
        return frames.stream().map(Sse.Frame::type).toList();
    }

    @Test
    void step_streaming_sends_a_ping_then_each_steps_messages_then_stop_usage_and_done() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Name: Ann\"}")),
                ScriptedReply.text("Hi Ann!"));
        List<Sse.Frame> frames = stream(agent, Map.of("messages", List.of(Map.of("role", "user", "content", "I'm Ann")), "streaming", true),
                "/v1/agents/{id}/messages");
        assertEquals(List.of("ping", "tool_call_message", "tool_return_message", "assistant_message", "stop_reason", "usage_statistics",
                "[DONE]"), types(frames));
        String run = frames.get(0).json().path("run_id").asText();
        assertTrue(run.startsWith("run-"), run);
        assertEquals(run, frames.get(1).json().path("run_id").asText());
        assertEquals("end_turn", frames.get(4).json().path("stop_reason").asText());
        assertEquals(2, frames.get(5).json().path("step_count").asInt());
        assertTrue(frames.stream().allMatch(f -> f.event() == null));
    }

    @Test
    void token_streaming_sends_deltas_sharing_the_message_id() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("c2", "conversation_search", "{\"query\": \"framework\"}")),
                ScriptedReply.text("You are using Nuxt for the new project."));
        List<Sse.Frame> frames = stream(agent, Map.of("input", "what do I use?", "streaming", true, "stream_tokens", true),
                "/v1/agents/{id}/messages");
        List<JsonNode> calls = frames.stream().filter(f -> !f.done() && "tool_call_message".equals(f.type())).map(Sse.Frame::json).toList();
        assertTrue(calls.size() >= 2, types(frames).toString());
        assertEquals("conversation_search", calls.get(0).path("tool_call").path("name").asText());
        assertTrue(calls.get(0).path("tool_call").path("arguments").isMissingNode(), "the name comes first, without arguments");
        StringBuilder args = new StringBuilder();
        calls.forEach(c -> args.append(c.path("tool_call").path("arguments").asText("")));
        assertEquals("{\"query\": \"framework\"}", args.toString());
        List<JsonNode> text = frames.stream().filter(f -> !f.done() && "assistant_message".equals(f.type())).map(Sse.Frame::json).toList();
        assertTrue(text.size() > 1, "several deltas");
        StringBuilder reply = new StringBuilder();
        text.forEach(t -> reply.append(t.path("content").asText()));
        assertEquals("You are using Nuxt for the new project.", reply.toString());
        assertEquals(1, text.stream().map(t -> t.path("id").asText() + t.path("otid").asText()).distinct().count());
        assertTrue(types(frames).contains("tool_return_message"));
        assertEquals("[DONE]", frames.getLast().data());
    }

    @Test
    void the_deprecated_stream_route_and_include_pings_false() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("ok"));
        List<Sse.Frame> frames = stream(agent, Map.of("input", "hi", "include_pings", false), "/v1/agents/{id}/messages/stream");
        assertEquals(List.of("assistant_message", "stop_reason", "usage_statistics", "[DONE]"), types(frames));
    }

    @Test
    void errors_before_the_first_frame_are_http_errors() {
        given().contentType(ContentType.JSON).body(Map.of("input", "hi", "streaming", true))
                .post("/v1/agents/{id}/messages", "agent-00000000-0000-4000-8000-000000000009").then().statusCode(404);
        String agent = Agents.create();
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(), "streaming", true))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(422);
        given().contentType(ContentType.JSON).body(Map.of("input", "hi", "stream_tokens", true))
                .post("/v1/agents/{id}/messages", agent).then().statusCode(422);
    }

    @Test
    void an_llm_error_after_the_first_frame_is_a_stop_reason_and_an_error_event() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.unauthorized());
        List<Sse.Frame> frames = stream(agent, Map.of("input", "hi", "streaming", true), "/v1/agents/{id}/messages");
        assertEquals(List.of("ping", "stop_reason", "error_message", "[DONE]"), types(frames));
        assertEquals("llm_api_error", frames.get(1).json().path("stop_reason").asText());
        assertEquals("error", frames.get(2).event());
        assertEquals("llm_authentication", frames.get(2).json().path("error_type").asText());
    }

    @Test
    void an_llm_error_after_a_committed_step_still_ends_the_stream_with_the_error_event() {
        for (boolean tokens : List.of(false, true)) {
            String agent = Agents.create();
            llm.reset();
            llm.enqueue(ScriptedReply.toolCalls(call("c4", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Name: Ann\"}")),
                    ScriptedReply.unauthorized());
            List<Sse.Frame> frames = stream(agent, Map.of("input", "I'm Ann", "streaming", true, "stream_tokens", tokens),
                    "/v1/agents/{id}/messages");
            List<String> types = types(frames).stream().distinct().toList();
            assertEquals(List.of("tool_call_message", "tool_return_message", "stop_reason", "error_message", "[DONE]"),
                    types.subList(1, types.size()), "tokens " + tokens + ": " + types(frames));
            Sse.Frame stop = frames.get(frames.size() - 3);
            Sse.Frame error = frames.get(frames.size() - 2);
            assertEquals("llm_api_error", stop.json().path("stop_reason").asText());
            assertEquals("error", error.event(), "a named error event: the Letta clients throw it");
            assertEquals("llm_authentication", error.json().path("error_type").asText());
            String run = frames.get(0).json().path("run_id").asText();
            assertEquals(run, error.json().path("run_id").asText());
            given().get("/v1/runs/{id}", run).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("failed"))
                    .body("stop_reason", org.hamcrest.Matchers.equalTo("llm_api_error"));
        }
    }

    @Test
    void without_streaming_an_llm_error_after_a_committed_step_answers_what_the_run_produced() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("c5", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Name: Ann\"}")),
                ScriptedReply.unauthorized());
        given().contentType(ContentType.JSON).body(Map.of("input", "I'm Ann")).post("/v1/agents/{id}/messages", agent)
                .then().statusCode(200)
                .body("messages.message_type", org.hamcrest.Matchers.contains("tool_call_message", "tool_return_message"))
                .body("stop_reason.stop_reason", org.hamcrest.Matchers.equalTo("llm_api_error"));
    }

    @Test
    void a_client_that_disconnects_mid_stream_does_not_stop_the_run() throws Exception {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("a slow but complete answer").withLatency(Duration.ofMillis(1500)));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/agents/" + agent + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"hello\", \"streaming\": true}")).build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String run;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            run = new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.substring(6)).path("run_id").asText();
        }
        client.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String status = "";
        while (System.nanoTime() < deadline && !"completed".equals(status)) {
            Thread.sleep(200);
            status = given().get("/v1/runs/{id}", run).then().extract().path("status");
        }
        assertEquals("completed", status);
        given().get("/v1/runs/{id}/messages", run).then().statusCode(200)
                .body("message_type", org.hamcrest.Matchers.hasItem("assistant_message"));
    }
}
