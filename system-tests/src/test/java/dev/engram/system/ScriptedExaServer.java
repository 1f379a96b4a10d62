package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Exa's paid search API on a loopback port: {@code POST /search} with the {@code x-api-key} it was
 * given answers {@link #ANSWER} in Exa's own shape (camelCase, ids and scores); anything else is a 401 or 404. It keeps
 * every search request it received.
 */
final class ScriptedExaServer implements AutoCloseable {

    /** What Exa answers, fields Letta's web_search leaves out included. */
    static final String ANSWER = """
            {"requestId": "7f0c2a1e9b", "resolvedSearchType": "neural", "results": [
              {"id": "https://example.com/otter-rafts", "title": "Why sea otters hold hands", "url": "https://example.com/otter-rafts",
               "publishedDate": "2025-02-03T00:00:00.000Z", "author": "Marine Desk",
               "highlights": ["Sea otters hold hands while they sleep so they do not drift apart."], "highlightScores": [0.73],
               "summary": "Otters float together in groups called rafts."}],
             "costDollars": {"total": 0.005}}""";

    /** One search request as received. */
    record Search(String apiKey, JsonNode body) {
    }

    private final HttpServer server;
    private final String apiKey;
    private final List<Search> searches = new CopyOnWriteArrayList<>();

    ScriptedExaServer(String apiKey) throws IOException {
        this.apiKey = apiKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Search> searches() {
        return List.copyOf(searches);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod()) || !"/search".equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "{\"error\": \"not found\"}");
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("x-api-key");
            searches.add(new Search(key, Engram.JSON.readTree(body)));
            if (!apiKey.equals(key)) {
                respond(exchange, 401, "{\"error\": \"invalid API key\"}");
                return;
            }
            respond(exchange, 200, ANSWER);
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
