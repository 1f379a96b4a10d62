package dev.engram.agent.mcp;

import dev.engram.agent.support.Db;
import dev.engram.agent.support.McpTestServers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1/mcp-servers}: servers registered against the real reference MCP server, over both HTTP transports. */
@QuarkusTest
class McpServersApiTest {

    private final McpTestServers mcp = McpTestServers.get();

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> httpConfig(String type, String url) {
        Map<String, Object> config = new HashMap<>();
        config.put("mcp_server_type", type);
        config.put("server_url", url);
        return config;
    }

    static ValidatableResponse create(String name, Map<String, Object> config) {
        return given().contentType(ContentType.JSON).body(Map.of("server_name", name, "config", config)).post("/v1/mcp-servers/").then();
    }

    static String register(String name, String type, String url) {
        return create(name, httpConfig(type, url)).statusCode(200).extract().path("id");
    }

    static String toolId(String server, String tool) {
        List<Map<String, Object>> tools = given().get("/v1/mcp-servers/{id}/tools", server).then().statusCode(200).extract().path("$");
        return tools.stream().filter(t -> tool.equals(t.get("name"))).map(t -> (String) t.get("id")).findFirst()
                .orElseThrow(() -> new AssertionError(tool + " is not among " + tools));
    }

    static ValidatableResponse run(String server, String tool, Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/mcp-servers/{id}/tools/{tool}/run", server, tool).then();
    }

