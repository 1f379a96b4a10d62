package dev.engram.agent.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The isolation matrix: every public route (the OpenAPI document plus the Vert.x routes), called by one organization's
 * admin key with another organization's ids, answers 404 and shows nothing of the other organization; routes without
 * ids show none of its data; afterwards its resources are as they were. Run both ways, deletes last.
 */
@QuarkusTest
@TestProfile(AuthProfiles.Keys.class)
class TenantIsolationTest {

    /** Routes with no tenant data at all, not walked. */
    static final Set<String> NO_TENANT_DATA = Set.of(
            "GET /v1/health",             // liveness
            "GET /v1/models",             // the configured model catalogue, the same for everyone
            "GET /v1/models/embedding",   // likewise
            "GET /v1/tools/mcp/oauth/callback"); // OAuth redirect target of MCP servers, answers a fixed page

    /** Vert.x routes (@Route in main code): walked even if the OpenAPI document leaves them out. */
    static final List<String> VERTX_ROUTES = List.of(
            "POST /v1/agents/{agent_id}/messages",
            "POST /v1/agents/{agent_id}/messages/",
            "POST /v1/agents/{agent_id}/messages/stream",
            "POST /v1/agents/{agent_id}/messages/preview-raw-payload",
            "POST /v1/runs/{run_id}/stream",
            "POST /v1/chat/completions",
            "POST /v1/conversations/{conversation_id}/messages",
            "POST /v1/conversations/{conversation_id}/messages/preview-raw-payload",
            "POST /v1/conversations/{conversation_id}/stream",
            "GET /v1/agents/{agent_id}/events");

    static final String LETTA_MESSAGE = "{\"messages\":[{\"role\":\"user\",\"content\":\"let me in\"}]}";

