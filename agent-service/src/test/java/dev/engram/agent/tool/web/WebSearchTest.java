package dev.engram.agent.tool.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.tool.ToolCallContext;
import dev.engram.agent.tool.ToolFailure;
import dev.engram.agent.web.Actor;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** web_search through the Exa provider, against a local server speaking Exa's search API. */
class WebSearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer as Exa gives it: camelCase, ids and scores Letta's format leaves out, a result without extras. */
    static final String EXA_ANSWER = """
            {"requestId": "b5947044c4b78efa9552a7c89b306d95", "resolvedSearchType": "neural", "results": [
              {"id": "https://example.com/otters", "title": "Sea otters", "url": "https://example.com/otters",
               "publishedDate": "2024-05-01T00:00:00.000Z", "author": "Jane Doe", "text": "Sea otters are marine mammals.",
               "highlights": ["Otters use rocks.", "They eat urchins."], "highlightScores": [0.51, 0.42],
               "summary": "Otters are tool users."},
              {"id": "https://example.org/facts", "title": "Otter facts", "url": "https://example.org/facts",
               "publishedDate": null, "author": null, "highlights": [], "summary": ""}],
             "costDollars": {"total": 0.005}}""";

    private static Vertx vertx;
    private final LocalHttpServer exa = new LocalHttpServer();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void close() {
        exa.close();
    }

    private WebSearch tool(String serverKey) {
        return tool(serverKey, Duration.ofSeconds(5));
    }

    private WebSearch tool(String serverKey, Duration timeout) {
        return new WebSearch(new ExaSearchProvider(vertx, TestWebConfig.defaults().exa(serverKey, exa.url("/"), timeout)));
    }

    private static ToolCallContext call(Map<String, Object> args, Map<String, String> environment) {
        return ToolCallContext.direct(Actor.ofUser(null), "agent-test", "key", JSON.valueToTree(args), null, null, environment);
    }

    private static String search(WebSearch tool, Map<String, Object> args) {
        return search(tool, args, Map.of());
    }

    private static String search(WebSearch tool, Map<String, Object> args, Map<String, String> environment) {
        return tool.execute(call(args, environment)).await().atMost(Duration.ofSeconds(20));
    }

    private static ToolFailure failure(WebSearch tool, Map<String, Object> args) {
        return assertThrows(ToolFailure.class, () -> search(tool, args));
    }

    private void answering(int status, String contentType, String body) {
        exa.route("/search", (r, ex) -> LocalHttpServer.respond(ex, status, contentType, body));
    }

    private JsonNode lastBody() throws Exception {
        return JSON.readTree(exa.received().getLast().body());
    }

    @Test
    void a_search_sends_lettas_exa_request_and_answers_lettas_json() throws Exception {
        answering(200, "application/json", EXA_ANSWER);
        String result = search(tool("exa-server-key"), Map.of("query", "sea otters", "num_results", 3, "category", "news",
                "include_domains", List.of("example.com"), "start_published_date", "2024-01-01", "user_location", "US"));
        assertEquals("""
                {
                  "query": "sea otters",
                  "results": [
                    {
                      "title": "Sea otters",
                      "url": "https://example.com/otters",
                      "published_date": "2024-05-01T00:00:00.000Z",
                      "author": "Jane Doe",
                      "highlights": [
                        "Otters use rocks.",
                        "They eat urchins."
                      ],
                      "summary": "Otters are tool users."
                    },
                    {
                      "title": "Otter facts",
                      "url": "https://example.org/facts",
                      "published_date": null,
                      "author": null
                    }
                  ]
                }""", result);
        LocalHttpServer.Received request = exa.received().getFirst();
        assertEquals("POST", request.method());
        assertEquals("/search", request.uri());
        assertEquals("exa-server-key", request.header("x-api-key"));
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals(JSON.readTree("""
                {"query": "sea otters", "numResults": 3, "type": "auto", "category": "news", "includeDomains": ["example.com"],
                 "startPublishedDate": "2024-01-01", "userLocation": "US",
                 "contents": {"text": false, "highlights": {"numSentences": 2, "highlightsPerUrl": 3, "query": "sea otters"},
                              "summary": {"query": "The key information in this content about: sea otters"}}}"""), lastBody());
    }

    @Test
    void include_text_asks_for_and_returns_the_full_text() throws Exception {
        answering(200, "application/json", EXA_ANSWER);
        JsonNode result = JSON.readTree(search(tool("k"), Map.of("query", "otters", "include_text", true)));
        assertEquals("Sea otters are marine mammals.", result.path("results").get(0).path("text").asText());
        assertTrue(lastBody().path("contents").path("text").asBoolean());
        assertEquals(10, lastBody().path("numResults").asInt(), "10 results unless asked otherwise");
    }

    @Test
    void num_results_is_kept_between_1_and_100() throws Exception {
        answering(200, "application/json", "{\"results\": []}");
        WebSearch tool = tool("k");
        assertEquals("{\n  \"query\": \"q\",\n  \"results\": []\n}", search(tool, Map.of("query", "q", "num_results", 500)));
        assertEquals(100, lastBody().path("numResults").asInt());
        search(tool, Map.of("query", "q", "num_results", 0));
        assertEquals(1, lastBody().path("numResults").asInt());
    }

    @Test
    void the_agents_own_exa_key_wins_over_the_servers() {
        answering(200, "application/json", EXA_ANSWER);
        search(tool("exa-server-key"), Map.of("query", "otters"), Map.of("EXA_API_KEY", "agent-key"));
        assertEquals("agent-key", exa.received().getLast().header("x-api-key"));
        search(tool(null), Map.of("query", "otters"), Map.of("EXA_API_KEY", "agent-key"));
        assertEquals("agent-key", exa.received().getLast().header("x-api-key"), "an agent key suffices without a server key");
    }

    @Test
    void without_a_key_the_call_is_an_error_that_says_it_is_not_configured() {
        answering(200, "application/json", EXA_ANSWER);
        ToolFailure f = failure(tool(null), Map.of("query", "otters"));
        assertEquals("ValueError", f.errorType());
        assertEquals("web_search is not configured: no Exa API key. Set EXA_API_KEY on the server, or as a secret of the agent",
                f.getMessage());
        assertEquals(0, exa.received().size());
        assertEquals(f.getMessage(), failure(tool(" "), Map.of("query", "otters")).getMessage(), "a blank key is no key");
    }

    @Test
    void provider_errors_are_error_results_naming_what_exa_said() {
        answering(401, "application/json", "{\"requestId\": \"r1\", \"error\": \"Invalid API key\"}");
        ToolFailure unauthorized = failure(tool("wrong"), Map.of("query", "otters"));
        assertEquals("HTTPError", unauthorized.errorType());
        assertEquals("Search failed: Exa answered HTTP 401 (check EXA_API_KEY): Invalid API key", unauthorized.getMessage());

        exa.close();
        LocalHttpServer broken = new LocalHttpServer().route("/search", (r, ex) -> LocalHttpServer.respond(ex, 500, "text/plain", "upstream broke"));
        try {
            WebSearch tool = new WebSearch(new ExaSearchProvider(vertx, TestWebConfig.defaults().exa("k", broken.url(""), Duration.ofSeconds(5))));
            ToolFailure serverError = assertThrows(ToolFailure.class, () -> search(tool, Map.of("query", "otters")));
            assertEquals("Search failed: Exa answered HTTP 500: upstream broke", serverError.getMessage());
        } finally {
            broken.close();
        }
    }

    @Test
    void a_provider_that_does_not_answer_in_time_is_a_timeout_and_one_that_is_down_a_connection_error() {
        exa.route("/search", (r, ex) -> {
            Thread.sleep(3_000);
            LocalHttpServer.respond(ex, 200, "application/json", EXA_ANSWER);
        });
        ToolFailure timeout = failure(tool("k", Duration.ofMillis(300)), Map.of("query", "otters"));
        assertEquals("TimeoutError", timeout.errorType());
        assertEquals("Search failed: Exa did not answer within 300ms", timeout.getMessage());

        String base = exa.url("");
        exa.close();
        WebSearch down = new WebSearch(new ExaSearchProvider(vertx, TestWebConfig.defaults().exa("k", base, Duration.ofSeconds(5))));
        ToolFailure unreachable = assertThrows(ToolFailure.class, () -> search(down, Map.of("query", "otters")));
        assertEquals("ConnectionError", unreachable.errorType());
        assertTrue(unreachable.getMessage().startsWith("Search failed: could not reach Exa at " + base), unreachable.getMessage());
    }

    @Test
    void arguments_the_search_cannot_take_are_the_models_mistake() {
        answering(200, "application/json", EXA_ANSWER);
        WebSearch tool = tool("k");
        assertEquals("web_search() missing 1 required positional argument: 'query'", failure(tool, Map.of()).getMessage());
        assertEquals("the query is empty", failure(tool, Map.of("query", "  ")).getMessage());
        assertEquals("category must be one of [company, research paper, news, pdf, github, tweet, personal site, linkedin profile, "
                + "financial report], not 'blogs'", failure(tool, Map.of("query", "q", "category", "blogs")).getMessage());
        assertEquals(0, exa.received().size());
    }

    @Test
    void the_schema_has_lettas_parameters_types_and_required_list() {
        WebSearch tool = tool("k");
        assertEquals("web_search", tool.name());
        assertEquals("letta_builtin", tool.type());
        ObjectNode schema = tool.parameters();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        schema.path("properties").properties().forEach(e -> {
            names.add(e.getKey());
            JsonNode p = e.getValue();
            types.add(p.path("type").asText() + (p.has("items") ? "<" + p.path("items").path("type").asText() + ">" : "")
                    + (p.has("enum") ? p.path("enum").toString() : ""));
            assertTrue(p.path("description").isTextual(), e.getKey());
        });
        assertEquals(List.of("query", "num_results", "category", "include_text", "include_domains", "exclude_domains",
                "start_published_date", "end_published_date", "user_location"), names);
        assertEquals(List.of("string", "integer", "string[\"company\",\"research paper\",\"news\",\"pdf\",\"github\",\"tweet\","
                + "\"personal site\",\"linkedin profile\",\"financial report\"]", "boolean", "array<string>", "array<string>", "string",
                "string", "string"), types);
        assertEquals("[\"query\"]", schema.path("required").toString());
    }
}
