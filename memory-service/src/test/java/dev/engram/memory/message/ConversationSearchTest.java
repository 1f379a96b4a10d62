package dev.engram.memory.message;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
class ConversationSearchTest {

    private static Map<String, Object> at(Map<String, Object> message, String instant) {
        Map<String, Object> m = new HashMap<>(message);
        m.put("created_at", instant);
        return m;
    }

    private static io.restassured.response.ValidatableResponse search(String agent, Map<String, Object> args) {
        return given().contentType(ContentType.JSON).body(args).post("/v1/agents/{a}/conversation-search", agent).then().statusCode(200);
    }

    private static String seed() {
        String agent = Steps.agent();
        String sys = Steps.id();
        Steps.append(agent, List.of(), List.of(
                Steps.system(sys, "You are helpful and remember the Nuxt project."),
                at(Steps.user(Steps.id(), "I'm using Nuxt for my new project."), "2026-03-01T10:00:00Z"),
                at(Steps.reply(Steps.id(), "Nuxt is a good choice for Vue apps."), "2026-03-01T10:00:05Z"),
                at(Steps.user(Steps.id(), "My dog is called Rex."), "2026-03-02T23:30:00Z"),
                at(Steps.toolCall(Steps.id(), "Look it up.", "call_s", "conversation_search", "{\"query\": \"Nuxt project\"}"), "2026-03-03T09:00:00Z"),
                at(Steps.toolReturn(Steps.id(), "call_s", "conversation_search", "Nuxt project results", true), "2026-03-03T09:00:01Z"),
                at(Steps.toolReturn(Steps.id(), "call_t", "web_lookup", "Nuxt 4 released", true), "2026-03-03T09:00:02Z"),
                at(Steps.user(Steps.id(), "{\"type\": \"heartbeat\", \"reason\": \"Nuxt\"}"), "2026-03-03T09:00:03Z")));
        return agent;
    }

    @Test
    void full_text_search_ranks_matches_and_skips_system_heartbeats_and_its_own_calls() {
        String agent = seed();
        search(agent, Map.of("query", "nuxt project")).body("message", equalTo("Showing 2 results:"))
                .body("results", hasSize(2))
                .body("results[0].content", equalTo("I'm using Nuxt for my new project."))
                .body("results[0].role", equalTo("user"))
                .body("results[0].relevance.search_mode", equalTo("fts"))
                .body("results[1].content", equalTo("Nuxt is a good choice for Vue apps."))
                .body("results[0].timestamp", equalTo("2026-03-01T10:00:00+00:00"))
                .body("results[0].time_ago", matchesPattern("\\d+d ago"));
    }

    @Test
    void roles_filter_and_tool_results_only_when_asked_for() {
        String agent = seed();
        search(agent, Map.of("query", "nuxt", "roles", List.of("assistant"))).body("results.role", contains("assistant"));
        search(agent, Map.of("query", "nuxt", "roles", List.of("tool"))).body("results", hasSize(1))
                .body("results[0].content", containsString("Nuxt 4 released"));
    }

    @Test
    void a_date_alone_covers_the_whole_day_in_the_agents_timezone() {
        String agent = seed();
        // 2026-03-02T23:30Z is still March 2nd in UTC, but March 3rd in Berlin
        search(agent, Map.of("query", "dog", "start_date", "2026-03-02", "end_date", "2026-03-02")).body("results", hasSize(1));
        search(agent, Map.of("query", "dog", "start_date", "2026-03-02", "end_date", "2026-03-02", "timezone", "Europe/Berlin"))
                .body("message", equalTo("No results found.")).body("results", hasSize(0));
        search(agent, Map.of("query", "dog", "start_date", "2026-03-03", "end_date", "2026-03-03", "timezone", "Europe/Berlin"))
                .body("results", hasSize(1)).body("results[0].timestamp", equalTo("2026-03-03T00:30:00+01:00"));
    }

    @Test
    void without_a_query_the_most_recent_come_first_up_to_the_limit() {
        String agent = seed();
        search(agent, Map.of("limit", 2)).body("results", hasSize(2))
                .body("results[0].content", equalTo("My dog is called Rex."))
                .body("results.relevance.search_mode", everyItem(is("recency")));
    }

    @Test
    void invalid_dates_get_lettas_message() {
        String agent = seed();
        given().contentType(ContentType.JSON).body(Map.of("query", "x", "start_date", "yesterday"))
                .post("/v1/agents/{a}/conversation-search", agent).then().statusCode(400)
                .body("detail", equalTo("Invalid start_date format: yesterday. Use ISO 8601 format (YYYY-MM-DD or YYYY-MM-DDTHH:MM)"));
    }

    @Test
    void results_are_the_agents_own() {
        String agent = seed();
        String other = Steps.agent();
        Steps.append(other, List.of(), List.of(Steps.user(Steps.id(), "Nuxt Nuxt Nuxt")));
        search(agent, Map.of("query", "nuxt")).body("results.content", everyItem(org.hamcrest.Matchers.not(equalTo("Nuxt Nuxt Nuxt"))));
    }
}
