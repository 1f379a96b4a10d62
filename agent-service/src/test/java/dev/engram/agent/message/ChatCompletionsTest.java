package dev.engram.agent.message;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Sse;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ChatCompletionsTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static Map<String, Object> request(String agent, boolean stream) {
        return Map.of("model", agent, "stream", stream, "messages", List.of(
                Map.of("role", "system", "content", "ignored: the agent has its own"),
                Map.of("role", "user", "content", "first, ignored"),
                Map.of("role", "user", "content", "What is my framework?")));
    }

    @Test
    void a_chat_completion_runs_the_agent_on_the_last_user_message() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("Nuxt.").withUsage(300, 3));
        given().contentType(ContentType.JSON).body(request(agent, false)).post("/v1/chat/completions").then().statusCode(200)
                .body("object", equalTo("chat.completion"))
                .body("id", startsWith("chatcmpl-run-"))
                .body("model", equalTo("gpt-4o-mini"))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo("Nuxt."))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.prompt_tokens", equalTo(300));
        var messages = llm.lastRequest().body().path("messages");
        assertEquals("What is my framework?", messages.get(messages.size() - 1).path("content").asText());
    }

    @Test
    void streamed_chunks_carry_the_assistant_text_then_stop_and_done() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("You use Nuxt for the new project."));
        String body = given().contentType(ContentType.JSON).body(request(agent, true)).post("/v1/chat/completions").then()
                .statusCode(200).contentType("text/event-stream").extract().asString();
        List<Sse.Frame> frames = Sse.parse(body);
        assertEquals("[DONE]", frames.getLast().data());
        StringBuilder text = new StringBuilder();
        for (Sse.Frame f : frames.subList(0, frames.size() - 1)) {
            assertEquals("chat.completion.chunk", f.json().path("object").asText());
            text.append(f.json().path("choices").get(0).path("delta").path("content").asText(""));
        }
        assertEquals("You use Nuxt for the new project.", text.toString());
        assertEquals("assistant", frames.getFirst().json().path("choices").get(0).path("delta").path("role").asText());
        assertEquals("stop", frames.get(frames.size() - 2).json().path("choices").get(0).path("finish_reason").asText());
        assertTrue(frames.size() > 3);
    }

    @Test
    void stream_options_include_usage_ends_with_a_usage_chunk_without_choices() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("Nuxt.").withUsage(300, 3));
        Map<String, Object> request = new java.util.HashMap<>(request(agent, true));
        request.put("stream_options", Map.of("include_usage", true));
        String body = given().contentType(ContentType.JSON).body(request).post("/v1/chat/completions").then()
                .statusCode(200).contentType("text/event-stream").extract().asString();
        List<Sse.Frame> frames = Sse.parse(body);
        assertEquals("[DONE]", frames.getLast().data());
        var usage = frames.get(frames.size() - 2).json();
        assertEquals(0, usage.path("choices").size(), body);
        assertEquals(300, usage.path("usage").path("prompt_tokens").asInt());
        assertEquals(3, usage.path("usage").path("completion_tokens").asInt());
        assertEquals(303, usage.path("usage").path("total_tokens").asInt());
        for (Sse.Frame f : frames.subList(0, frames.size() - 2)) {
            assertTrue(f.json().has("usage") && f.json().get("usage").isNull(), "earlier chunks carry usage: null: " + f.data());
        }
        assertEquals("stop", frames.get(frames.size() - 3).json().path("choices").get(0).path("finish_reason").asText());

        llm.enqueue(ScriptedReply.text("Nuxt."));
        String plain = given().contentType(ContentType.JSON).body(request(agent, true)).post("/v1/chat/completions").then()
                .statusCode(200).extract().asString();
        assertTrue(Sse.parse(plain).stream().filter(f -> !"[DONE]".equals(f.data())).noneMatch(f -> f.json().has("usage")),
                "no usage unless asked for: " + plain);
    }

    @Test
    void a_model_failure_mid_stream_is_an_openai_error_frame_before_done() {
        String agent = Agents.create();
        // failing in the first step (nothing produced) and after a committed step (the run answers what it produced)
        for (List<ScriptedReply> replies : List.of(List.of(ScriptedReply.unauthorized()),
                List.of(ScriptedReply.toolCalls(ScriptedReply.call("c6", "memory_insert",
                        "{\"label\": \"human\", \"new_string\": \"Name: Ann\"}")), ScriptedReply.unauthorized()))) {
            llm.reset();
            llm.enqueue(replies.toArray(ScriptedReply[]::new));
            String body = given().contentType(ContentType.JSON).body(request(agent, true)).post("/v1/chat/completions").then()
                    .statusCode(200).contentType("text/event-stream").extract().asString();
            List<Sse.Frame> frames = Sse.parse(body);
            assertEquals(2, frames.size(), body);
            assertTrue(frames.stream().allMatch(f -> f.event() == null), body);
            var error = frames.getFirst().json().path("error");
            assertEquals("llm_authentication", error.path("type").asText(), body);
            assertEquals("llm_api_error", error.path("code").asText(), body);
            assertTrue(error.path("message").isTextual(), body);
            assertTrue(frames.getFirst().json().path("message_type").isMissingNode(), "no Letta frames for an OpenAI client: " + body);
            assertEquals("[DONE]", frames.getLast().data());
        }
    }

    @Test
    void the_model_must_be_an_agent_id() {
        given().contentType(ContentType.JSON).body(Map.of("model", "gpt-4o", "messages", List.of(Map.of("role", "user", "content", "x"))))
                .post("/v1/chat/completions").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("model", "agent-00000000-0000-4000-8000-000000000042",
                "messages", List.of(Map.of("role", "user", "content", "x")))).post("/v1/chat/completions").then().statusCode(404);
    }
}
