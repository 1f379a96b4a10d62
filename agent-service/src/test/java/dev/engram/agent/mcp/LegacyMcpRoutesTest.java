package dev.engram.agent.mcp;

import dev.engram.agent.support.McpTestServers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.engram.agent.mcp.McpServersApiTest.events;
import static dev.engram.agent.mcp.McpServersApiTest.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The legacy {@code /v1/tools/mcp/servers} routes, which address servers by name (letta-code uses them). */
@QuarkusTest
class LegacyMcpRoutesTest {

    private final McpTestServers mcp = McpTestServers.get();

    private String add(String name, String type, String url) {
        given().contentType(ContentType.JSON).body(Map.of("server_name", name, "type", type, "server_url", url))
                .put("/v1/tools/mcp/servers").then().statusCode(200)
                .body("server_name", hasItem(name));
        return name;
    }

    @Test
    void a_server_added_by_config_is_listed_by_name_with_its_live_tools() {
        String name = add(unique("legacy"), "streamable_http", mcp.streamableUrl());
        given().get("/v1/tools/mcp/servers").then().statusCode(200)
                .body("'" + name + "'.type", equalTo("streamable_http"))
                .body("'" + name + "'.server_url", equalTo(mcp.streamableUrl()))
                .body("'" + name + "'.auth_token", nullValue());
        given().get("/v1/tools/mcp/servers/{name}/tools", name).then().statusCode(200)
                .body("name", hasItems("echo", "get-sum"))
                .body("find { it.name == 'get-sum' }.inputSchema.required", hasItems("a", "b"));
        // the servers are the same ones /v1/mcp-servers shows
        given().get("/v1/mcp-servers/").then().body("server_name", hasItem(name));
    }

    @Test
    void letta_code_saves_a_listed_tool_and_attaches_it() {
        String name = add(unique("letta-code"), "sse", mcp.sseUrl());
        String id = given().post("/v1/tools/mcp/servers/{name}/{tool}", name, "echo").then().statusCode(200)
                .body("id", startsWith("tool-"))
                .body("name", equalTo("echo"))
                .body("tool_type", equalTo("external_mcp"))
                .body("metadata_.mcp.server_name", equalTo(name))
                .extract().path("id");
        String agent = dev.engram.agent.support.Agents.create();
        given().patch("/v1/agents/{a}/tools/attach/{t}", agent, id).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("message", "legacy")))
                .post("/v1/agents/{a}/tools/echo/run", agent).then().statusCode(200).body("func_return", equalTo("Echo: legacy"));
        given().post("/v1/tools/mcp/servers/{name}/{tool}", name, "no-such-tool").then().statusCode(404)
                .body("detail", startsWith("Tool no-such-tool not found in MCP server " + name + " - available tools: echo, "));
    }

    @Test
    void execute_runs_any_tool_of_the_server_by_name() {
        String name = add(unique("exec"), "streamable_http", mcp.streamableUrl());
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("a", 1, "b", 2)))
                .post("/v1/tools/mcp/servers/{name}/tools/{tool}/execute", name, "get-sum").then().statusCode(200)
                .body("result", equalTo("The sum of 1 and 2 is 3.")).body("success", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of()))
                .post("/v1/tools/mcp/servers/{name}/tools/{tool}/execute", name, "echo").then().statusCode(200)
                .body("success", equalTo(false));
        given().contentType(ContentType.JSON).post("/v1/tools/mcp/servers/{name}/tools/{tool}/execute", name, "echo").then()
                .statusCode(422).body("detail", equalTo("body: Field required"));
    }

    @Test
    void update_resync_and_delete_by_name() {
        String name = add(unique("patch"), "streamable_http", mcp.streamableUrl());
        given().contentType(ContentType.JSON).body(Map.of("auth_header", "Authorization", "auth_token", "tok"))
                .patch("/v1/tools/mcp/servers/{name}", name).then().statusCode(200)
                .body("server_name", equalTo(name)).body("auth_token", equalTo("Bearer tok"));
        given().contentType(ContentType.JSON).body(Map.of("token", "abc"))
                .patch("/v1/tools/mcp/servers/{name}", name).then().statusCode(200).body("auth_token", equalTo("Bearer abc"));
        given().contentType(ContentType.JSON).body(Map.of("url", "x")).patch("/v1/tools/mcp/servers/{name}", name).then()
                .statusCode(422).body("detail", equalTo("body.url: Extra inputs are not permitted"));
        given().post("/v1/tools/mcp/servers/{name}/resync", name).then().statusCode(200)
                .body("deleted", equalTo(List.of())).body("updated", equalTo(List.of())).body("added", equalTo(List.of()));
        given().delete("/v1/tools/mcp/servers/{name}", name).then().statusCode(200).body("server_name", not(hasItem(name)));
        given().get("/v1/tools/mcp/servers/{name}/tools", name).then().statusCode(404)
                .body("detail", equalTo("MCP server " + name + " not found"));
        given().delete("/v1/tools/mcp/servers/{name}", name).then().statusCode(404);
    }

    @Test
    void test_and_connect_try_a_server_without_saving_it() {
        String name = unique("trial");
        given().contentType(ContentType.JSON).body(Map.of("server_name", name, "type", "sse", "server_url", mcp.sseUrl()))
                .post("/v1/tools/mcp/servers/test").then().statusCode(200)
                .body("status", equalTo("success")).body("tools.name", hasItem("echo"));
        String dead = McpTestServers.deadUrl();
        given().contentType(ContentType.JSON).body(Map.of("server_name", name, "type", "streamable_http", "server_url", dead))
                .post("/v1/tools/mcp/servers/test").then().statusCode(502).body("detail", containsString("connection refused"));
        given().contentType(ContentType.JSON).body(Map.of("server_name", name, "type", "sse", "server_url", McpTestServers.deadUrl()))
                .post("/v1/tools/mcp/servers/test").then().statusCode(502).body("detail", containsString("connection refused"));
        List<JsonPath> events = events(given().contentType(ContentType.JSON)
                .body(Map.of("server_name", name, "type", "streamable_http", "server_url", mcp.streamableUrl()))
                .post("/v1/tools/mcp/servers/connect").then().statusCode(200).extract().asString());
        assertEquals(List.of("connection_attempt", "success"), events.stream().map(e -> e.getString("event")).toList());
        given().get("/v1/tools/mcp/servers").then().body("$", not(org.hamcrest.Matchers.hasKey(name)));
    }

    @Test
    void the_oauth_callback_knows_no_flow() {
        given().get("/v1/tools/mcp/oauth/callback").then().statusCode(200)
                .body("status", equalTo("error")).body("message", equalTo("Missing state parameter"));
        given().queryParam("state", "s").queryParam("code", "c").get("/v1/tools/mcp/oauth/callback").then().statusCode(200)
                .body("message", equalTo("Invalid or expired state parameter"));
    }
}
