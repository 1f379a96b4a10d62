package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.folder.Folders;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agent File export and import: Letta's document shape, ids remapped, round trips, and nothing half-created on failure. */
@QuarkusTest
class AgentFileTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    static String tool(String name, String result) {
        return """
                def %s(city: str) -> str:
                    \"\"\"Look a city up.

                    Args:
                        city (str): City name.
                    \"\"\"
                    return "%s " + city
                """.formatted(name, result);
    }

    /** An agent with two blocks, a custom tool, a secret, one exchange and an archival passage. */
    private record Fixture(String agentId, String toolName, String marker) {
    }

    private Fixture agentWithEverything() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String toolName = "lookup_" + marker;
        given().contentType(ContentType.JSON).body(Map.of("source_code", tool(toolName, "found"))).post("/v1/tools/").then()
                .statusCode(200);
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("name", "exported-" + marker);
        body.put("tools", List.of(toolName));
        body.put("tags", List.of("migrate"));
        body.put("secrets", Map.of("API_KEY", "s3cret-" + marker));
        body.put("memory_blocks", List.of(
                Map.of("label", "human", "value", "Human of " + marker, "limit", 5000),
                Map.of("label", "persona", "value", "Persona of " + marker)));
        String agent = Agents.create(body);
        llm.enqueue(ScriptedReply.text("Hi " + marker));
        Agents.send(agent, "hello " + marker).statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("text", "passage of " + marker, "tags", List.of("t1")))
                .post("/v1/agents/{id}/archival-memory", agent).then().statusCode(200);
        return new Fixture(agent, toolName, marker);
    }

    @Test
    void an_export_is_lettas_agent_file_with_file_ids_and_no_secrets() {
        Fixture f = agentWithEverything();
        ObjectNode doc = AgentFiles.export(f.agentId());
        for (String key : List.of("agents", "groups", "blocks", "files", "sources", "tools", "mcp_servers", "skills", "metadata", "created_at")) {
            assertTrue(doc.has(key), "missing top-level " + key + ": " + doc.fieldNames());
        }
        JsonNode agent = doc.get("agents").get(0);
        assertEquals("agent-0", agent.get("id").asText());
        assertEquals("exported-" + f.marker(), agent.get("name").asText());
        assertEquals(List.of("block-0", "block-1"), strings(agent.get("block_ids")));
        assertEquals(Set.of("human", "persona"), new HashSet<>(List.of(doc.get("blocks").get(0).get("label").asText(),
                doc.get("blocks").get(1).get("label").asText())));
        JsonNode custom = null;
        for (JsonNode t : doc.get("tools")) {
            assertTrue(t.get("id").asText().startsWith("tool-"), t.toString());
            assertTrue(strings(agent.get("tool_ids")).contains(t.get("id").asText()));
            if (t.get("name").asText().equals(f.toolName())) {
                custom = t;
            }
        }
        assertTrue(custom != null, "the custom tool is exported");
        assertTrue(custom.get("source_code").asText().contains("def " + f.toolName()), custom.toString());
        assertEquals(f.toolName(), custom.path("json_schema").path("name").asText());
        assertEquals("custom", custom.get("tool_type").asText());
        // messages: file ids, the window names some of them, the agent id is the file's
        Set<String> messageIds = new HashSet<>();
        for (JsonNode m : agent.get("messages")) {
            assertTrue(m.get("id").asText().matches("message-\\d+"), m.toString());
            assertEquals("agent-0", m.get("agent_id").asText());
            messageIds.add(m.get("id").asText());
        }
        assertTrue(agent.get("messages").size() >= 3, agent.get("messages").toString());
        assertTrue(agent.get("in_context_message_ids").size() >= 3);
        agent.get("in_context_message_ids").forEach(id -> assertTrue(messageIds.contains(id.asText()), id.asText()));
        assertEquals("system", agent.get("messages").get(0).get("role").asText());
        String text = doc.toString();
        assertTrue(text.contains("hello " + f.marker()) && text.contains("Hi " + f.marker()), "the exchange is exported");
        assertTrue(!text.contains("s3cret-" + f.marker()), "secret values are emptied");
        assertEquals("", agent.path("secrets").path("API_KEY").asText("missing"));
        // no Engram ids in the file, but for the text of the compiled system prompt (AGENT_ID), kept as it was written
        ObjectNode withoutSystem = doc.deepCopy();
        ((ObjectNode) withoutSystem.get("agents").get(0).get("messages").get(0)).remove("content");
        assertTrue(!withoutSystem.toString().contains(f.agentId()), "no Engram ids in the file");
        List<String> blockIds = given().get("/v1/agents/{id}/core-memory/blocks", f.agentId()).then().extract().path("id");
        blockIds.forEach(b -> assertTrue(!text.contains(b), "no block id " + b));
        assertTrue(agent.get("tool_rules").isArray());
        assertTrue(!agent.has("passages"), "passages only when asked");
    }

    @Test
    void scrub_messages_exports_no_messages_and_an_unknown_agent_is_404() {
        Fixture f = agentWithEverything();
        JsonNode agent = AgentFiles.export(f.agentId(), Map.of("scrub_messages", "true")).get("agents").get(0);
        assertEquals(0, agent.get("messages").size());
        assertEquals(0, agent.get("in_context_message_ids").size());
        given().get("/v1/agents/{id}/export", "agent-" + UUID.randomUUID()).then().statusCode(404);
        given().get("/v1/agents/{id}/export", "not-an-agent").then().statusCode(422).body("detail", containsString("agent_id"));
        given().contentType(ContentType.JSON).body(Map.of("scrub_messages", true, "skills",
                        List.of(Map.of("name", "notes", "files", Map.of("SKILL.md", "# Notes")))))
                .post("/v1/agents/{id}/export", f.agentId()).then().statusCode(200)
                .body("agents[0].messages", hasSize(0)).body("skills[0].name", equalTo("notes"));
    }

    @Test
    void export_then_import_then_export_gives_the_same_document_up_to_ids_and_times() {
        Fixture f = agentWithEverything();
        ObjectNode first = AgentFiles.export(f.agentId());
        String copy = AgentFiles.upload(first, Map.of("append_copy_suffix", "false")).statusCode(200)
                .body("agent_ids", hasSize(1)).extract().path("agent_ids[0]");
        assertNotEquals(f.agentId(), copy);
        ObjectNode second = AgentFiles.export(copy);
        String diff = AgentFiles.diff(AgentFiles.normalised(first), AgentFiles.normalised(second), "$");
        assertTrue(diff.isEmpty(), "the round trip changed:\n" + diff);
    }

    @Test
    void an_imported_agent_has_fresh_ids_its_blocks_tools_messages_and_window_and_importing_twice_makes_two() {
        Fixture f = agentWithEverything();
        ObjectNode doc = AgentFiles.export(f.agentId());
        String a = AgentFiles.upload(doc, Map.of()).statusCode(200).extract().path("agent_ids[0]");
        String b = AgentFiles.upload(doc, Map.of()).statusCode(200).extract().path("agent_ids[0]");
        assertNotEquals(a, b);
        for (String id : List.of(a, b)) {
            given().get("/v1/agents/{id}", id).then().statusCode(200)
                    .body("name", equalTo("exported-" + f.marker() + "_copy"))
                    .body("blocks", hasSize(2))
                    .body("tools.name", org.hamcrest.Matchers.hasItem(f.toolName()))
                    .body("tags", org.hamcrest.Matchers.contains("migrate"))
                    .body("message_ids", hasSize(doc.get("agents").get(0).get("in_context_message_ids").size()));
            assertEquals("Human of " + f.marker(), Agents.blockValue(id, "human"));
        }
        List<String> blocksA = given().get("/v1/agents/{id}/core-memory/blocks", a).then().extract().path("id");
        List<String> blocksB = given().get("/v1/agents/{id}/core-memory/blocks", b).then().extract().path("id");
        List<String> original = given().get("/v1/agents/{id}/core-memory/blocks", f.agentId()).then().extract().path("id");
        Set<String> all = new HashSet<>(blocksA);
        all.addAll(blocksB);
        all.addAll(original);
        assertEquals(6, all.size(), "every import has its own blocks");
        List<String> messagesA = given().get("/v1/agents/{id}/messages", a).then().statusCode(200).extract().path("content");
        assertTrue(messagesA.toString().contains("hello " + f.marker()), messagesA.toString());
        // the tool matched by name: the organization's own, not a second one
        given().queryParam("name", f.toolName()).get("/v1/tools/").then().statusCode(200).body("$", hasSize(1));
        // the imported agent answers
        llm.enqueue(ScriptedReply.text("Still here " + f.marker()));
        Agents.send(a, "are you there?").statusCode(200).body("messages.content", org.hamcrest.Matchers.hasItem("Still here " + f.marker()));
        String sent = llm.requests().getLast().body().toString();
        assertTrue(sent.contains("hello " + f.marker()), "the imported history is in the model's context");
    }

    @Test
    void name_secrets_and_passages_options_apply_on_import() {
        Fixture f = agentWithEverything();
        ObjectNode doc = AgentFiles.export(f.agentId(), Map.of("include_passages", "true"));
        JsonNode passages = doc.get("agents").get(0).get("passages");
        assertEquals(1, passages.size());
        assertEquals("passage of " + f.marker(), passages.get(0).get("text").asText());
        String id = AgentFiles.upload(doc, Map.of("name", "renamed-" + f.marker(), "secrets", "{\"API_KEY\": \"new-value\"}"))
                .statusCode(200).extract().path("agent_ids[0]");
        given().get("/v1/agents/{id}", id).then().statusCode(200).body("name", equalTo("renamed-" + f.marker()))
                .body("secrets.find { it.key == 'API_KEY' }.value", equalTo("new-value"));
        given().get("/v1/agents/{id}/archival-memory", id).then().statusCode(200)
                .body("text", org.hamcrest.Matchers.contains("passage of " + f.marker()));
    }

    @Test
    void include_vectors_exports_each_passages_vector_and_an_import_keeps_it_and_searches_with_it() {
        Fixture f = agentWithEverything();
        given().contentType(ContentType.JSON).body(Map.of("text", "The lighthouse keeper of " + f.marker() + " feeds the gulls at dawn."))
                .post("/v1/agents/{id}/archival-memory", f.agentId()).then().statusCode(200);
        ObjectNode doc = AgentFiles.export(f.agentId(), Map.of("include_vectors", "true"));
        JsonNode passages = doc.get("agents").get(0).get("passages");
        assertEquals(2, passages.size());
        for (JsonNode p : passages) {
            int dim = p.get("embedding_config").get("embedding_dim").asInt();
            assertTrue(dim > 0 && p.get("embedding").size() == dim, p.get("embedding_config").toString());
            assertEquals(p.get("embedding_handle").asText(), p.get("embedding_config").get("handle").asText());
        }
        String copy = AgentFiles.upload(doc, Map.of()).statusCode(200).extract().path("agent_ids[0]");
        JsonNode again = AgentFiles.export(copy, Map.of("include_vectors", "true")).get("agents").get(0).get("passages");
        assertEquals(passages.size(), again.size());
        for (int i = 0; i < passages.size(); i++) {
            assertEquals(passages.get(i).get("text"), again.get(i).get("text"));
            assertEquals(passages.get(i).get("embedding"), again.get(i).get("embedding"), "the vector of passage " + i);
        }
        given().queryParam("query", "who looks after the birds by the sea?")
                .get("/v1/agents/{id}/archival-memory/search", copy).then().statusCode(200)
                .body("results[0].content", containsString("lighthouse keeper of " + f.marker()));

        // a vector that does not have the dimension its config names: 422 naming it, nothing imported
        long before = count();
        ObjectNode wrong = doc.deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode v = (com.fasterxml.jackson.databind.node.ArrayNode)
                wrong.get("agents").get(0).get("passages").get(1).get("embedding");
        v.remove(v.size() - 1);
        AgentFiles.upload(wrong, Map.of()).statusCode(422)
                .body("detail", containsString("agents[0].passages[1].embedding: " + v.size() + " dimensions"));
        // without a config naming it, memory-service finds it against the model's dimension
        ((ObjectNode) wrong.get("agents").get(0).get("passages").get(1)).remove("embedding_config");
        AgentFiles.upload(wrong, Map.of()).statusCode(422)
                .body("detail", containsString("passages[1].embedding: " + v.size() + " dimensions"));
        assertEquals(before, count());
    }

    @Test
    void include_conversations_exports_every_thread_and_an_import_recreates_the_conversations() {
        Fixture f = agentWithEverything();
        String conv = given().contentType(ContentType.JSON).queryParam("agent_id", f.agentId()).body(Map.of())
                .post("/v1/conversations/").then().statusCode(200).extract().path("id");
        llm.enqueue(ScriptedReply.text("Threaded " + f.marker()));
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "in the thread " + f.marker())),
                "streaming", false)).post("/v1/conversations/{id}/messages", conv).then().statusCode(200);
        ObjectNode first = AgentFiles.export(f.agentId(), Map.of("include_conversations", "true"));
        JsonNode agent = first.get("agents").get(0);
        assertEquals(1, agent.get("conversations").size());
        assertEquals("conv-0", agent.get("conversations").get(0).get("id").asText());
        assertTrue(first.toString().contains("in the thread " + f.marker()));
        assertTrue(!AgentFiles.export(f.agentId()).toString().contains("in the thread " + f.marker()), "only when asked");

        String copy = AgentFiles.upload(first, Map.of("append_copy_suffix", "false")).statusCode(200).extract().path("agent_ids[0]");
        List<String> convs = given().queryParam("agent_id", copy).get("/v1/conversations/").then().statusCode(200).extract().path("id");
        assertEquals(1, convs.size());
        assertNotEquals(conv, convs.getFirst());
        String messages = given().get("/v1/conversations/{id}/messages", convs.getFirst()).then().statusCode(200).extract().asString();
        assertTrue(messages.contains("in the thread " + f.marker()) && messages.contains("Threaded " + f.marker()), messages);
        // the conversation's messages stay in the conversation: the agent's own window is as long as the original's
        int window = given().get("/v1/agents/{id}", f.agentId()).then().extract().path("message_ids.size()");
        given().get("/v1/agents/{id}", copy).then().body("message_ids", hasSize(window));
        ObjectNode second = AgentFiles.export(copy, Map.of("include_conversations", "true"));
        String diff = AgentFiles.diff(AgentFiles.normalised(first), AgentFiles.normalised(second), "$");
        assertTrue(diff.isEmpty(), "the round trip changed:\n" + diff);
    }

    @Test
    void an_mcp_tools_server_is_exported_without_its_secrets_and_an_import_attaches_the_organizations_tool() {
        Fixture f = agentWithEverything();
        String server = "mcp-" + f.marker();
        String serverId = given().contentType(ContentType.JSON).body(Map.of("server_name", server, "config", Map.of(
                        "mcp_server_type", "streamable_http", "server_url", dev.engram.agent.support.McpTestServers.get().streamableUrl(),
                        "auth_header", "Authorization", "auth_token", "Bearer mcp-secret-" + f.marker())))
                .post("/v1/mcp-servers/").then().statusCode(200).extract().path("id");
        String echo = given().get("/v1/mcp-servers/{id}/tools", serverId).then().statusCode(200)
                .extract().path("find { it.name == 'echo' }.id");
        given().patch("/v1/agents/{a}/tools/attach/{t}", f.agentId(), echo).then().statusCode(200);
        ObjectNode doc = AgentFiles.export(f.agentId());
        assertEquals(1, doc.get("mcp_servers").size());
        JsonNode s = doc.get("mcp_servers").get(0);
        assertEquals("mcp_server-0", s.get("id").asText());
        assertEquals(server, s.get("server_name").asText());
        assertEquals("streamable_http", s.get("server_type").asText());
        assertTrue(!doc.toString().contains("mcp-secret-" + f.marker()), "no MCP token in the file");
        assertTrue(!doc.toString().contains(serverId), "no Engram server id in the file");
        JsonNode tool = null;
        for (JsonNode t : doc.get("tools")) {
            if (t.get("name").asText().equals("echo")) {
                tool = t;
            }
        }
        assertTrue(tool != null);
        assertEquals("mcp_server-0", tool.path("metadata_").path("mcp").path("server_id").asText());
        String copy = AgentFiles.upload(doc, Map.of()).statusCode(200).extract().path("agent_ids[0]");
        given().get("/v1/agents/{id}/tools", copy).then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(echo));
        given().delete("/v1/agents/{id}", copy).then().statusCode(200);
        given().patch("/v1/agents/{a}/tools/detach/{t}", f.agentId(), echo).then().statusCode(200);
        given().delete("/v1/mcp-servers/{id}", serverId).then().statusCode(org.hamcrest.Matchers.lessThan(300));
    }

    @Test
    void an_import_registers_the_files_mcp_servers_it_lacks_without_secrets_reuses_one_of_the_same_name_and_links_their_tools() {
        Fixture f = agentWithEverything();
        String server = "mcp-new-" + f.marker();
        String serverId = given().contentType(ContentType.JSON).body(Map.of("server_name", server, "config", Map.of(
                        "mcp_server_type", "streamable_http", "server_url", dev.engram.agent.support.McpTestServers.get().streamableUrl(),
                        "auth_header", "Authorization", "auth_token", "Bearer mcp-secret-" + f.marker())))
                .post("/v1/mcp-servers/").then().statusCode(200).extract().path("id");
        String echo = given().get("/v1/mcp-servers/{id}/tools", serverId).then().statusCode(200)
                .extract().path("find { it.name == 'echo' }.id");
        given().patch("/v1/agents/{a}/tools/attach/{t}", f.agentId(), echo).then().statusCode(200);
        ObjectNode doc = AgentFiles.export(f.agentId());
        given().delete("/v1/mcp-servers/{id}", serverId).then().statusCode(org.hamcrest.Matchers.lessThan(300));

        // the organization has no such server now: the import registers it from the file (no token) and lists its tools
        String copy = AgentFiles.upload(doc, Map.of()).statusCode(200).extract().path("agent_ids[0]");
        List<String> named = given().get("/v1/mcp-servers/").then().statusCode(200).extract().path("findAll { it.server_name == '" + server + "' }.id");
        assertEquals(1, named.size(), named.toString());
        String created = named.getFirst();
        assertNotEquals(serverId, created);
        String config = given().get("/v1/mcp-servers/{id}", created).then().statusCode(200).extract().asString();
        assertTrue(!config.contains("mcp-secret-" + f.marker()), config);
        given().get("/v1/agents/{id}/tools", copy).then().statusCode(200)
                .body("find { it.name == 'echo' }.tool_type", equalTo("external_mcp"))
                .body("find { it.name == 'echo' }.metadata_.mcp.server_id", equalTo(created));
        given().get("/v1/mcp-servers/{id}/tools", created).then().statusCode(200).body("name", org.hamcrest.Matchers.hasItem("echo"));

        // a second import reuses it
        String again = AgentFiles.upload(doc, Map.of()).statusCode(200).extract().path("agent_ids[0]");
        given().get("/v1/mcp-servers/").then().statusCode(200).body("findAll { it.server_name == '" + server + "' }", hasSize(1));
        given().get("/v1/agents/{id}/tools", again).then().statusCode(200)
                .body("find { it.name == 'echo' }.metadata_.mcp.server_id", equalTo(created));

        // a server that cannot be reached now: registered, its tool made from the file and linked to it
        ObjectNode dead = doc.deepCopy();
        String deadName = "mcp-dead-" + f.marker();
        ((ObjectNode) dead.get("mcp_servers").get(0)).put("server_name", deadName)
                .put("server_url", dev.engram.agent.support.McpTestServers.deadUrl());
        for (JsonNode t : dead.get("tools")) {
            if (t.get("name").asText().equals("echo")) {
                ((ObjectNode) t).put("name", "echo_" + f.marker());
                ((ObjectNode) t.get("metadata_").get("mcp")).put("server_name", deadName);
            }
        }
        String offline = AgentFiles.upload(dead, Map.of()).statusCode(200).extract().path("agent_ids[0]");
        String deadId = given().get("/v1/mcp-servers/").then().statusCode(200).extract()
                .path("find { it.server_name == '" + deadName + "' }.id");
        given().get("/v1/agents/{id}/tools", offline).then().statusCode(200)
                .body("find { it.name == 'echo_" + f.marker() + "' }.tool_type", equalTo("external_mcp"))
                .body("find { it.name == 'echo_" + f.marker() + "' }.metadata_.mcp.server_id", equalTo(deadId));

        // a failing import removes the server it registered
        ObjectNode failing = dead.deepCopy();
        String failName = "mcp-undone-" + f.marker();
        ((ObjectNode) failing.get("mcp_servers").get(0)).put("server_name", failName);
        ((ObjectNode) failing.get("agents").get(0)).put("agent_type", "no_such_type");
        AgentFiles.upload(failing, Map.of()).statusCode(422);
        given().get("/v1/mcp-servers/").then().statusCode(200).body("findAll { it.server_name == '" + failName + "' }", hasSize(0));
    }

    @Test
    void override_existing_tools_decides_whether_a_files_tool_replaces_the_organizations() {
        Fixture f = agentWithEverything();
        ObjectNode doc = AgentFiles.export(f.agentId());
        for (JsonNode t : doc.get("tools")) {
            if (t.get("name").asText().equals(f.toolName())) {
                ((ObjectNode) t).put("source_code", tool(f.toolName(), "replaced"));
            }
        }
        AgentFiles.upload(doc, Map.of("override_existing_tools", "false")).statusCode(200);
        given().queryParam("name", f.toolName()).get("/v1/tools/").then().body("[0].source_code", containsString("\"found \""));
        AgentFiles.upload(doc, Map.of()).statusCode(200);
        given().queryParam("name", f.toolName()).get("/v1/tools/").then().body("[0].source_code", containsString("\"replaced \""))
                .body("$", hasSize(1));
    }

    @Test
    void a_malformed_or_truncated_file_is_a_422_naming_the_problem_and_creates_nothing() {
        Fixture f = agentWithEverything();
        ObjectNode doc = AgentFiles.export(f.agentId());
        String newTool = "fresh_" + f.marker();
        ObjectNode extra = doc.get("tools").get(0).deepCopy();
        extra.put("id", "tool-99").put("name", newTool).put("tool_type", "custom").put("source_code", tool(newTool, "x"));
        ((ObjectNode) extra).set("json_schema", null);
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("tools")).add(extra);
        long agentsBefore = count();
        byte[] whole = doc.toString().getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        AgentFiles.upload(truncated, Map.of()).statusCode(422).body("detail", containsString("truncated"));
        AgentFiles.upload("[1, 2]".getBytes(StandardCharsets.UTF_8), Map.of()).statusCode(422).body("detail", startsWith("file:"));

        ObjectNode unknownTool = doc.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) unknownTool.get("agents").get(0).get("tool_ids")).add("tool-404");
        AgentFiles.upload(unknownTool, Map.of()).statusCode(422)
                .body("detail", containsString("agents[0].tool_ids[" + (unknownTool.get("agents").get(0).get("tool_ids").size() - 1)
                        + "]: unknown tool id \"tool-404\""));
        ObjectNode noBlocks = doc.deepCopy();
        noBlocks.remove("blocks");
        AgentFiles.upload(noBlocks, Map.of()).statusCode(422).body("detail", containsString("blocks: Field required"));
        ObjectNode badWindow = doc.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) badWindow.get("agents").get(0).get("in_context_message_ids")).add("message-999");
        ((ObjectNode) badWindow.get("agents").get(0).get("messages").get(0)).put("role", "robot");
        AgentFiles.upload(badWindow, Map.of()).statusCode(422)
                .body("detail", containsString("2 problems"))
                .body("detail", containsString("agents[0].messages[0].role"))
                .body("detail", containsString("in_context_message_ids[" + (badWindow.get("agents").get(0).get("in_context_message_ids").size() - 1) + "]"));
        AgentFiles.upload(doc, Map.of("strip_messages", "maybe")).statusCode(422).body("detail", startsWith("strip_messages"));
        given().multiPart("name", "x").post("/v1/agents/import").then().statusCode(422).body("detail", equalTo("file: Field required"));

        assertEquals(agentsBefore, count(), "no agent was created");
        given().queryParam("name", newTool).get("/v1/tools/").then().body("$", hasSize(0));
    }

    @Test
    void when_a_later_step_fails_what_the_import_created_is_removed_again() {
        Fixture f = agentWithEverything();
        ObjectNode doc = AgentFiles.export(f.agentId());
        String newTool = "rollback_" + f.marker();
        ObjectNode extra = doc.get("tools").get(0).deepCopy();
        extra.put("id", "tool-99").put("name", newTool).put("tool_type", "custom").put("source_code", tool(newTool, "x"));
        extra.set("json_schema", null);
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("tools")).add(extra);
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("agents").get(0).get("tool_ids")).add("tool-99");
        String label = "notes_" + f.marker().replace('-', '_');
        // a block over its own limit: memory-service refuses it after the tool was created
        ObjectNode big = doc.get("blocks").get(0).deepCopy();
        big.put("id", "block-9").put("label", label).put("value", "x".repeat(50)).put("limit", 10);
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("blocks")).add(big);
        long agentsBefore = count();
        AgentFiles.upload(doc, Map.of()).statusCode(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.greaterThanOrEqualTo(400), org.hamcrest.Matchers.lessThan(500)))
                .body("detail", containsString("blocks[2] (block-9)"));
        given().queryParam("name", newTool).get("/v1/tools/").then().body("$", hasSize(0));
        given().queryParam("label", label).get("/v1/blocks/").then().body("$", hasSize(0));
        assertEquals(agentsBefore, count());

        // two agents: the second fails after the first was created; the first goes again, with every block
        ObjectNode two = AgentFiles.export(f.agentId());
        ObjectNode second = two.get("agents").get(0).deepCopy();
        second.put("id", "agent-1").put("name", "second-" + f.marker()).put("agent_type", "no_such_type");
        ((com.fasterxml.jackson.databind.node.ArrayNode) two.get("agents")).add(second);
        for (JsonNode m : second.get("messages")) {
            ((ObjectNode) m).put("id", m.get("id").asText().replace("message-", "message-1"));
            ((ObjectNode) m).put("agent_id", "agent-1");
        }
        List<String> window = new ArrayList<>();
        second.get("in_context_message_ids").forEach(id -> window.add(id.asText().replace("message-", "message-1")));
        second.set("in_context_message_ids", AgentFiles.JSON.valueToTree(window));
        long blocksBefore = given().get("/v1/blocks/count").then().statusCode(200).extract().as(Long.class);
        AgentFiles.upload(two, Map.of("append_copy_suffix", "false")).statusCode(422)
                .body("detail", containsString("agents[1] (agent-1)")).body("detail", containsString("agent_type"));
        assertEquals(agentsBefore, count(), "the first agent was removed again");
        given().queryParam("name", "exported-" + f.marker()).get("/v1/agents/").then().body("$", hasSize(1));
        assertEquals(blocksBefore, given().get("/v1/blocks/count").then().extract().as(Long.class).longValue(), "no block left behind");
    }

    /** The fixture's agent with a folder of one markdown file attached, the file open on lines 2-3; the folder's name. */
    private String withFolder(Fixture f) {
        String name = "docs-" + f.marker();
        String folder = given().contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/folders/").then().statusCode(200)
                .extract().path("id");
        Folders.ingested(folder, "guide.md", "# Guide\nThe harbour opens at dawn " + f.marker() + ".\nBoats leave at noon.\nThe end.\n")
                .body("processing_status", equalTo("completed"));
        given().patch("/v1/agents/{a}/folders/attach/{f}", f.agentId(), folder).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("file_requests",
                        List.of(Map.of("file_name", name + "/guide.md", "offset", 1, "length", 2)))))
                .post("/v1/agents/{a}/tools/open_files/run", f.agentId()).then().statusCode(200).body("status", equalTo("success"));
        return name;
    }

    private static String folderId(String name) {
        return given().queryParam("name", name).get("/v1/folders/").then().statusCode(200).extract().path("[0].id");
    }

    @Test
    void a_folder_and_its_file_travel_in_the_file_a_taken_name_gets_a_suffix_and_the_round_trip_is_equal() {
        Fixture f = agentWithEverything();
        String name = withFolder(f);
        ObjectNode first = AgentFiles.export(f.agentId(), Map.of("include_passages", "true"));
        assertEquals(1, first.get("sources").size());
        assertEquals(name, first.get("sources").get(0).get("name").asText());
        assertEquals("source-0", first.get("sources").get(0).get("id").asText());
        assertEquals(1, first.get("files").size());
        JsonNode file = first.get("files").get(0);
        assertEquals("source-0", file.get("source_id").asText());
        assertEquals(name + "/guide.md", file.get("file_name").asText());
        assertTrue(file.get("content").asText().contains("harbour opens at dawn " + f.marker()), file.toString());
        JsonNode agent = first.get("agents").get(0);
        assertEquals(List.of("source-0"), strings(agent.get("source_ids")));
        JsonNode open = agent.get("files_agents").get(0);
        assertEquals("file-0", open.get("file_id").asText());
        assertTrue(open.get("is_open").asBoolean());
        assertEquals(2, open.get("start_line").asInt());
        assertEquals(3, open.get("end_line").asInt());
        assertTrue(open.get("visible_content").asText().contains("2: Boats leave at noon."), open.toString());

        // the name is taken: the imported folder is named apart, the organization's own keeps its file
        String clash = AgentFiles.upload(first, Map.of()).statusCode(200).extract().path("agent_ids[0]");
        String renamed = given().get("/v1/agents/{id}/folders", clash).then().statusCode(200).body("$", hasSize(1))
                .extract().path("[0].name");
        assertTrue(renamed.matches(java.util.regex.Pattern.quote(name) + "_[0-9a-f]{8}"), renamed);
        given().get("/v1/folders/{id}/files", folderId(name)).then().statusCode(200).body("$", hasSize(1));
        given().get("/v1/folders/{id}/files", folderId(renamed)).then().statusCode(200).body("$", hasSize(1))
                .body("[0].file_name", equalTo(renamed + "/guide.md")).body("[0].processing_status", equalTo("completed"));
        given().queryParam("is_open", true).get("/v1/agents/{a}/files", clash).then().statusCode(200)
                .body("files[0].file_name", equalTo(renamed + "/guide.md"))
                .body("files[0].start_line", equalTo(2)).body("files[0].end_line", equalTo(3));

        // with the name free again the document comes back equal
        given().delete("/v1/folders/{id}", folderId(name)).then().statusCode(org.hamcrest.Matchers.lessThan(300));
        String copy = AgentFiles.upload(first, Map.of("append_copy_suffix", "false")).statusCode(200).extract().path("agent_ids[0]");
        ObjectNode second = AgentFiles.export(copy, Map.of("include_passages", "true"));
        // attaching the folders recompiles the system prompt: its agent id and time are the new agent's
        String diff = AgentFiles.diff(AgentFiles.withoutPromptIdAndTime(AgentFiles.normalised(first)),
                AgentFiles.withoutPromptIdAndTime(AgentFiles.normalised(second)), "$");
        assertTrue(diff.isEmpty(), "the round trip changed:\n" + diff);
    }

    @Test
    void a_file_that_had_failed_comes_without_text_and_is_kept_failed_with_its_message() {
        Fixture f = agentWithEverything();
        withFolder(f);
        ObjectNode doc = AgentFiles.export(f.agentId());
        ObjectNode failed = doc.get("files").get(0).deepCopy();
        failed.put("id", "file-1").put("original_file_name", "broken.pdf").put("processing_status", "error")
                .put("error_message", "Could not parse the PDF").putNull("content");
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("files")).add(failed);
        String copy = AgentFiles.upload(doc, Map.of()).statusCode(200).extract().path("agent_ids[0]");
        String folder = given().get("/v1/agents/{id}/folders", copy).then().statusCode(200).extract().path("[0].id");
        given().get("/v1/folders/{id}/files", folder).then().statusCode(200).body("$", hasSize(2))
                .body("find { it.original_file_name == 'broken.pdf' }.processing_status", equalTo("error"))
                .body("find { it.original_file_name == 'broken.pdf' }.error_message", equalTo("Could not parse the PDF"))
                .body("find { it.original_file_name == 'guide.md' }.processing_status", equalTo("completed"));
    }

    @Test
    void an_import_failing_at_a_file_removes_the_folders_and_files_it_created() {
        Fixture f = agentWithEverything();
        withFolder(f);
        ObjectNode doc = AgentFiles.export(f.agentId());
        ObjectNode bad = doc.get("files").get(0).deepCopy();
        bad.put("id", "file-1").put("original_file_name", "tool.exe").put("file_name", "x/tool.exe");
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("files")).add(bad);
        long agentsBefore = count();
        long foldersBefore = given().get("/v1/folders/count").then().statusCode(200).extract().as(Long.class);
        AgentFiles.upload(doc, Map.of()).statusCode(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.greaterThanOrEqualTo(400), org.hamcrest.Matchers.lessThan(500)))
                .body("detail", containsString("files[1] (file-1)"));
        assertEquals(agentsBefore, count(), "no agent left");
        assertEquals(foldersBefore, given().get("/v1/folders/count").then().extract().as(Long.class).longValue(),
                "the imported folder and its indexed file were removed");
    }

    @Test
    void a_first_format_file_and_a_double_encoded_file_import() {
        Fixture f = agentWithEverything();
        String doc = AgentFiles.export(f.agentId()).toString();
        AgentFiles.upload(AgentFiles.JSON.getNodeFactory().textNode(doc).toString().getBytes(StandardCharsets.UTF_8), Map.of())
                .statusCode(200).body("agent_ids", hasSize(1));
    }

    @Test
    void exporting_a_member_of_a_group_brings_the_whole_group_and_its_shared_block_once_and_an_import_makes_them_again() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        List<String> crew = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            body.put("name", "crew-" + n + "-" + marker);
            crew.add(Agents.create(body));
        }
        String label = "plan_" + marker.replace('-', '_');
        String plan = given().contentType(ContentType.JSON).body(Map.of("label", label, "value", "the plan"))
                .post("/v1/blocks/").then().statusCode(200).extract().path("id");
        String group = given().contentType(ContentType.JSON).body(Map.of("agent_ids", crew, "description", "crew " + marker,
                        "manager_config", Map.of("manager_type", "round_robin", "max_turns", 4), "shared_block_ids", List.of(plan)))
                .post("/v1/groups/").then().statusCode(200).extract().path("id");

        ObjectNode doc = AgentFiles.export(crew.get(1));
        List<String> names = new ArrayList<>();
        doc.get("agents").forEach(a -> names.add(a.get("name").asText()));
        assertEquals(List.of("crew-b-" + marker, "crew-a-" + marker, "crew-c-" + marker), names,
                "the exported agent first, then the other members in the group's order");
        assertEquals(1, doc.get("groups").size(), "the group once: " + doc.get("groups"));
        JsonNode g = doc.get("groups").get(0);
        assertEquals("group-0", g.get("id").asText());
        assertEquals(List.of("agent-1", "agent-0", "agent-2"), strings(g.get("agent_ids")), "all three members, as file ids");
        assertEquals("crew " + marker, g.get("description").asText());
        assertEquals("round_robin", g.at("/manager_config/manager_type").asText());
        assertEquals(4, g.at("/manager_config/max_turns").asInt());
        List<String> shared = new ArrayList<>();
        doc.get("blocks").forEach(b -> {
            if (label.equals(b.get("label").asText())) {
                shared.add(b.get("id").asText());
            }
        });
        assertEquals(1, shared.size(), "the shared block is written once: " + doc.get("blocks"));
        assertEquals(shared, strings(g.get("shared_block_ids")));
        Set<String> blockIds = new HashSet<>();
        doc.get("blocks").forEach(b -> assertTrue(blockIds.add(b.get("id").asText()), "each block once: " + b.get("id")));
        Set<String> toolIds = new HashSet<>();
        doc.get("tools").forEach(t -> assertTrue(toolIds.add(t.get("id").asText()), "each tool once: " + t.get("id")));
        for (JsonNode a : doc.get("agents")) {
            assertTrue(strings(a.get("block_ids")).contains(shared.getFirst()), a.get("name") + " holds the shared block");
            assertTrue(blockIds.containsAll(strings(a.get("block_ids"))));
            assertTrue(toolIds.containsAll(strings(a.get("tool_ids"))));
            assertEquals(List.of("group-0"), strings(a.get("group_ids")));
        }

        List<String> imported = AgentFiles.upload(doc, Map.of("append_copy_suffix", "false")).statusCode(200)
                .body("agent_ids", hasSize(3)).extract().path("agent_ids");
        assertTrue(imported.stream().noneMatch(crew::contains));
        List<Map<String, Object>> groups = given().get("/v1/agents/{id}/groups", imported.get(0)).then().statusCode(200).extract().path("$");
        assertEquals(1, groups.size(), "the imported agents are in one new group: " + groups);
        Map<String, Object> made = groups.getFirst();
        assertNotEquals(group, made.get("id"));
        assertEquals(List.of(imported.get(1), imported.get(0), imported.get(2)), made.get("agent_ids"),
                "its members are the imported agents, in the group's order");
        assertEquals("crew " + marker, made.get("description"));
        assertEquals(4, made.get("max_turns"));
        List<String> newShared = strings(AgentFiles.JSON.valueToTree(made.get("shared_block_ids")));
        assertEquals(1, newShared.size());
        assertNotEquals(plan, newShared.getFirst());
        for (String agent : imported) {
            List<String> labels = given().get("/v1/agents/{id}/core-memory/blocks", agent).then().statusCode(200).extract().path("label");
            List<String> ids = given().get("/v1/agents/{id}/core-memory/blocks", agent).then().statusCode(200).extract().path("id");
            assertEquals(1, labels.stream().filter(label::equals).count(), "one shared block, not a copy: " + labels);
            assertTrue(ids.contains(newShared.getFirst()), "every imported agent holds the one new shared block");
        }
        given().get("/v1/groups/{id}", group).then().statusCode(200).body("agent_ids", equalTo(crew));

        ObjectNode again = AgentFiles.export(imported.get(0));
        String diff = AgentFiles.diff(AgentFiles.normalised(doc), AgentFiles.normalised(again), "$");
        assertTrue(diff.isEmpty(), "the round trip changed:\n" + diff);

        // a group that cannot be made: the import is undone, agents and all
        long agentsBefore = count();
        long groupsBefore = given().get("/v1/groups/count").then().statusCode(200).extract().as(Long.class);
        ((ObjectNode) doc.get("groups").get(0)).set("manager_config", AgentFiles.JSON.createObjectNode().put("manager_type", "committee"));
        AgentFiles.upload(doc, Map.of()).statusCode(422).body("detail", containsString("groups[0] (group-0)"))
                .body("detail", containsString("manager_type"));
        assertEquals(agentsBefore, count(), "the agents were removed again");
        assertEquals(groupsBefore, given().get("/v1/groups/count").then().statusCode(200).extract().as(Long.class).longValue());
    }

    @Test
    void a_folder_two_agents_of_a_group_share_is_written_once_and_imported_as_one_folder_of_both() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String a = Agents.create();
        String b = Agents.create();
        given().contentType(ContentType.JSON).body(Map.of("agent_ids", List.of(a, b), "description", "readers " + marker,
                "manager_config", Map.of("manager_type", "round_robin"))).post("/v1/groups/").then().statusCode(200);
        String name = "shared-docs-" + marker;
        String folder = given().contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/folders/").then().statusCode(200)
                .extract().path("id");
        Folders.ingested(folder, "notes.md", "# Notes\nShared by both " + marker + ".\n").body("processing_status", equalTo("completed"));
        given().patch("/v1/agents/{a}/folders/attach/{f}", a, folder).then().statusCode(200);
        given().patch("/v1/agents/{a}/folders/attach/{f}", b, folder).then().statusCode(200);

        ObjectNode doc = AgentFiles.export(a);
        assertEquals(2, doc.get("agents").size());
        assertEquals(1, doc.get("sources").size(), "the folder once: " + doc.get("sources"));
        assertEquals(1, doc.get("files").size(), "its file once: " + doc.get("files"));
        for (JsonNode agent : doc.get("agents")) {
            assertEquals(List.of("source-0"), strings(agent.get("source_ids")));
            assertEquals("file-0", agent.get("files_agents").get(0).get("file_id").asText());
            assertEquals(agent.get("id").asText(), agent.get("files_agents").get(0).get("agent_id").asText());
        }

        List<String> imported = AgentFiles.upload(doc, Map.of()).statusCode(200).body("agent_ids", hasSize(2)).extract().path("agent_ids");
        List<String> first = given().get("/v1/agents/{id}/folders", imported.get(0)).then().statusCode(200).body("$", hasSize(1))
                .extract().path("id");
        List<String> second = given().get("/v1/agents/{id}/folders", imported.get(1)).then().statusCode(200).body("$", hasSize(1))
                .extract().path("id");
        assertEquals(first, second, "both new agents share the one new folder");
        assertNotEquals(folder, first.getFirst());
        given().get("/v1/folders/{id}/files", first.getFirst()).then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void a_supervisor_group_exported_from_a_member_brings_its_manager_and_the_members_other_groups() {
        String manager = Agents.create();
        String member = Agents.create();
        String peer = Agents.create();
        given().contentType(ContentType.JSON).body(Map.of("agent_ids", List.of(member), "description", "supervised",
                        "manager_config", Map.of("manager_type", "supervisor", "manager_agent_id", manager)))
                .post("/v1/groups/").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("agent_ids", List.of(member, peer), "description", "pair",
                        "manager_config", Map.of("manager_type", "round_robin")))
                .post("/v1/groups/").then().statusCode(200);

        JsonNode members = AgentFiles.export(member);
        assertEquals(3, members.get("agents").size(), "the member, its manager and its peer: " + members.get("agents"));
        assertEquals(2, members.get("groups").size());
        JsonNode supervised = members.get("groups").get(0);
        assertEquals("supervisor", supervised.at("/manager_config/manager_type").asText());
        assertEquals(List.of("agent-0"), strings(supervised.get("agent_ids")));
        assertEquals("agent-1", supervised.at("/manager_config/manager_agent_id").asText());
        assertEquals(List.of("agent-0", "agent-2"), strings(members.get("groups").get(1).get("agent_ids")));
        assertEquals(List.of("group-0", "group-1"), strings(members.get("agents").get(0).get("group_ids")));
        assertEquals(List.of("group-0"), strings(members.get("agents").get(1).get("group_ids")));
        assertEquals(List.of("group-1"), strings(members.get("agents").get(2).get("group_ids")));

        JsonNode managers = AgentFiles.export(manager);
        assertEquals(3, managers.get("agents").size(), "the manager, its member and, through the member's other group, its peer");
        assertEquals("agent-0", managers.get("groups").get(0).at("/manager_config/manager_agent_id").asText());
        assertEquals(List.of("agent-1"), strings(managers.get("groups").get(0).get("agent_ids")));
        assertEquals(List.of("agent-1", "agent-2"), strings(managers.get("groups").get(1).get("agent_ids")));

        List<String> imported = AgentFiles.upload(members, Map.of()).statusCode(200).body("agent_ids", hasSize(3))
                .extract().path("agent_ids");
        List<Map<String, Object>> groups = given().get("/v1/agents/{id}/groups", imported.get(0)).then().statusCode(200).extract().path("$");
        assertEquals(2, groups.size(), "both groups are made again: " + groups);
        Map<String, Object> made = groups.stream().filter(x -> "supervised".equals(x.get("description"))).findFirst().orElseThrow();
        assertEquals("supervisor", made.get("manager_type"));
        assertEquals(imported.get(1), made.get("manager_agent_id"), "the new manager");
        assertEquals(List.of(imported.get(0)), made.get("agent_ids"));
        List<String> tools = given().get("/v1/agents/{id}/tools", imported.get(1)).then().statusCode(200).extract().path("name");
        assertEquals(1, tools.stream().filter("send_message_to_all_agents_in_group"::equals).count(),
                "the new manager has the supervisor's tool once: " + tools);
    }

    private static long count() {
        return given().get("/v1/agents/count").then().statusCode(200).extract().as(Long.class);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
