package dev.engram.memory.message;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class OrgMessagesTest {

    /** Two agents of a fresh organization, each with a default thread; the second also with a conversation. */
    private record Org(String id, String first, String second, String conversation, List<String> ids) {
    }

    private static Org seed() {
        String org = Steps.org();
        String first = Steps.agent();
        String second = Steps.agent();
        List<String> ids = new ArrayList<>();
        String s1 = Steps.id();
        String u1 = Steps.id();
        Steps.commit(org, first, null, List.of(Steps.system(s1, "first system"),
                at(Steps.user(u1, "My cat is called Miso."), "2026-03-01T10:00:00Z")), List.of(s1, u1)).statusCode(200);
        String s2 = Steps.id();
        String u2 = Steps.id();
        Steps.commit(org, second, null, List.of(Steps.system(s2, "second system"),
                at(Steps.user(u2, "I bake sourdough bread with my cat watching."), "2026-03-02T10:00:00Z")), List.of(s2, u2))
                .statusCode(200);
        String conversation = Steps.conversation();
        String cs = Steps.id();
        String cu = Steps.id();
        given().header("X-Engram-Org", org).contentType(ContentType.JSON)
                .body(Map.of("step", Steps.step("step-" + UUID.randomUUID(), List.of(Steps.system(cs, "conversation system"),
                        at(Steps.user(cu, "Sourdough needs a starter."), "2026-03-03T10:00:00Z")), List.of(cs, cu))))
                .post("/v1/agents/{a}/conversations/{c}", second, conversation).then().statusCode(200);
        ids.addAll(List.of(s1, u1, s2, u2, cs, cu));
        return new Org(org, first, second, conversation, ids);
    }

    private static Map<String, Object> at(Map<String, Object> message, String instant) {
        Map<String, Object> m = new HashMap<>(message);
        m.put("created_at", instant);
        return m;
    }

    private static RequestSpecification in(String org) {
        return given().header("X-Engram-Org", org);
    }

    private static ValidatableResponse raw(String org, Map<String, Object> query) {
        return in(org).queryParam("view", "raw").queryParams(query).get("/v1/messages").then();
    }

    private static ValidatableResponse search(String org, Map<String, Object> body) {
        return in(org).contentType(ContentType.JSON).body(body).post("/v1/messages/search").then();
    }

    @Test
    void the_organizations_messages_list_across_agents_with_cursors_in_both_orders() {
        Org o = seed();
        List<String> ids = o.ids();
        raw(o.id(), Map.of("order", "asc")).statusCode(200).body("id", equalTo(ids))
                .body("agent_id", contains(o.first(), o.first(), o.second(), o.second(), o.second(), o.second()))
                .body("conversation_id", contains(null, null, null, null, o.conversation(), o.conversation()));
        raw(o.id(), Map.of()).body("id", equalTo(ids.reversed()));
        raw(o.id(), Map.of("order", "asc", "after", ids.get(1), "limit", 2)).body("id", equalTo(ids.subList(2, 4)));
        raw(o.id(), Map.of("before", ids.get(2), "limit", 1)).body("id", contains(ids.get(3)));
        raw(o.id(), Map.of("order", "asc", "before", ids.get(2))).body("id", equalTo(ids.subList(0, 2)));
        String unknown = Steps.id();
        raw(o.id(), Map.of("after", unknown)).statusCode(404).body("detail", equalTo("after: No message found with id " + unknown));
        in(o.id()).queryParam("order", "asc").get("/v1/messages").then().statusCode(200)
                .body("message_type", contains("system_message", "user_message", "system_message", "user_message",
                        "system_message", "user_message"));
        in(o.id()).queryParam("include_return_message_types", "user_message").get("/v1/messages").then()
                .body("id", contains(ids.get(5), ids.get(3), ids.get(1)));
    }

    @Test
    void conversation_id_narrows_the_listing_to_a_thread() {
        Org o = seed();
        List<String> ids = o.ids();
        raw(o.id(), Map.of("order", "asc", "conversation_id", "default")).body("id", equalTo(ids.subList(0, 4)));
        raw(o.id(), Map.of("order", "asc", "conversation_id", o.conversation())).body("id", equalTo(ids.subList(4, 6)));
        raw(o.id(), Map.of("conversation_id", "agent-1")).statusCode(422).body("detail", containsString("conversation_id"));
    }

    @Test
    void another_organizations_messages_are_neither_listed_nor_found_nor_searched() {
        Org o = seed();
        String other = Steps.org();
        raw(other, Map.of()).statusCode(200).body("", hasSize(0));
        raw(other, Map.of("after", o.ids().get(0))).statusCode(404);
        in(other).get("/v1/messages/{id}", o.ids().get(1)).then().statusCode(404)
                .body("detail", equalTo("Message with id " + o.ids().get(1) + " not found."));
        search(other, Map.of("query", "cat")).statusCode(200).body("", hasSize(0));
    }

    @Test
    void one_message_comes_with_its_agent_and_its_letta_messages_in_natural_order() {
        String org = Steps.org();
        String agent = Steps.agent();
        String sys = Steps.id();
        String call = Steps.id();
        String reply = Steps.id();
        Steps.commit(org, agent, null, List.of(Steps.system(sys, "s"),
                Steps.toolCall(call, "Say hello.", "call_1", "send_message", "{\"message\": \"Hello!\"}"),
                Steps.reply(reply, "Plain text.")), List.of(sys, call, reply)).statusCode(200);
        in(org).get("/v1/messages/{id}", call).then().statusCode(200)
                .body("agent_id", equalTo(agent))
                .body("message.id", equalTo(call))
                .body("message.role", equalTo("assistant"))
                .body("message.conversation_id", nullValue())
                .body("letta.message_type", contains("reasoning_message", "assistant_message"))
                .body("letta[1].content", equalTo("Hello!"));
        in(org).get("/v1/messages/{id}", reply).then().body("letta.message_type", contains("reasoning_message"));
        in(org).queryParam("text_is_assistant_message", true).get("/v1/messages/{id}", reply).then()
                .body("letta.message_type", contains("assistant_message"));
        in(org).queryParam("text_is_assistant_message", true).queryParam("inner_thoughts_agent_id", agent)
                .get("/v1/messages/{id}", reply).then().body("letta.message_type", contains("reasoning_message"));
        String unknown = Steps.id();
        in(org).get("/v1/messages/{id}", unknown).then().statusCode(404).body("detail", equalTo("Message with id " + unknown + " not found."));
        in(org).get("/v1/messages/{id}", "message-1").then().statusCode(422).body("detail", containsString("message_id"));
    }

    @Test
    void search_ranks_matches_across_agents_and_filters_by_agent_thread_role_and_dates() {
        Org o = seed();
        List<String> ids = o.ids();
        search(o.id(), Map.of("query", "sourdough cat")).statusCode(200)
                .body("message.id", contains(ids.get(3), ids.get(5), ids.get(1)))
                .body("fts_rank", everyItem(greaterThan(0f)))
                .body("[0].embedded_text", equalTo("I bake sourdough bread with my cat watching."))
                .body("[0].message.agent_id", equalTo(o.second()))
                .body("[1].message.conversation_id", equalTo(o.conversation()));
        search(o.id(), Map.of("query", "cat", "agent_id", o.first())).body("message.id", contains(ids.get(1)));
        search(o.id(), Map.of("query", "sourdough", "conversation_id", "default")).body("message.id", contains(ids.get(3)));
        search(o.id(), Map.of("query", "sourdough", "conversation_id", o.conversation())).body("message.id", contains(ids.get(5)));
        search(o.id(), Map.of("query", "sourdough", "start_date", "2026-03-03")).body("message.id", contains(ids.get(5)));
        search(o.id(), Map.of("query", "sourdough", "end_date", "2026-03-02")).body("message.id", contains(ids.get(3)));
        search(o.id(), Map.of()).body("message.id", contains(ids.get(5), ids.get(3), ids.get(1))).body("fts_rank", everyItem(nullValue()));
        search(o.id(), Map.of("roles", List.of("system"), "limit", 2)).body("message.id", contains(ids.get(4), ids.get(2)))
                .body("embedded_text", everyItem(notNullValue()));
        search(o.id(), Map.of("query", "cat", "limit", 0)).statusCode(422).body("detail", containsString("limit"));
        search(o.id(), Map.of("roles", List.of("robot"))).statusCode(422).body("detail", containsString("roles[0]"));
        search(o.id(), Map.of("start_date", "yesterday")).statusCode(422).body("detail", containsString("start_date"));
    }
}