    @Test
    void a_streamable_http_server_is_registered_and_its_tools_are_saved_as_tool_rows() {
        String name = unique("everything");
        String id = create(name, httpConfig("streamable_http", mcp.streamableUrl())).statusCode(200)
                .body("id", startsWith("mcp_server-"))
                .body("server_name", equalTo(name))
                .body("mcp_server_type", equalTo("streamable_http"))
                .body("server_url", equalTo(mcp.streamableUrl()))
                .body("auth_header", nullValue())
                .body("auth_token", nullValue())
                .body("$", not(hasKey("command")))
                .extract().path("id");

        given().get("/v1/mcp-servers/{id}/tools", id).then().statusCode(200)
                .body("name", hasItems("echo", "get-sum", "trigger-long-running-operation"))
                .body("tool_type", everyItem(equalTo("external_mcp")))
                .body("tags", everyItem(contains("mcp:" + name)))
                .body("metadata_.mcp.server_id", everyItem(equalTo(id)))
                .body("metadata_.mcp.server_name", everyItem(equalTo(name)));
        String echo = toolId(id, "echo");
        given().get("/v1/mcp-servers/{id}/tools/{tool}", id, echo).then().statusCode(200)
                .body("name", equalTo("echo"))
                .body("description", equalTo("Echoes back the input string"))
                .body("json_schema.name", equalTo("echo"))
                .body("json_schema.parameters.type", equalTo("object"))
                .body("json_schema.parameters.additionalProperties", equalTo(false))
                .body("json_schema.parameters.required", contains("message"))
                .body("json_schema.parameters.properties.message.type", equalTo("string"))
                .body("json_schema.parameters.properties", not(hasKey("request_heartbeat")))
                .body("json_schema.'mcp:SCHEMA_STATUS'", equalTo("STRICT_COMPLIANT"))
                .body("json_schema.'mcp:SCHEMA_WARNINGS'", empty());
        // optional arguments keep their defaults and stay out of required
        given().get("/v1/mcp-servers/{id}/tools/{tool}", id, toolId(id, "trigger-long-running-operation")).then()
                .body("json_schema.parameters.properties.duration.default", equalTo(10))
                .body("json_schema.parameters.required", empty());
        // the rows are tools like any other
        given().get("/v1/tools/{id}", echo).then().statusCode(200)
                .body("tool_type", equalTo("external_mcp")).body("metadata_.mcp.server_id", equalTo(id));
        given().queryParam("name", "echo").get("/v1/tools/").then().body("id", hasItem(echo));

        given().get("/v1/mcp-servers/{id}", id).then().statusCode(200).body("server_name", equalTo(name));
        given().get("/v1/mcp-servers/").then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void an_sse_server_runs_its_tools_directly() {
        String id = register(unique("everything-sse"), "sse", mcp.sseUrl());
        run(id, toolId(id, "echo"), Map.of("args", Map.of("message", "over sse"))).statusCode(200)
                .body("status", equalTo("success"))
                .body("func_return", equalTo("Echo: over sse"));
        run(id, toolId(id, "get-sum"), Map.of("args", Map.of("a", 2, "b", 3))).statusCode(200)
                .body("status", equalTo("success"))
                .body("func_return", equalTo("The sum of 2 and 3 is 5."));
        // parts that are not text come as their JSON, between the text parts
        run(id, toolId(id, "get-tiny-image"), Map.of()).statusCode(200)
                .body("func_return", startsWith("Here's the image you requested: {\"type\":\"image\""))
                .body("func_return", containsString("The image above is the MCP logo."));
        // the server's own error answer is status error with its words
        run(id, toolId(id, "echo"), Map.of("args", Map.of())).statusCode(200)
                .body("status", equalTo("error"))
                .body("func_return", containsString("Input validation error"));
    }

    @Test
    void a_tool_that_does_not_answer_in_time_is_408() {
        String id = register(unique("slow"), "streamable_http", mcp.streamableUrl());
        long start = System.nanoTime();
        run(id, toolId(id, "trigger-long-running-operation"), Map.of("args", Map.of("duration", 30, "steps", 1))).statusCode(408)
                .body("detail", containsString("did not answer within 4 s"));
        assertTrue(System.nanoTime() - start < 25_000_000_000L, "cut at the call timeout, not when the tool finished");
    }

    @Test
    void a_server_that_cannot_be_reached_is_502_with_the_reason() {
        String name = unique("moving");
        String id = register(name, "streamable_http", mcp.streamableUrl());
        String echo = toolId(id, "echo");
        String dead = McpTestServers.deadUrl();
        given().contentType(ContentType.JSON).body(Map.of("config", httpConfig("streamable_http", dead)))
                .patch("/v1/mcp-servers/{id}", id).then().statusCode(200).body("server_url", equalTo(dead));
        run(id, echo, Map.of("args", Map.of("message", "hi"))).statusCode(502)
                .body("detail", equalTo("Failed to connect to MCP server '" + name + "' at " + dead + ": connection refused"));
        given().patch("/v1/mcp-servers/{id}/refresh", id).then().statusCode(502).body("detail", containsString("connection refused"));
        // the saved tools stay: the server may come back
        given().get("/v1/mcp-servers/{id}/tools", id).then().body("name", hasItem("echo"));

        // registering a server that is down keeps it, without tools; SSE refusals are seen at once too
        String down = register(unique("down"), "sse", McpTestServers.deadUrl());
        given().get("/v1/mcp-servers/{id}/tools", down).then().statusCode(200).body("$", empty());
        given().patch("/v1/mcp-servers/{id}/refresh", down).then().statusCode(502).body("detail", endsWith(": connection refused"));
    }

    @Test
    void the_auth_settings_reach_the_server_and_a_refusal_is_502_naming_it() throws Exception {
        List<com.sun.net.httpserver.Headers> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer guarded = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        guarded.createContext("/mcp", exchange -> {
            seen.add(exchange.getRequestHeaders());
            byte[] body = "{\"error\": \"invalid_token\"}".getBytes();
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        guarded.start();
        try {
            String url = "http://127.0.0.1:" + guarded.getAddress().getPort() + "/mcp";
            String id = create(unique("guarded"), Map.of("mcp_server_type", "streamable_http", "server_url", url,
                    "auth_header", "Authorization", "auth_token", "s3cret", "custom_headers", Map.of("X-Team", "core")))
                    .statusCode(200).extract().path("id");
            String agent = "agent-" + UUID.randomUUID();
            seen.clear();
            given().queryParam("agent_id", agent).patch("/v1/mcp-servers/{id}/refresh", id).then().statusCode(502)
                    .body("detail", containsString("401"));
            assertTrue(!seen.isEmpty(), "the server was called");
            assertEquals("Bearer s3cret", seen.getFirst().getFirst("Authorization"));
            assertEquals("core", seen.getFirst().getFirst("X-Team"));
            assertEquals(agent, seen.getFirst().getFirst("X-Agent-Id"));
            List<JsonPath> events = events(given().get("/v1/mcp-servers/connect/{id}", id).then().statusCode(200).extract().asString());
            assertEquals("error", events.getLast().getString("event"));
            assertTrue(events.getLast().getString("message").contains("OAuth"), events.getLast().getString("message"));
        } finally {
            guarded.stop(0);
        }
    }

    @Test
    void refresh_deletes_updates_and_adds_rows_to_match_the_server() {
        String name = unique("resync");
        String id = register(name, "streamable_http", mcp.streamableUrl());
        String echo = toolId(id, "echo");
        assertEquals(1, Db.update("DELETE FROM agent.tools WHERE id = ?", echo));
        assertEquals(1, Db.update("UPDATE agent.tools SET json_schema = '{\"name\":\"get-sum\",\"parameters\":{}}' WHERE id = ?",
                toolId(id, "get-sum")));
        assertEquals(1, Db.update("INSERT INTO agent.tools (id, organization_id, name, tool_type, json_schema, tags, return_char_limit, "
                + "created_at, updated_at, mcp_server_id) SELECT ?, organization_id, ?, 'external_mcp', '{}', '{}', 50000, now(), now(), id "
                + "FROM agent.mcp_servers WHERE id = ?", "tool-" + UUID.randomUUID(), "retired-" + name, id));

        given().queryParam("agent_id", "agent-" + UUID.randomUUID()).patch("/v1/mcp-servers/{id}/refresh", id).then().statusCode(200)
                .body("deleted", contains("retired-" + name))
                .body("updated", contains("get-sum"))
                .body("added", contains("echo"));
        given().get("/v1/mcp-servers/{id}/tools", id).then()
                .body("name", hasItem("echo")).body("name", not(hasItem("retired-" + name)));
        given().patch("/v1/mcp-servers/{id}/refresh", id).then().statusCode(200)
                .body("deleted", empty()).body("updated", empty()).body("added", empty());
    }

    @Test
    void auth_settings_are_kept_shown_as_letta_shows_them_and_updated_in_part() {
        String id = create(unique("authed"), Map.of("mcp_server_type", "streamable_http", "server_url", mcp.streamableUrl(),
                "auth_header", "Authorization", "auth_token", "Bearer secret-1", "custom_headers", Map.of("X-Team", "core")))
                .statusCode(200)
                .body("auth_header", equalTo("Authorization"))
                .body("auth_token", equalTo("Bearer secret-1"))
                .body("custom_headers.X-Team", equalTo("core"))
                .extract().path("id");
        String renamed = unique("authed-renamed");
        given().contentType(ContentType.JSON)
                .body(Map.of("server_name", renamed, "config", Map.of("mcp_server_type", "streamable_http", "auth_token", "secret-2")))
                .patch("/v1/mcp-servers/{id}", id).then().statusCode(200)
                .body("server_name", equalTo(renamed))
                .body("server_url", equalTo(mcp.streamableUrl()))
                .body("auth_token", equalTo("Bearer secret-2"))
                .body("custom_headers.X-Team", equalTo("core"));
        // the tools follow the new name
        given().get("/v1/mcp-servers/{id}/tools", id).then()
                .body("tags", everyItem(contains("mcp:" + renamed)))
                .body("metadata_.mcp.server_name", everyItem(equalTo(renamed)));
        given().contentType(ContentType.JSON).body(Map.of("config", Map.of("mcp_server_type", "sse")))
                .patch("/v1/mcp-servers/{id}", id).then().statusCode(400).body("detail", containsString("type cannot change"));
    }

    @Test
    void deleting_a_server_deletes_its_tools_and_detaches_them() {
        String id = register(unique("gone"), "streamable_http", mcp.streamableUrl());
        String echo = toolId(id, "echo");
        String agent = dev.engram.agent.support.Agents.create();
        given().patch("/v1/agents/{a}/tools/attach/{t}", agent, echo).then().statusCode(200);
        given().delete("/v1/mcp-servers/{id}", id).then().statusCode(204);
        given().get("/v1/mcp-servers/{id}", id).then().statusCode(404);
        given().get("/v1/tools/{id}", echo).then().statusCode(404);
        given().get("/v1/agents/{a}/tools", agent).then().statusCode(200).body("id", not(hasItem(echo)));
    }

    @Test
    void stdio_servers_are_refused_while_disabled() {
        create(unique("local"), Map.of("mcp_server_type", "stdio", "command", "npx", "args", List.of("-y", "server"))).statusCode(400)
                .body("detail", containsString("ENGRAM_MCP_STDIO=true"));
        given().contentType(ContentType.JSON).body(Map.of("server_name", unique("local"), "type", "stdio", "command", "npx", "args", List.of()))
                .put("/v1/tools/mcp/servers").then().statusCode(400).body("detail", containsString("ENGRAM_MCP_STDIO=true"));
        List<JsonPath> events = events(given().contentType(ContentType.JSON)
                .body(Map.of("server_name", "local", "type", "stdio", "command", "npx", "args", List.of()))
                .post("/v1/tools/mcp/servers/connect").then().statusCode(200).extract().asString());
        assertEquals("error", events.getLast().getString("event"));
        assertTrue(events.getLast().getString("message").contains("ENGRAM_MCP_STDIO=true"), events.getLast().prettify());
        given().get("/v1/tools/mcp/servers").then().body("$", not(hasKey("local")));
    }

    @Test
    void a_second_server_of_the_same_name_is_409() {
        String name = unique("twice");
        register(name, "streamable_http", mcp.streamableUrl());
        create(name, httpConfig("sse", mcp.sseUrl())).statusCode(409).body("detail", equalTo("An MCP server named " + name + " already exists"));
    }

    @Test
    void creates_of_one_name_at_the_same_time_make_one_server_and_409s() throws Exception {
        String name = unique("race");
        List<java.util.concurrent.Callable<Integer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(() -> create(name, httpConfig("streamable_http", mcp.streamableUrl())).extract().statusCode());
        }
        List<Integer> statuses = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            for (var f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        }
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        given().get("/v1/mcp-servers/").then().body("findAll { it.server_name == '" + name + "' }.size()", equalTo(1));
    }

    @Test
    void unknown_servers_and_tools_are_404() {
        String missing = "mcp_server-" + UUID.randomUUID();
        given().get("/v1/mcp-servers/{id}", missing).then().statusCode(404).body("detail", equalTo("MCP server " + missing + " not found"));
        given().delete("/v1/mcp-servers/{id}", missing).then().statusCode(404);
        given().get("/v1/mcp-servers/{id}/tools", missing).then().statusCode(404);
        given().patch("/v1/mcp-servers/{id}/refresh", missing).then().statusCode(404);
        given().get("/v1/mcp-servers/connect/{id}", missing).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("config", httpConfig("sse", mcp.sseUrl())))
                .patch("/v1/mcp-servers/{id}", missing).then().statusCode(404);
        run(missing, "tool-" + UUID.randomUUID(), Map.of()).statusCode(404);
        String id = register(unique("known"), "streamable_http", mcp.streamableUrl());
        String other = "tool-" + UUID.randomUUID();
        given().get("/v1/mcp-servers/{id}/tools/{t}", id, other).then().statusCode(404)
                .body("detail", equalTo("Tool " + other + " not found for MCP server " + id));
        run(id, other, Map.of()).statusCode(404);
    }

    @Test
    void malformed_requests_are_422_naming_the_field() {
        String url = mcp.streamableUrl();
        given().contentType(ContentType.JSON).body(Map.of("config", httpConfig("sse", url))).post("/v1/mcp-servers/").then()
                .statusCode(422).body("detail", equalTo("body.server_name: Field required"));
        given().contentType(ContentType.JSON).body(Map.of("server_name", "x")).post("/v1/mcp-servers/").then()
                .statusCode(422).body("detail", equalTo("body.config: Field required"));
        create("x", Map.of("server_url", url)).statusCode(422)
                .body("detail", equalTo("body.config: Unable to extract tag using discriminator 'mcp_server_type'"));
        create("x", Map.of("mcp_server_type", "websocket", "server_url", url)).statusCode(422)
                .body("detail", startsWith("body.config: Input tag 'websocket' found using 'mcp_server_type' does not match"));
        create("x", Map.of("mcp_server_type", "sse")).statusCode(422).body("detail", equalTo("body.config.server_url: Field required"));
        create("x", httpConfig("sse", "ftp://example.com/sse")).statusCode(422)
                .body("detail", equalTo("body.config.server_url: Value error, server_url must start with 'http://' or 'https://', got: "
                        + "'ftp://example.com/sse'"));
        create("x", Map.of("mcp_server_type", "sse", "server_url", url, "token", "t")).statusCode(422)
                .body("detail", equalTo("body.config.token: Extra inputs are not permitted"));
        create("x", Map.of("mcp_server_type", "sse", "server_url", url, "custom_headers", Map.of("X-N", 1))).statusCode(422)
                .body("detail", equalTo("body.config.custom_headers.X-N: Input should be a valid string"));
        create("", httpConfig("sse", url)).statusCode(422).body("detail", equalTo("body.server_name: String should have at least 1 character"));
        String id = register(unique("args"), "streamable_http", url);
        run(id, toolId(id, "echo"), Map.of("args", List.of("hi"))).statusCode(422)
                .body("detail", equalTo("body.args: Input should be a valid dictionary"));
        run(id, toolId(id, "echo"), Map.of("arguments", Map.of())).statusCode(422)
                .body("detail", equalTo("body.arguments: Extra inputs are not permitted"));
    }

    @Test
    void another_organization_sees_none_of_the_servers() {
        String name = unique("private");
        String id = register(name, "streamable_http", mcp.streamableUrl());
        String echo = toolId(id, "echo");
        assertEquals(1, Db.update("UPDATE agent.mcp_servers SET organization_id = ? WHERE id = ?", "org-" + UUID.randomUUID(), id));
        given().get("/v1/mcp-servers/{id}", id).then().statusCode(404);
        given().get("/v1/mcp-servers/").then().body("id", not(hasItem(id)));
        given().get("/v1/mcp-servers/{id}/tools", id).then().statusCode(404);
        run(id, echo, Map.of("args", Map.of("message", "x"))).statusCode(404);
        given().delete("/v1/mcp-servers/{id}", id).then().statusCode(404);
        given().get("/v1/tools/mcp/servers/{name}/tools", name).then().statusCode(404);
        // the name is free in this organization
        register(name, "sse", mcp.sseUrl());
    }

    @Test
    void the_connect_stream_reports_the_attempt_then_the_tools_or_the_reason() {
        String name = unique("connect");
        String id = register(name, "sse", mcp.sseUrl());
        List<JsonPath> events = events(given().accept("text/event-stream").get("/v1/mcp-servers/connect/{id}", id).then()
                .statusCode(200).contentType(startsWith("text/event-stream")).extract().asString());
        assertEquals(List.of("connection_attempt", "success"), events.stream().map(e -> e.getString("event")).toList());
        assertEquals(name, events.get(0).getString("server_name"));
        assertTrue(events.get(1).getList("tools.name").contains("echo"), events.get(1).prettify());
        assertTrue(events.get(1).getMap("tools[0]").containsKey("inputSchema"), events.get(1).prettify());

        String down = register(unique("connect-down"), "streamable_http", McpTestServers.deadUrl());
        List<JsonPath> failed = events(given().get("/v1/mcp-servers/connect/{id}", down).then().statusCode(200).extract().asString());
        assertEquals("error", failed.get(1).getString("event"));
        assertTrue(failed.get(1).getString("message").startsWith("Connection failed: ") && failed.get(1).getString("message")
                .endsWith("connection refused"), failed.get(1).getString("message"));
    }

    /** The JSON of each {@code data:} frame of an event stream. */
    static List<JsonPath> events(String stream) {
        return stream.lines().filter(l -> l.startsWith("data:")).map(l -> new JsonPath(l.substring(5).strip())).toList();
    }

    @Test
    void the_live_tool_list_shows_mcp_s_fields_with_the_schema_health() {
        String name = unique("health");
        register(name, "streamable_http", mcp.streamableUrl());
        JsonPath tools = given().get("/v1/tools/mcp/servers/{name}/tools", name).then().statusCode(200).extract().jsonPath();
        assertEquals("Echo Tool", tools.getString("find { it.name == 'echo' }.title"));
        assertEquals("STRICT_COMPLIANT", tools.getString("find { it.name == 'echo' }.health.status"));
        assertEquals(false, tools.getBoolean("find { it.name == 'echo' }.inputSchema.additionalProperties"));
        assertEquals(true, tools.getBoolean("find { it.name == 'echo' }.annotations.readOnlyHint"));
        assertEquals(List.of(), tools.getList("findAll { it.health == null }"));
    }
}
