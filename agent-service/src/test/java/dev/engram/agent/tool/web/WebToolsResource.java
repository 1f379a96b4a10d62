package dev.engram.agent.tool.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * For {@link WebToolsApiTest}: a local page server, and a stand-in for Exa's search API that wants the key
 * {@value #EXA_KEY} and answers {@code numResults} results naming the query (so the test sees what was asked).
 * fetch_webpage may reach 127.0.0.1, and only that of the non-public addresses.
 */
public class WebToolsResource implements QuarkusTestResourceLifecycleManager {

    static final String EXA_KEY = "exa-test-key";
    static final String PAGES_URL = "test.web-tools.pages-url";
    static final String ARTICLE = "<html><head><title>Sea otters</title><script>var hidden = 1;</script></head>"
            + "<body><h1>Sea otters</h1><p>Sea otters use rocks to open shells.</p></body></html>";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalHttpServer pages;
    private LocalHttpServer exa;

    @Override
    public Map<String, String> start() {
        pages = new LocalHttpServer().route("/otters", LocalHttpServer.page("text/html; charset=utf-8", ARTICLE));
        exa = new LocalHttpServer().route("/search", (request, exchange) -> {
            if (!EXA_KEY.equals(request.header("x-api-key"))) {
                LocalHttpServer.respond(exchange, 401, "application/json", "{\"error\": \"Invalid API key\"}");
                return;
            }
            JsonNode body = JSON.readTree(request.body());
            ObjectNode answer = JSON.createObjectNode().put("requestId", "req-1");
            ArrayNode results = answer.putArray("results");
            for (int i = 1; i <= body.path("numResults").asInt(); i++) {
                ObjectNode r = results.addObject();
                r.put("id", "https://example.com/" + i);
                r.put("title", "Result " + i + " for " + body.path("query").asText());
                r.put("url", "https://example.com/" + i);
                r.put("publishedDate", "2024-05-0" + i + "T00:00:00.000Z");
                r.putNull("author");
                r.putArray("highlights").add("Highlight " + i + ".");
                r.put("summary", "Summary " + i + ".");
            }
            LocalHttpServer.respond(exchange, 200, "application/json", JSON.writeValueAsString(answer));
        });
        return Map.of(
                "engram.tools.web.exa.base-url", exa.url(""),
                "engram.tools.web.exa.api-key", EXA_KEY,
                "engram.tools.web.allowed-networks", "127.0.0.1/32",
                PAGES_URL, pages.url(""));
    }

    @Override
    public void stop() {
        if (pages != null) {
            pages.close();
        }
        if (exa != null) {
            exa.close();
        }
    }
}
