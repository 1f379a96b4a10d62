package dev.engram.agent.tool.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.json.JsonText;
import dev.engram.agent.tool.ToolFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * web_search through Exa's search API ({@code POST /search}), asking for what Letta asks for: an automatic search
 * type, and per result a few highlights on the query and a summary, plus the full text when the model wants it.
 * The key is the agent's EXA_API_KEY secret if it has one, else the server's.
 */
@ApplicationScoped
public class ExaSearchProvider implements WebSearchProvider {

    static final String KEY_VARIABLE = "EXA_API_KEY";

    private final WebToolsConfig.Exa config;
    private final WebClient client;

    @Inject
    public ExaSearchProvider(Vertx vertx, WebToolsConfig config) {
        this.config = config.exa();
        this.client = WebClient.create(io.vertx.mutiny.core.Vertx.newInstance(vertx), new WebClientOptions()
                .setConnectTimeout((int) Math.min(config.exa().timeout().toMillis(), 10_000))
                .setUserAgent("engram-web-search"));
    }

    @Override
    public Uni<List<WebSearchHit>> search(WebSearchQuery query, Map<String, String> environment) {
        Optional<String> key = Optional.ofNullable(environment.get(KEY_VARIABLE)).filter(k -> !k.isBlank())
                .or(() -> config.apiKey().filter(k -> !k.isBlank()));
        if (key.isEmpty()) {
            return Uni.createFrom().failure(ToolFailure.valueError("web_search is not configured: no Exa API key. Set "
                    + KEY_VARIABLE + " on the server, or as a secret of the agent"));
        }
        String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1) : config.baseUrl();
        return client.postAbs(base + "/search")
                .putHeader("x-api-key", key.get())
                .putHeader("accept", "application/json")
                .putHeader("content-type", "application/json")
                .timeout(config.timeout().toMillis())
                .sendBuffer(io.vertx.mutiny.core.buffer.Buffer.newInstance(Buffer.buffer(body(query).toString())))
                .onFailure().transform(this::failure)
                .map(ExaSearchProvider::hits);
    }

    /** Exa's request body (its API is camelCase). */
    static ObjectNode body(WebSearchQuery q) {
        ObjectNode body = JsonText.MAPPER.createObjectNode();
        body.put("query", q.query());
        body.put("numResults", q.numResults());
        body.put("type", "auto");
        putIfSet(body, "category", q.category());
        putIfSet(body, "includeDomains", q.includeDomains());
        putIfSet(body, "excludeDomains", q.excludeDomains());
        putIfSet(body, "startPublishedDate", q.startPublishedDate());
        putIfSet(body, "endPublishedDate", q.endPublishedDate());
        putIfSet(body, "userLocation", q.userLocation());
        ObjectNode contents = body.putObject("contents");
        contents.put("text", q.includeText());
        contents.putObject("highlights").put("numSentences", 2).put("highlightsPerUrl", 3).put("query", q.query());
        contents.putObject("summary").put("query", "The key information in this content about: " + q.query());
        return body;
    }

    private static List<WebSearchHit> hits(HttpResponse<io.vertx.mutiny.core.buffer.Buffer> response) {
        if (response.statusCode() != 200) {
            String hint = response.statusCode() == 401 || response.statusCode() == 403 ? " (check " + KEY_VARIABLE + ")" : "";
            throw new ToolFailure("HTTPError", "Search failed: Exa answered HTTP " + response.statusCode() + hint + ": "
                    + errorOf(response.bodyAsString()));
        }
        JsonNode answer;
        try {
            answer = JsonText.MAPPER.readTree(response.bodyAsString());
        } catch (IOException e) {
            throw new ToolFailure("HTTPError", "Search failed: Exa's answer is not JSON");
        }
        List<WebSearchHit> hits = new ArrayList<>();
        for (JsonNode r : answer.path("results")) {
            List<String> highlights = null;
            if (r.path("highlights").isArray()) {
                highlights = new ArrayList<>();
                for (JsonNode h : r.get("highlights")) {
                    highlights.add(h.asText());
                }
            }
            hits.add(new WebSearchHit(text(r, "title"), text(r, "url"), text(r, "publishedDate"), text(r, "author"), text(r, "text"),
                    highlights, text(r, "summary")));
        }
        return hits;
    }

    /** Exa's own error message ({@code {"error": "..."}}) when it gives one, else the start of its answer. */
    private static String errorOf(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode error = JsonText.MAPPER.readTree(body).path("error");
            if (error.isTextual()) {
                return error.asText();
            }
            if (error.path("message").isTextual()) {
                return error.path("message").asText();
            }
        } catch (IOException ignored) {
            // not JSON: quoted as it is
        }
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private Throwable failure(Throwable e) {
        if (e instanceof ToolFailure) {
            return e;
        }
        if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
            return new ToolFailure("TimeoutError", "Search failed: Exa did not answer within " + WebUrls.seconds(config.timeout()));
        }
        return new ToolFailure("ConnectionError", "Search failed: could not reach Exa at " + config.baseUrl() + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) {
            body.put(field, value);
        }
    }

    private static void putIfSet(ObjectNode body, String field, List<String> values) {
        if (values != null && !values.isEmpty()) {
            ArrayNode array = body.putArray(field);
            values.forEach(array::add);
        }
    }
}
