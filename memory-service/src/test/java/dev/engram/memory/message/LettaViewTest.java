package dev.engram.memory.message;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class LettaViewTest {

    @Test
    void a_v1_turn_reads_back_as_lettas_message_types() {
        String agent = Steps.agent();
        String sys = Steps.id();
        String user = Steps.id();
        String call = Steps.id();
        String ret = Steps.id();
        String reply = Steps.id();
        List<String> window = Steps.append(agent, List.of(), List.of(Steps.system(sys, "You are helpful.")));
        window = Steps.append(agent, window, List.of(Steps.user(user, "I'm Ann"),
                Steps.toolCall(call, "Store the name.", "call_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Name: Ann\"}"),
                Steps.toolReturn(ret, "call_1", "memory_insert", "Name: Ann", true)));
        Steps.append(agent, window, List.of(Steps.reply(reply, "Nice to meet you, Ann!")));

        given().queryParam("order", "asc").queryParam("text_is_assistant_message", true).get("/v1/agents/{a}/messages", agent)
                .then().statusCode(200)
                .body("message_type", contains("system_message", "user_message", "reasoning_message", "tool_call_message",
                        "tool_return_message", "assistant_message"))
                .body("[1].content", equalTo("I'm Ann"))
                .body("[2].reasoning", equalTo("Store the name."))
                .body("[2].source", equalTo("reasoner_model"))
                .body("[2].id", equalTo(call))
                .body("[3].id", equalTo(call))
                .body("[3].tool_call.name", equalTo("memory_insert"))
                .body("[3].tool_calls[0].tool_call_id", equalTo("call_1"))
                .body("[4].tool_return", equalTo("Name: Ann"))
                .body("[4].status", equalTo("success"))
                .body("[4].tool_returns[0].type", equalTo("tool"))
                .body("[5].content", equalTo("Nice to meet you, Ann!"))
                .body("[5].date", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"))
                .body("[5].seq_id", nullValue());
    }

    @Test
    void send_message_becomes_the_assistant_message_and_its_return_is_hidden() {
        String agent = Steps.agent();
        String call = Steps.id();
        String ret = Steps.id();
        Steps.append(agent, List.of(), List.of(
                Steps.toolCall(call, "Greet.", "call_9", "send_message", "{\"message\": \"Hello there\"}"),
                Steps.toolReturn(ret, "call_9", "send_message", "Sent message successfully.", true)));
        given().queryParam("order", "asc").get("/v1/agents/{a}/messages", agent).then()
                .body("message_type", contains("reasoning_message", "assistant_message"))
                .body("[1].content", equalTo("Hello there"));
        given().queryParam("order", "asc").queryParam("use_assistant_message", false).get("/v1/agents/{a}/messages", agent).then()
                .body("message_type", contains("reasoning_message", "tool_call_message", "tool_return_message"));
        given().queryParam("order", "asc").queryParam("include_return_message_types", "assistant_message")
                .get("/v1/agents/{a}/messages", agent).then().body("message_type", contains("assistant_message"));
    }

    @Test
    void sub_message_otids_replace_the_lowest_seven_bits_with_the_index() {
        assertEquals("123e4567-e89b-42d3-8456-426614174000", LettaView.otid("message-123e4567-e89b-42d3-8456-426614174000", 0));
        assertEquals("123e4567-e89b-42d3-8456-426614174001", LettaView.otid("message-123e4567-e89b-42d3-8456-426614174000", 1));
        assertEquals("123e4567-e89b-42d3-8456-4266141740ff", LettaView.otid("message-123e4567-e89b-42d3-8456-4266141740ff", 127));
        assertEquals("123e4567-e89b-42d3-8456-426614174082", LettaView.otid("message-123e4567-e89b-42d3-8456-4266141740ff", 2));
    }
}
