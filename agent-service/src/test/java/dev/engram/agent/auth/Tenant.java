package dev.engram.agent.auth;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.McpTestServers;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedReply;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Test fixture for {@link TenantIsolationTest}: an organization made by the operator with an admin key and a full set
 * of resources made with that key. {@link #ids} maps path-parameter names to this tenant's ids; {@link #secrets} is
 * every id and distinctive text of the tenant, none of which another organization may ever see.
 */
final class Tenant {

    final String name;
    final String org;
    final String adminKey;
    final String memberKey;
    final Map<String, String> ids = new LinkedHashMap<>();
    final Set<String> secrets = new LinkedHashSet<>();

    private Tenant(String name, String org, String adminKey, String memberKey) {
        this.name = name;
        this.org = org;
        this.adminKey = adminKey;
        this.memberKey = memberKey;
    }

    RequestSpecification as() {
        return given().auth().oauth2(adminKey).contentType(ContentType.JSON);
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(AuthProfiles.BOOTSTRAP).contentType(ContentType.JSON);
    }

    /** A new organization with every kind of resource; {@code limit} makes its limits tell it apart. */
    static Tenant create(String name, long limit) {
        String marker = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        String org = operator().body(Map.of("name", "isolation " + marker)).post("/v1/admin/organizations").then()
                .statusCode(200).extract().path("id");
        JsonPath adminKey = operator().body(Map.of("name", "admin " + marker, "role", "admin"))
                .post("/v1/admin/organizations/{org}/api-keys", org).then().statusCode(200).extract().jsonPath();
        String key = adminKey.getString("key");
        JsonPath memberKey = given().auth().oauth2(key).contentType(ContentType.JSON)
                .body(Map.of("name", "member " + marker, "role", "member")).post("/v1/api-keys").then().statusCode(200)
                .extract().jsonPath();
        Tenant t = new Tenant(name, org, key, memberKey.getString("key"));
        t.put("org_id", org);
        t.put("key_id", memberKey.getString("id"));
        t.secret(adminKey.getString("id"));
        t.secret(key);
        t.secret(memberKey.getString("key"));
        t.secret("isolation " + marker);
        t.secret(marker);
        t.put("user_id", operator().get("/v1/admin/organizations/{org}/users", org).then().statusCode(200)
                .extract().path("[0].id"));

        Map<String, Object> agent = new HashMap<>(Agents.quickStart());
        agent.put("name", "agent-" + marker);
        agent.put("tags", List.of("tag-" + marker)); // GET /v1/tags lists the organization's own only
        agent.put("memory_blocks", List.of(
                Map.of("label", "human", "value", "human of " + marker),
                Map.of("label", "persona", "value", "persona of " + marker)));
        String agentId = t.as().body(agent).post("/v1/agents/").then().statusCode(200).extract().path("id");
        t.put("agent_id", agentId);
        t.secrets.addAll(t.as().get("/v1/agents/{id}/core-memory/blocks", agentId).then().statusCode(200)
                .extract().<List<String>>path("id"));
        t.ids.put("block_label", "human"); // a label every agent has: not a secret

        String blockLabel = "notes_" + marker.replace('-', '_');
        String block = t.as().body(Map.of("label", blockLabel, "value", "notes of " + marker, "tags", List.of("block-tag-" + marker)))
                .post("/v1/blocks/").then()
                .statusCode(200).extract().path("id");
        t.put("block_id", block);
        t.secret(blockLabel);
        t.as().patch("/v1/agents/{a}/core-memory/blocks/attach/{b}", agentId, block).then().statusCode(200);

        String toolName = "lookup_" + marker.replace('-', '_');
        String source = """
                def %s(city: str) -> str:
                    \"\"\"Look a city up.

                    Args:
                        city (str): City name.
                    \"\"\"
                    return "found " + city
                """.formatted(toolName);
        String tool = t.as().body(Map.of("source_code", source)).post("/v1/tools/").then().statusCode(200).extract().path("id");
        t.put("tool_id", tool);
        t.put("tool_name", toolName);
        t.as().patch("/v1/agents/{a}/tools/attach/{t}", agentId, tool).then().statusCode(200);

        List<String> passages = t.as().body(Map.of("text", "passage of " + marker)).post("/v1/agents/{id}/archival-memory", agentId)
                .then().statusCode(200).extract().path("id");
        t.put("memory_id", passages.getFirst());
        t.secret(t.as().get("/v1/agents/{id}/archival-memory", agentId).then().statusCode(200).extract().path("[0].archive_id"));

        String archive = t.as().body(Map.of("name", "archive of " + marker, "embedding", "local/all-minilm-l6-v2"))
                .post("/v1/archives/").then().statusCode(200).extract().path("id");
        t.put("archive_id", archive);
        t.secret("archive of " + marker);
        t.put("passage_id", t.as().body(Map.of("text", "shared passage of " + marker)).post("/v1/archives/{id}/passages", archive)
                .then().statusCode(200).extract().path("id"));
        t.as().patch("/v1/agents/{a}/archives/attach/{r}", agentId, archive).then().statusCode(200);

        Suite.get().llm.enqueue(ScriptedReply.text("reply to " + marker));
        t.as().body(Map.of("messages", List.of(Map.of("role", "user", "content", "hello from " + marker))))
                .post("/v1/agents/{id}/messages", agentId).then().statusCode(200)
                .body("stop_reason.stop_reason", equalTo("end_turn"));
        String run = t.as().queryParam("agent_id", agentId).get("/v1/runs").then().statusCode(200).extract().path("[0].id");
        t.put("run_id", run);
        t.put("step_id", t.as().get("/v1/runs/{id}/steps", run).then().statusCode(200).extract().path("[0].id"));
        List<String> messages = t.as().get("/v1/agents/{id}/messages", agentId).then().statusCode(200).extract().path("id");
        t.secrets.addAll(messages);
        t.put("message_id", t.as().get("/v1/agents/{id}/messages", agentId).then().extract()
                .path("find { it.message_type == 'user_message' }.id"));

        t.put("conversation_id", t.as().queryParam("agent_id", agentId).body(Map.of()).post("/v1/conversations/").then()
                .statusCode(200).extract().path("id"));
        // its own agent exports (the matrix checks that no other organization's key does)
        t.as().get("/v1/agents/{id}/export", agentId).then().statusCode(200).body("agents[0].name", equalTo("agent-" + marker));

        String server = "mcp-" + marker;
        String serverId = t.as().body(Map.of("server_name", server, "config",
                        Map.of("mcp_server_type", "streamable_http", "server_url", McpTestServers.get().streamableUrl())))
                .post("/v1/mcp-servers/").then().statusCode(200).extract().path("id");
        t.put("mcp_server_id", serverId);
        t.put("mcp_server_name", server);
        List<String> mcpTools = t.as().get("/v1/mcp-servers/{id}/tools", serverId).then().statusCode(200).extract().path("id");
        t.secrets.addAll(mcpTools);
        t.put("mcp_tool_id", t.as().get("/v1/mcp-servers/{id}/tools", serverId).then().extract().path("find { it.name == 'echo' }.id"));

        String folderName = "folder-" + marker;
        String folder = t.as().body(Map.of("name", folderName)).post("/v1/folders/").then().statusCode(200).extract().path("id");
        t.put("folder_id", folder);
        t.put("source_id", folder);
        t.put("folder_name", folderName);
        t.put("source_name", folderName);
        String file = given().auth().oauth2(key).multiPart("file", "notes.txt", ("notes of " + marker).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/folders/{id}/upload", folder).then().statusCode(200).extract().path("id");
        t.put("file_id", file);
        // the upload is ingested in the background: wait for it as a client polls
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!"completed".equals(t.as().get("/v1/folders/{f}/files/{id}", folder, file).then().statusCode(200).extract().path("processing_status"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("file " + file + " not completed within a minute");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        t.as().patch("/v1/agents/{a}/folders/attach/{f}", agentId, folder).then().statusCode(200);
        t.secrets.addAll(t.as().get("/v1/folders/{id}/passages", folder).then().statusCode(200).extract().<List<String>>path("id"));

        t.put("group_id", t.as().body(Map.of("agent_ids", List.of(agentId), "description", "group of " + marker,
                        "shared_block_ids", List.of(block)))
                .post("/v1/groups/").then().statusCode(200).extract().path("id"));
        t.secret("group of " + marker);

        String identityKey = "identity-key-" + marker;
        t.put("identity_id", t.as().body(Map.of("identifier_key", identityKey, "name", "identity of " + marker, "identity_type", "user",
                        "agent_ids", List.of(agentId), "block_ids", List.of(block),
                        "properties", List.of(Map.of("key", "plan", "value", "plan of " + marker, "type", "string"))))
                .post("/v1/identities/").then().statusCode(200).extract().path("id"));
        t.put("identifier_key", identityKey);
        t.secret("identity of " + marker);
        t.secret("plan of " + marker);

        Suite.get().llm.enqueue(ScriptedReply.text("batch reply to " + marker));
        String batch = t.as().body(Map.of("requests", List.of(Map.of("agent_id", agentId,
                        "messages", List.of(Map.of("role", "user", "content", "batch of " + marker))))))
                .post("/v1/messages/batches").then().statusCode(200).extract().path("id");
        t.put("batch_id", batch);
        t.ids.put("job_id", batch); // the batch is a job of /v1/jobs too
        // ended before the matrix runs, so that the snapshots see it as it stays
        long batchDeadline = System.nanoTime() + 60_000_000_000L;
        while ("running".equals(t.as().get("/v1/messages/batches/{id}", batch).then().statusCode(200).extract().path("status"))) {
            if (System.nanoTime() > batchDeadline) {
                throw new AssertionError("batch " + batch + " not ended within a minute");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        String providerName = "own-" + marker;
        t.put("provider_id", t.as().body(Map.of("name", providerName, "provider_type", "vllm", "api_key", "sk-" + marker,
                        "base_url", Suite.get().llm.baseUrl()))
                .post("/v1/providers/").then().statusCode(200).extract().path("id"));
        t.put("provider_name", providerName);

        operator().body(Map.of("requests_per_minute", limit, "monthly_steps", limit * 10))
                .put("/v1/admin/organizations/{org}/limits", org).then().log().ifValidationFails().statusCode(200);
        t.secrets.addAll(t.as().get("/v1/admin/audit-log").then().statusCode(200).extract().<List<String>>path("id"));
        return t;
    }

    private void put(String param, String id) {
        if (id == null) {
            throw new IllegalStateException(name + ": no id for " + param);
        }
        ids.put(param, id);
        secrets.add(id);
    }

    private void secret(String s) {
        secrets.add(s);
    }

    /** What an isolation breach could change: every resource of the tenant, read by the tenant and the operator. */
    Map<String, String> snapshot() {
        Map<String, String> s = new LinkedHashMap<>();
        String agent = ids.get("agent_id");
        read(s, as(), "/v1/agents/" + agent);
        read(s, as(), "/v1/agents/" + agent + "/core-memory/blocks");
        read(s, as(), "/v1/agents/" + agent + "/tools");
        read(s, as(), "/v1/agents/" + agent + "/archival-memory");
        read(s, as(), "/v1/agents/" + agent + "/messages");
        read(s, as(), "/v1/archives/" + ids.get("archive_id"));
        read(s, as(), "/v1/archives/" + ids.get("archive_id") + "/agents");
        read(s, as(), "/v1/archives?agent_id=" + agent);
        read(s, as(), "/v1/blocks/" + ids.get("block_id"));
        read(s, as(), "/v1/blocks/" + ids.get("block_id") + "/agents");
        read(s, as(), "/v1/tools/" + ids.get("tool_id"));
        read(s, as(), "/v1/runs/" + ids.get("run_id"));
        read(s, as(), "/v1/steps/" + ids.get("step_id"));
        read(s, as(), "/v1/conversations/" + ids.get("conversation_id"));
        read(s, as(), "/v1/mcp-servers/" + ids.get("mcp_server_id"));
        read(s, as(), "/v1/mcp-servers/" + ids.get("mcp_server_id") + "/tools");
        read(s, as(), "/v1/folders/" + ids.get("folder_id"));
        read(s, as(), "/v1/folders/" + ids.get("folder_id") + "/files");
        read(s, as(), "/v1/folders/" + ids.get("folder_id") + "/passages");
        read(s, as(), "/v1/folders/" + ids.get("folder_id") + "/agents");
        read(s, as(), "/v1/agents/" + agent + "/folders");
        read(s, as(), "/v1/groups/" + ids.get("group_id"));
        read(s, as(), "/v1/groups/" + ids.get("group_id") + "/messages");
        read(s, as(), "/v1/agents/" + agent + "/groups");
        read(s, as(), "/v1/identities/" + ids.get("identity_id"));
        read(s, as(), "/v1/identities/" + ids.get("identity_id") + "/agents");
        read(s, as(), "/v1/identities/" + ids.get("identity_id") + "/blocks");
        read(s, as(), "/v1/providers/" + ids.get("provider_id"));
        read(s, as(), "/v1/messages/batches/" + ids.get("batch_id"));
        read(s, as(), "/v1/messages/batches/" + ids.get("batch_id") + "/messages");
        // last_accessed_at moves whenever a file tool or the open route touches a file: compare what is open instead
        s.put("/v1/agents/" + agent + "/files", as().get("/v1/agents/" + agent + "/files").then().statusCode(200).extract()
                .asString().replaceAll("\"last_accessed_at\":(null|\"[^\"]*\")", ""));
        read(s, operator(), "/v1/admin/organizations/" + org);
        read(s, operator(), "/v1/admin/organizations/" + org + "/limits");
        read(s, operator(), "/v1/admin/organizations/" + org + "/users");
        // last_used_at is written by the tenant's own requests (this snapshot's among them), off the request's path
        s.put("/v1/api-keys", operator().get("/v1/admin/organizations/{org}/api-keys", org).then().statusCode(200).extract()
                .asString().replaceAll("\"last_used_at\":(null|\"[^\"]*\")", ""));
        return s;
    }

    private static void read(Map<String, String> s, RequestSpecification as, String path) {
        s.put(path, as.get(path).then().statusCode(200).extract().asString());
    }
}
