package dev.engram.agent.message;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code PATCH /v1/agents/{id}/messages/{message_id}} as Letta 0.16 answers it: ids and body are validated against the
 * contract, the agent must exist, and then messages are immutable (405).
 */
@QuarkusTest
class ModifyMessageTest {

    private static final String IMMUTABLE = "Message editing is no longer supported. Messages are immutable as they may be shared "
            + "across multiple conversations via forking.";

    private static ValidatableResponse modify(String agent, String message, Object body) {
        return given().contentType(ContentType.JSON).body(body).patch("/v1/agents/{a}/messages/{m}", agent, message).then();
    }

    private static String message() {
        return "message-" + UUID.randomUUID();
    }

    @Test
    void every_variant_of_the_contract_is_405_messages_are_immutable() {
        String agent = Agents.create();
        String system = given().get("/v1/agents/{id}/messages", agent).then().extract().path("[0].id");
        String before = given().get("/v1/agents/{id}/messages", agent).then().extract().path("[0].content");
        List<Map<String, Object>> bodies = List.of(
                Map.of("message_type", "system_message", "content", "You are terse."),
                Map.of("message_type", "user_message", "content", "hi"),
                Map.of("message_type", "user_message", "content", List.of(Map.of("type", "text", "text", "hi"),
                        Map.of("type", "image", "source", Map.of("type", "url", "url", "https://example.com/a.png")))),
                Map.of("message_type", "reasoning_message", "reasoning", "Thinking."),
                Map.of("message_type", "assistant_message", "content", List.of(Map.of("type", "text", "text", "Hello."))),
                Map.of("content", "no message_type: the first variant that fits"),
                Map.of("reasoning", "no message_type either"));
        for (Map<String, Object> body : bodies) {
            modify(agent, system, body).statusCode(405).body("detail", equalTo(IMMUTABLE));
        }
        given().get("/v1/agents/{id}/messages", agent).then().body("[0].content", equalTo(before));
    }

    @Test
    void bodies_outside_the_union_are_422_naming_the_field() {
        String agent = Agents.create();
        String m = message();
        modify(agent, m, Map.of("message_type", "tool_call_message", "content", "x")).statusCode(422)
                .body("detail", startsWith("body.message_type: Input should be 'system_message', 'user_message'"));
        modify(agent, m, Map.of("message_type", "system_message")).statusCode(422).body("detail", equalTo("body.content: Field required"));
        modify(agent, m, Map.of("message_type", "system_message", "content", List.of(Map.of("type", "text", "text", "x"))))
                .statusCode(422).body("detail", equalTo("body.content: Input should be a valid string"));
        modify(agent, m, Map.of("message_type", "reasoning_message", "reasoning", 7)).statusCode(422)
                .body("detail", equalTo("body.reasoning: Input should be a valid string"));
        modify(agent, m, Map.of("message_type", "user_message", "content", 7)).statusCode(422)
                .body("detail", startsWith("body.content: "));
        modify(agent, m, Map.of("message_type", "user_message", "content", List.of(Map.of("type", "video")))).statusCode(422)
                .body("detail", startsWith("body.content[0].type: "));
        modify(agent, m, Map.of("message_type", "assistant_message", "content", List.of(Map.of("type", "image",
                "source", Map.of("type", "url", "url", "https://example.com/a.png"))))).statusCode(422)
                .body("detail", equalTo("body.content[0].type: Input should be 'text'"));
        modify(agent, m, Map.of()).statusCode(422).body("detail", equalTo("body.content: Field required"));
        modify(agent, m, List.of()).statusCode(422).body("detail", equalTo("body: Input should be a valid dictionary"));
        given().contentType(ContentType.JSON).patch("/v1/agents/{a}/messages/{m}", agent, m).then().statusCode(422)
                .body("detail", equalTo("body: Field required"));
    }

    @Test
    void malformed_ids_are_422_and_unknown_or_foreign_agents_404() {
        Map<String, Object> body = Map.of("message_type", "user_message", "content", "hi");
        String agent = Agents.create();
        modify(agent, "msg-1", body).statusCode(422).body("detail", startsWith("message_id: "));
        modify("agent-1", message(), body).statusCode(422).body("detail", startsWith("agent_id: "));
        modify("agent-" + UUID.randomUUID(), message(), body).statusCode(404).body("detail", equalTo("Agent not found"));
        modify(Agents.ofAnotherOrganization(), message(), body).statusCode(404).body("detail", equalTo("Agent not found"));
    }
}