    /** Bodies of writes that reach the lookup (a valid request but for the id); others get {@code {}}. */
    static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("PATCH /v1/admin/organizations/{org_id}", "{\"name\":\"taken over\"}"),
            Map.entry("POST /v1/admin/organizations/{org_id}/api-keys", "{\"name\":\"intruder\",\"role\":\"admin\"}"),
            Map.entry("PUT /v1/admin/organizations/{org_id}/limits", "{\"requests_per_minute\":1}"),
            Map.entry("PATCH /v1/admin/organizations/{org_id}/limits", "{\"requests_per_minute\":1}"),
            Map.entry("POST /v1/admin/organizations/{org_id}/users", "{\"name\":\"intruder\"}"),
            Map.entry("PATCH /v1/agents/{agent_id}", "{\"name\":\"taken over\"}"),
            Map.entry("POST /v1/agents/{agent_id}/archival-memory", "{\"text\":\"planted\"}"),
            Map.entry("PATCH /v1/agents/{agent_id}/core-memory/blocks/{block_label}", "{\"value\":\"planted\"}"),
            Map.entry("POST /v1/agents/{agent_id}/generate", "{\"prompt\":\"let me in\"}"),
            Map.entry("PATCH /v1/agents/{agent_id}/messages/{message_id}", "{\"message_type\":\"user_message\",\"content\":\"planted\"}"),
            Map.entry("PATCH /v1/agents/{agent_id}/tools/approval/{tool_name}", "{\"requires_approval\":true}"),
            Map.entry("POST /v1/agents/{agent_id}/tools/{tool_name}/run", "{\"args\":{\"city\":\"Paris\"}}"),
            Map.entry("PATCH /v1/blocks/{block_id}", "{\"value\":\"planted\"}"),
            Map.entry("PATCH /v1/archives/{archive_id}", "{\"name\":\"taken over\"}"),
            Map.entry("POST /v1/archives/{archive_id}/passages", "{\"text\":\"planted\"}"),
            Map.entry("POST /v1/archives/{archive_id}/passages/batch", "{\"passages\":[{\"text\":\"planted\"}]}"),
            Map.entry("POST /v1/passages/search", "{\"query\":\"passage of\"}"),
            Map.entry("PATCH /v1/conversations/{conversation_id}", "{\"summary\":\"planted\"}"),
            Map.entry("PATCH /v1/mcp-servers/{mcp_server_id}", "{\"server_name\":\"taken-over\"}"),
            Map.entry("POST /v1/mcp-servers/{mcp_server_id}/tools/{tool_id}/run", "{\"args\":{\"message\":\"let me in\"}}"),
            Map.entry("PATCH /v1/steps/{step_id}/feedback", "{\"feedback\":\"negative\"}"),
            Map.entry("PATCH /v1/tools/mcp/servers/{mcp_server_name}", "{\"server_url\":\"http://127.0.0.1:9/mcp\"}"),
            Map.entry("POST /v1/tools/mcp/servers/{mcp_server_name}/tools/{tool_name}/execute", "{\"args\":{\"message\":\"let me in\"}}"),
            Map.entry("PATCH /v1/tools/{tool_id}", "{\"description\":\"planted\"}"),
            Map.entry("POST /v1/agents/messages/search", "{\"query\":\"hello from\"}"),
            Map.entry("POST /v1/messages/search", "{\"query\":\"hello from\"}"),
            Map.entry("POST /v1/tools/search", "{\"query\":\"lookup\"}"),
            Map.entry("PATCH /v1/groups/{group_id}", "{\"description\":\"taken over\"}"),
            Map.entry("PATCH /v1/identities/{identity_id}", "{\"name\":\"taken over\"}"),
            Map.entry("PATCH /v1/providers/{provider_id}", "{\"api_key\":\"sk-planted\"}"),
            Map.entry("PUT /v1/identities/{identity_id}/properties", "[{\"key\":\"plan\",\"value\":\"planted\",\"type\":\"string\"}]"),
            Map.entry("PATCH /v1/groups/{group_id}/messages/{message_id}", "{\"message_type\":\"user_message\",\"content\":\"planted\"}"));

    /** Query parameters that name a tenant's resource, and the id (by path-parameter name) each takes. */
    static final Map<String, String> QUERY_IDS = Map.of(
            "agent_id", "agent_id", "agent_ids", "agent_id", "conversation_id", "conversation_id",
            "organization_id", "org_id", "tool_ids", "tool_id", "names", "tool_name", "group_id", "group_id",
            "identity_id", "identity_id", "identifier_keys", "identifier_key", "identifier_key", "identifier_key");

    /**
     * Path parameters that name no tenant's resource: a block label, a tool's name (an approval rule on the caller's own
     * agent is keyed by name), an MCP server's own tool name. Not swapped in on the caller's own resources.
     */
    static final Set<String> SHARED_VALUES = Set.of("block_label", "tool_name", "mcp_tool_name");

    /** Query parameters a GET needs to reach its lookup. */
    static final Map<String, Map<String, String>> REQUIRED_QUERY = Map.of(
            "GET /v1/agents/{agent_id}/archival-memory/search", Map.of("query", "passage"));

    /** Routes that answer one status for every id of the last path parameter without looking it up (else 404). */
    static final Map<String, Integer> NO_LOOKUP = Map.of(
            // message editing is refused for every message of the caller's agent (messages are immutable, as in Letta)
            "PATCH /v1/agents/{agent_id}/messages/{message_id}", 405,
            // likewise for a message of the caller's group
            "PATCH /v1/groups/{group_id}/messages/{message_id}", 405);

    /**
     * Writes on the caller's own resource whose agent_id names nothing to look up: a conversation's own agent wins
     * (agent_id is read for the "default" conversation only); an MCP refresh forwards agent_id to the caller's own server
     * as X-Agent-Id. Their answers are still searched for the other organization's data.
     */
    static final Set<String> AGENT_ID_UNUSED = Set.of(
            "POST /v1/conversations/{conversation_id}/fork",
            "POST /v1/conversations/{conversation_id}/cancel",
            "PATCH /v1/mcp-servers/{mcp_server_id}/refresh",
            "POST /v1/tools/mcp/servers/{mcp_server_name}/resync");

    static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");
    static final RestAssuredConfig TIMEOUTS = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 5_000).setParam("http.socket.timeout", 30_000));

    record Op(String method, String path, List<String> queryParams) {
        String key() {
            return method + " " + path;
        }

        boolean isDelete() {
            return method.equals("DELETE");
        }

        boolean isRead() {
            return method.equals("GET");
        }

        List<String> pathParams() {
            List<String> names = new ArrayList<>();
            Matcher m = PARAM.matcher(path);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    private final List<String> failures = new ArrayList<>();
    private int calls;

    @Test
    void no_organization_reads_or_writes_another_organizations_data_on_any_public_route() throws Exception {
        Tenant a = Tenant.create("a", 1001);
        Tenant b = Tenant.create("b", 2002);
        List<Op> ops = routes();
        // each phase: one organization acts, the other's resources must be as they were before it
        phase(ops, b, a, false);
        phase(ops, a, b, false);
        phase(ops, b, a, true);
        phase(ops, a, b, true);
        for (Tenant t : List.of(a, b)) {
            for (String key : List.of(t.adminKey, t.memberKey)) {
                given().auth().oauth2(key).get("/v1/agents/{id}", t.ids.get("agent_id")).then().statusCode(200);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " isolation failures in " + calls + " calls over " + ops.size()
                + " routes:\n" + String.join("\n", failures));
        // 131 operations in the document (128 + the Agent File routes), plus the Vert.x trailing-slash route, minus the 4 of NO_TENANT_DATA
        assertTrue(ops.size() >= 125, "the walk covered only " + ops.size() + " routes: did the OpenAPI document lose some?");
    }

    /** {@code attacker} walks every route (the deletes or all others) naming {@code victim}'s resources. */
    private void phase(List<Op> ops, Tenant attacker, Tenant victim, boolean deletes) {
        Map<String, String> before = victim.snapshot();
        for (Op op : ops) {
            if (op.isDelete() == deletes) {
                attack(op, attacker, victim);
            }
        }
        if (!deletes) {
            bodyProbes(attacker, victim);
        }
        assertUnchanged(victim, before, "after " + attacker.name + "'s " + (deletes ? "deletes" : "reads and writes"));
    }

    /** The OpenAPI document's operations plus the Vert.x routes, but for {@link #NO_TENANT_DATA}. */
    private static List<Op> routes() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        Map<String, Op> ops = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!Set.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                    continue;
                }
                List<String> query = new ArrayList<>();
                for (JsonNode p : method.getValue().path("parameters")) {
                    if ("query".equals(p.path("in").asText())) {
                        query.add(p.path("name").asText());
                    }
                }
                Op op = new Op(method.getKey().toUpperCase(), path.getKey(), query);
                ops.put(op.key(), op);
            }
        }
        for (String route : VERTX_ROUTES) {
            String[] parts = route.split(" ");
            ops.putIfAbsent(route, new Op(parts[0], parts[1], List.of()));
        }
        ops.keySet().removeAll(NO_TENANT_DATA);
        return new ArrayList<>(ops.values());
    }

    /** Every way {@code attacker} can name {@code victim}'s resources on one route. */
    private void attack(Op op, Tenant attacker, Tenant victim) {
        List<String> params = op.pathParams();
        for (String p : params) {
            if (fill(op, p, victim) == null) {
                failures.add(op.key() + ": no id for path parameter {" + p + "}; teach the matrix this route");
                return;
            }
        }
        String body = body(op);
        if (!params.isEmpty()) {
            // every id the victim's
            Map<String, String> values = new LinkedHashMap<>();
            params.forEach(p -> values.put(p, fill(op, p, victim)));
            expectNotFound(op, attacker, victim, values, REQUIRED_QUERY.getOrDefault(op.key(), Map.of()), body);
            // the attacker's own resource with one of the victim's inside it
            if (params.size() > 1) {
                for (String foreign : params) {
                    if (SHARED_VALUES.contains(foreign)) {
                        continue;
                    }
                    Map<String, String> mixed = new LinkedHashMap<>();
                    params.forEach(p -> mixed.put(p, fill(op, p, p.equals(foreign) ? victim : attacker)));
                    expectNotFound(op, attacker, victim, mixed, REQUIRED_QUERY.getOrDefault(op.key(), Map.of()), body);
                }
            }
        } else {
            expectClean(op, attacker, victim, Map.of(), Map.of(), body, false);
        }
        // a filter or target naming the victim's resource, on the attacker's own
        for (String q : op.queryParams()) {
            String id = QUERY_IDS.get(q);
            if (id == null) {
                continue;
            }
            Map<String, String> own = new LinkedHashMap<>();
            params.forEach(p -> own.put(p, fill(op, p, attacker)));
            Map<String, String> query = new LinkedHashMap<>(REQUIRED_QUERY.getOrDefault(op.key(), Map.of()));
            query.put(q, victim.ids.get(id));
            expectClean(op, attacker, victim, own, query, body, !op.isRead() && !AGENT_ID_UNUSED.contains(op.key()));
        }
    }

    /** Extra probes: ids of the victim inside the attacker's request bodies. */
    private void bodyProbes(Tenant attacker, Tenant victim) {
        String vAgent = victim.ids.get("agent_id");
        String vBlock = victim.ids.get("block_id");
        String vTool = victim.ids.get("tool_id");
        String vUser = victim.ids.get("user_id");
        Map<String, String> own = Map.of("agent_id", attacker.ids.get("agent_id"), "org_id", attacker.org);
        Op createAgent = new Op("POST", "/v1/agents", List.of());
        Op patchAgent = new Op("PATCH", "/v1/agents/{agent_id}", List.of());
        Op createKey = new Op("POST", "/v1/api-keys", List.of());
        Op createOrgKey = new Op("POST", "/v1/admin/organizations/{org_id}/api-keys", List.of());
        Op chat = new Op("POST", "/v1/chat/completions", List.of());
        String quick = "\"model\":\"openai/gpt-4o-mini\",\"embedding\":\"local/all-minilm-l6-v2\"";
        expectClean(createAgent, attacker, victim, Map.of(), Map.of(), "{" + quick + ",\"block_ids\":[\"" + vBlock + "\"]}", true);
        expectClean(createAgent, attacker, victim, Map.of(), Map.of(), "{" + quick + ",\"tool_ids\":[\"" + vTool + "\"]}", true);
        expectClean(patchAgent, attacker, victim, own, Map.of(), "{\"block_ids\":[\"" + vBlock + "\"]}", true);
        expectClean(patchAgent, attacker, victim, own, Map.of(), "{\"tool_ids\":[\"" + vTool + "\"]}", true);
        String vFolder = victim.ids.get("folder_id");
        expectClean(createAgent, attacker, victim, Map.of(), Map.of(), "{" + quick + ",\"source_ids\":[\"" + vFolder + "\"]}", true);
        expectClean(createAgent, attacker, victim, Map.of(), Map.of(), "{" + quick + ",\"folder_ids\":[\"" + vFolder + "\"]}", true);
        expectClean(patchAgent, attacker, victim, own, Map.of(), "{\"source_ids\":[\"" + vFolder + "\"]}", true);
        expectClean(patchAgent, attacker, victim, own, Map.of(), "{\"folder_ids\":[\"" + vFolder + "\"]}", true);
        expectClean(createKey, attacker, victim, Map.of(), Map.of(), "{\"name\":\"k\",\"role\":\"member\",\"agent_id\":\"" + vAgent + "\"}", true);
        expectClean(createKey, attacker, victim, Map.of(), Map.of(), "{\"name\":\"k\",\"role\":\"member\",\"user_id\":\"" + vUser + "\"}", true);
        expectClean(createOrgKey, attacker, victim, own, Map.of(), "{\"name\":\"k\",\"role\":\"member\",\"agent_id\":\"" + vAgent + "\"}", true);
        expectClean(createOrgKey, attacker, victim, own, Map.of(), "{\"name\":\"k\",\"role\":\"member\",\"user_id\":\"" + vUser + "\"}", true);
        Op searchPassages = new Op("POST", "/v1/passages/search", List.of());
        expectClean(searchPassages, attacker, victim, Map.of(), Map.of(), "{\"query\":\"passage\",\"agent_id\":\"" + vAgent + "\"}", true);
        expectClean(searchPassages, attacker, victim, Map.of(), Map.of(), "{\"query\":\"passage\",\"archive_id\":\""
                + victim.ids.get("archive_id") + "\"}", true);
        expectClean(searchPassages, attacker, victim, Map.of(), Map.of(), "{\"archive_id\":\"" + victim.ids.get("archive_id") + "\"}", true);
        expectClean(chat, attacker, victim, Map.of(), Map.of(), "{\"model\":\"" + vAgent + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", true);
        Op createGroup = new Op("POST", "/v1/groups", List.of());
        Op patchGroup = new Op("PATCH", "/v1/groups/{group_id}", List.of());
        Map<String, String> ownGroup = Map.of("group_id", attacker.ids.get("group_id"));
        String ownAgent = attacker.ids.get("agent_id");
        expectClean(createGroup, attacker, victim, Map.of(), Map.of(), "{\"agent_ids\":[\"" + vAgent + "\"],\"description\":\"x\"}", true);
        expectClean(createGroup, attacker, victim, Map.of(), Map.of(), "{\"agent_ids\":[\"" + ownAgent + "\"],\"description\":\"x\","
                + "\"shared_block_ids\":[\"" + vBlock + "\"]}", true);
        expectClean(createGroup, attacker, victim, Map.of(), Map.of(), "{\"agent_ids\":[\"" + ownAgent + "\"],\"description\":\"x\","
                + "\"manager_config\":{\"manager_type\":\"supervisor\",\"manager_agent_id\":\"" + vAgent + "\"}}", true);
        expectClean(patchGroup, attacker, victim, ownGroup, Map.of(), "{\"agent_ids\":[\"" + vAgent + "\"]}", true);
        // the victim's provider name is no provider of the attacker's: its handles are unknown there
        String vProvider = victim.ids.get("provider_name");
        expectClean(createAgent, attacker, victim, Map.of(), Map.of(), "{\"model\":\"" + vProvider + "/gpt-4o-mini\","
                + "\"embedding\":\"local/all-minilm-l6-v2\"}", true);
        expectClean(patchAgent, attacker, victim, own, Map.of(), "{\"model\":\"" + vProvider + "/gpt-4o-mini\"}", true);
        Op createBatch = new Op("POST", "/v1/messages/batches", List.of());
        expectClean(createBatch, attacker, victim, Map.of(), Map.of(), "{\"requests\":[{\"agent_id\":\"" + vAgent
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"let me in\"}]}]}", true);
        String vIdentity = victim.ids.get("identity_id");
        expectClean(createAgent, attacker, victim, Map.of(), Map.of(), "{" + quick + ",\"identity_ids\":[\"" + vIdentity + "\"]}", true);
        expectClean(patchAgent, attacker, victim, own, Map.of(), "{\"identity_ids\":[\"" + vIdentity + "\"]}", true);
        Op createIdentity = new Op("POST", "/v1/identities", List.of());
        Op upsertIdentity = new Op("PUT", "/v1/identities", List.of());
        Op patchIdentity = new Op("PATCH", "/v1/identities/{identity_id}", List.of());
        Map<String, String> ownIdentity = Map.of("identity_id", attacker.ids.get("identity_id"));
        String identity = "\"identifier_key\":\"probe-" + java.util.UUID.randomUUID() + "\",\"name\":\"x\",\"identity_type\":\"user\"";
        expectClean(createIdentity, attacker, victim, Map.of(), Map.of(), "{" + identity + ",\"agent_ids\":[\"" + vAgent + "\"]}", true);
        expectClean(createIdentity, attacker, victim, Map.of(), Map.of(), "{" + identity + ",\"block_ids\":[\"" + vBlock + "\"]}", true);
        // the victim's key names a new identity of the attacker's, never the victim's
        String upsert = "{\"identifier_key\":\"" + victim.ids.get("identifier_key") + "\",\"name\":\"planted\",\"identity_type\":\"user\"}";
        calls++;
        String made = attacker.as().body(upsert).put("/v1/identities").then().statusCode(200).extract().path("id");
        if (made.equals(vIdentity)) {
            failures.add("PUT /v1/identities with the victim's identifier key upserted the victim's identity");
        }
        attacker.as().delete("/v1/identities/{id}", made).then().statusCode(200);
        expectClean(upsertIdentity, attacker, victim, Map.of(), Map.of(), "{" + identity + ",\"agent_ids\":[\"" + vAgent + "\"]}", true);
        expectClean(patchIdentity, attacker, victim, ownIdentity, Map.of(), "{\"agent_ids\":[\"" + vAgent + "\"]}", true);
        expectClean(patchIdentity, attacker, victim, ownIdentity, Map.of(), "{\"block_ids\":[\"" + vBlock + "\"]}", true);
        importProbe(attacker, victim);
    }

    /**
     * An agent file whose tool has the victim's tool name, whose folder and MCP server have the victim's folder and
     * server names: each matched by name within the attacker's organization only (the attacker gets a tool, a folder
     * under that very name and a server of its own; the victim's are untouched). What the probe created is removed again.
     */
    private void importProbe(Tenant attacker, Tenant victim) {
        String name = victim.ids.get("tool_name");
        String source = "def " + name + "(city: str) -> str:\n    \"\"\"Planted.\n\n    Args:\n        city (str): City.\n    \"\"\"\n"
                + "    return 'planted'\n";
        String file;
        try {
            file = new ObjectMapper().writeValueAsString(Map.of(
                    "agents", List.of(Map.of("id", "agent-0", "name", "imported", "model", "openai/gpt-4o-mini",
                            "embedding", "local/all-minilm-l6-v2", "tool_ids", List.of("tool-0"), "block_ids", List.of(),
                            "messages", List.of(), "in_context_message_ids", List.of(), "source_ids", List.of("source-0"))),
                    "groups", List.of(), "blocks", List.of(),
                    "sources", List.of(Map.of("id", "source-0", "name", victim.ids.get("folder_name"))),
                    "files", List.of(Map.of("id", "file-0", "source_id", "source-0", "file_name", "x/probe.txt",
                            "original_file_name", "probe.txt", "content", "planted text")),
                    "mcp_servers", List.of(Map.of("id", "mcp_server-0", "server_name", victim.ids.get("mcp_server_name"),
                            "server_type", "streamable_http", "server_url", dev.engram.agent.support.McpTestServers.deadUrl())),
                    "tools", List.of(Map.of("id", "tool-0", "name", name, "tool_type", "custom", "source_code", source))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        calls++;
        Response response = given().config(TIMEOUTS).auth().oauth2(attacker.adminKey)
                .multiPart("file", "probe.af", file.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json")
                .post("/v1/agents/import");
        Call call = new Call("POST /v1/agents/import (a file naming the other organization's tool)", response.statusCode(),
                response.asString(), file);
        List<String> leaked = call.leaked(victim);
        if (call.status != 200 || !leaked.isEmpty()) {
            failures.add(call.describe("expected 200 and nothing of the other organization", leaked));
            return;
        }
        String agent = response.jsonPath().getString("agent_ids[0]");
        String tool = given().auth().oauth2(attacker.adminKey).get("/v1/agents/{id}/tools", agent).then().statusCode(200)
                .extract().path("find { it.name == '" + name + "' }.id");
        if (tool == null || tool.equals(victim.ids.get("tool_id"))) {
            failures.add("POST /v1/agents/import: the imported agent got " + tool + " for the other organization's tool name");
        }
        List<Map<String, Object>> folders = given().auth().oauth2(attacker.adminKey).get("/v1/agents/{id}/folders", agent).then()
                .statusCode(200).extract().path("$");
        String folder = folders.size() == 1 ? (String) folders.getFirst().get("id") : null;
        if (folder == null || folder.equals(victim.ids.get("folder_id")) || !victim.ids.get("folder_name").equals(folders.getFirst().get("name"))) {
            failures.add("POST /v1/agents/import: the imported agent's folders are " + folders + " for the other organization's folder name");
        }
        String server = given().auth().oauth2(attacker.adminKey).get("/v1/mcp-servers/").then().statusCode(200)
                .extract().path("find { it.server_name == '" + victim.ids.get("mcp_server_name") + "' }.id");
        if (server == null || server.equals(victim.ids.get("mcp_server_id"))) {
            failures.add("POST /v1/agents/import: the other organization's MCP server name gave " + server);
        }
        given().auth().oauth2(attacker.adminKey).delete("/v1/agents/{id}", agent).then().statusCode(200);
        if (folder != null && !folder.equals(victim.ids.get("folder_id"))) {
            given().auth().oauth2(attacker.adminKey).delete("/v1/folders/{id}", folder).then().statusCode(org.hamcrest.Matchers.lessThan(300));
        }
        if (server != null && !server.equals(victim.ids.get("mcp_server_id"))) {
            given().auth().oauth2(attacker.adminKey).delete("/v1/mcp-servers/{id}", server).then().statusCode(org.hamcrest.Matchers.lessThan(300));
        }
        if (tool != null && !tool.equals(victim.ids.get("tool_id"))) {
            given().auth().oauth2(attacker.adminKey).delete("/v1/tools/{id}", tool).then().statusCode(200);
        }
    }

    /** A path parameter's value: {@code t}'s resource of that name. */
    private static String fill(Op op, String param, Tenant t) {
        boolean mcpServers = op.path().startsWith("/v1/mcp-servers");
        boolean legacyMcp = op.path().startsWith("/v1/tools/mcp/");
        return switch (param) {
            case "tool_id" -> t.ids.get(mcpServers ? "mcp_tool_id" : "tool_id");
            case "tool_name" -> legacyMcp ? "echo" : t.ids.get("tool_name");
            case "mcp_tool_name" -> "echo";
            default -> t.ids.get(param);
        };
    }

    private static String body(Op op) {
        String p = op.path();
        if (op.method().equals("POST") && (p.endsWith("/messages") || p.endsWith("/messages/") || p.endsWith("/messages/async")
                || p.endsWith("/messages/stream") || p.endsWith("/preview-raw-payload") || p.equals("/v1/chat/completions"))) {
            return LETTA_MESSAGE;
        }
        return BODIES.getOrDefault(op.key(), "{}");
    }

    private void expectNotFound(Op op, Tenant attacker, Tenant victim, Map<String, String> path, Map<String, String> query, String body) {
        Call call = call(op, attacker, path, query, body);
        List<String> leaked = call.leaked(victim);
        Integer fixed = NO_LOOKUP.get(op.key());
        boolean ok = call.status == 404 || (!op.isRead() && call.status == 422) || fixed != null && call.status == fixed;
        if (!ok || !leaked.isEmpty()) {
            failures.add(call.describe("expected 404" + (op.isRead() ? "" : " or 422"), leaked));
        }
    }

    private void expectClean(Op op, Tenant attacker, Tenant victim, Map<String, String> path, Map<String, String> query, String body,
                             boolean refused) {
        Call call = call(op, attacker, path, query, body);
        List<String> leaked = call.leaked(victim);
        boolean ok = call.status < 500 && (!refused || call.status >= 400);
        if (!ok || !leaked.isEmpty()) {
            failures.add(call.describe(refused ? "expected a 4xx" : "expected none of the other organization's data", leaked));
        }
    }

    private Call call(Op op, Tenant as, Map<String, String> path, Map<String, String> query, String body) {
        String url = op.path();
        for (Map.Entry<String, String> p : path.entrySet()) {
            url = url.replace("{" + p.getKey() + "}", p.getValue());
        }
        RequestSpecification request = given().config(TIMEOUTS).auth().oauth2(as.adminKey).urlEncodingEnabled(true);
        query.forEach(request::queryParam);
        if (!op.isRead() && !op.isDelete()) {
            request.contentType(ContentType.JSON).body(body);
        }
        calls++;
        Response response = request.request(op.method(), url);
        String sent = url + " " + query + " " + (op.isRead() || op.isDelete() ? "" : body);
        return new Call(op.method() + " " + url + (query.isEmpty() ? "" : " " + query), response.statusCode(),
                response.asString(), sent);
    }

    record Call(String request, int status, String body, String sent) {
        /** The victim's ids and texts in the answer that the request did not carry itself. */
        List<String> leaked(Tenant victim) {
            List<String> found = new ArrayList<>();
            for (String secret : victim.secrets) {
                if (body.contains(secret) && !sent.contains(secret)) {
                    found.add(secret);
                }
            }
            return found;
        }

        String describe(String expected, List<String> leaked) {
            String excerpt = body.length() > 300 ? body.substring(0, 300) + "…" : body;
            return request + " → " + status + " (" + expected + (leaked.isEmpty() ? "" : "; leaked " + leaked) + "): " + excerpt;
        }
    }

    private void assertUnchanged(Tenant t, Map<String, String> before, String when) {
        Map<String, String> after = t.snapshot();
        Set<String> changed = new TreeSet<>();
        for (String k : new LinkedHashSet<>(before.keySet())) {
            if (!before.get(k).equals(after.get(k))) {
                changed.add(k + "\n    before: " + before.get(k) + "\n    after:  " + after.get(k));
            }
        }
        if (!changed.isEmpty()) {
            failures.add("tenant " + t.name + " changed " + when + ": " + String.join("\n  ", changed));
        }
    }
}
