package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Agent Files in Letta's own repository (src/test/resources/agentfiles, see its README) import: the agent with its
 * blocks, the tools this server has or can create, its messages and window; then it answers through the scripted model.
 */
@QuarkusTest
class LettaAgentFilesTest {

    static final String ANSWER = "Hello from Engram";
    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void script() {
        llm.reset();
        llm.defaultReply(LettaAgentFilesTest::reply);
    }

    @AfterEach
    void restore() {
        llm.defaultReply(request -> ScriptedReply.text("ok"));
    }

    /** send_message when the agent has it, the tool the rules require when a tool is required, else plain text. */
    static ScriptedReply reply(JsonNode request) {
        List<String> tools = new ArrayList<>();
        request.path("tools").forEach(t -> tools.add(t.path("function").path("name").asText()));
        if (tools.contains("send_message")) {
            return ScriptedReply.toolCalls(ScriptedReply.call("call-" + System.nanoTime(), "send_message",
                    "{\"thinking\": \"Answer.\", \"message\": \"" + ANSWER + "\"}"));
        }
        if (!tools.isEmpty() && "required".equals(request.path("tool_choice").asText())) {
            return ScriptedReply.toolCalls(ScriptedReply.call("call-" + System.nanoTime(), tools.getFirst(), "{}"));
        }
        return ScriptedReply.text(ANSWER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"composio_github_star_agent.af", "customer_service.af", "deep-thought.af", "deep_research_agent.af",
            "knowledge-base.af", "long_running_kylie.af", "max_messages.af", "memgpt_agent_with_convo.af",
            "outreach_workflow_agent.af", "test_agent.af", "test_agent_with_files_and_sources.af",
            "test_basic_agent_with_blocks_tools_messages_v2.af"})
    void a_file_written_by_letta_imports_and_the_agent_answers(String file) {
        byte[] bytes = AgentFiles.resource(file);
        ObjectNode source = AgentFiles.read(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        boolean legacy = !source.has("agents");
        JsonNode agent = legacy ? source : source.get("agents").get(0);
        JsonNode blocks = legacy ? source.get("core_memory") : source.get("blocks");
        JsonNode tools = source.get("tools");
        int window = legacy ? source.get("in_context_message_indices").size() : agent.get("in_context_message_ids").size();

        String id = AgentFiles.upload(bytes, Map.of("model", "openai/gpt-4o-mini", "embedding", "local/all-minilm-l6-v2"))
                .statusCode(200).extract().path("agent_ids[0]");

        JsonNode state = AgentFiles.read(given().get("/v1/agents/{id}", id).then().statusCode(200)
                .body("name", equalTo(agent.get("name").asText() + "_copy"))
                .body("agent_type", equalTo(agent.get("agent_type").asText()))
                .extract().asString());
        assertEquals(blocks.size(), state.get("blocks").size(), file + ": blocks");
        List<String> labels = new ArrayList<>();
        state.get("blocks").forEach(b -> labels.add(b.get("label").asText()));
        blocks.forEach(b -> assertTrue(labels.contains(b.get("label").asText()), file + ": block " + b.get("label")));
        List<String> toolNames = new ArrayList<>();
        state.get("tools").forEach(t -> toolNames.add(t.get("name").asText()));
        List<String> builtIns = given().queryParam("limit", 1000).get("/v1/tools/").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.tool_type.startsWith('letta_') }.name");
        for (JsonNode t : tools) {
            String type = t.path("tool_type").asText();
            boolean expected = "custom".equals(type) || type.startsWith("letta_") && builtIns.contains(t.get("name").asText());
            if (expected) {
                assertTrue(toolNames.contains(t.get("name").asText()), file + ": tool " + t.get("name") + " in " + toolNames);
            } else {
                assertTrue(!toolNames.contains(t.get("name").asText()), file + ": " + t.get("name") + " left out");
            }
        }
        assertEquals(window, state.get("message_ids").size(), file + ": the window");
        List<String> custom = new ArrayList<>();
        for (JsonNode t : tools) {
            if ("custom".equals(t.path("tool_type").asText())) {
                custom.add(t.get("name").asText());
            }
        }
        for (String name : custom) {
            given().queryParam("name", name).get("/v1/tools/").then().statusCode(200).body("[0].source_code",
                    org.hamcrest.Matchers.containsString("def " + name));
        }
        int stored = given().queryParam("limit", 1000).get("/v1/agents/{id}/messages", id).then().statusCode(200)
                .extract().jsonPath().getList("$").size();
        assertTrue(stored > 0, file + ": the history is there");

        // a file saved while a tool call waited for approval (letta-code's) imports waiting: the pending calls are denied first
        List<Object> input = new ArrayList<>();
        JsonNode lastInWindow = null;
        if (!legacy) {
            String lastId = agent.get("in_context_message_ids").get(window - 1).asText();
            for (JsonNode m : agent.get("messages")) {
                if (m.get("id").asText().equals(lastId)) {
                    lastInWindow = m;
                }
            }
        }
        if (lastInWindow != null && "approval".equals(lastInWindow.path("role").asText()) && lastInWindow.path("tool_calls").isArray()) {
            List<Map<String, Object>> denials = new ArrayList<>();
            lastInWindow.get("tool_calls").forEach(c -> denials.add(Map.of("type", "approval", "tool_call_id", c.get("id").asText(),
                    "approve", false, "reason", "not now")));
            input.add(Map.of("type", "approval", "approvals", denials));
        }
        input.add(Map.of("role", "user", "content", "Hi, who are you?"));
        String reply = given().contentType(ContentType.JSON)
                .body(Map.of("messages", input, "max_steps", 4))
                .post("/v1/agents/{id}/messages", id).then().statusCode(200).extract().asString();
        JsonNode response = AgentFiles.read(reply);
        JsonNode last = llm.requests().getLast().body();
        assertTrue(llm.requests().getFirst().body().toString().contains("Hi, who are you?"), file + ": the model got the message");
        assertTrue(last.path("model").asText().equals("gpt-4o-mini"), last.path("model").asText());
        boolean answered = false;
        for (JsonNode m : response.path("messages")) {
            answered |= "assistant_message".equals(m.path("message_type").asText()) && ANSWER.equals(m.path("content").asText());
        }
        boolean rulesFirst = agent.path("tool_rules").toString().contains("run_first");
        assertTrue(answered || rulesFirst, file + ": the agent answers: " + reply);
        assertTrue(response.path("stop_reason").has("stop_reason"), reply);
    }

    @Test
    void the_files_and_sources_file_brings_its_folder_with_both_files_indexed_searchable_and_open_as_saved() {
        byte[] bytes = AgentFiles.resource("test_agent_with_files_and_sources.af");
        ObjectNode source = AgentFiles.read(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> contents = new java.util.HashMap<>();
        source.get("files").forEach(f -> contents.put(f.get("original_file_name").asText(), f.get("content").asText()));
        String id = AgentFiles.upload(bytes, Map.of("model", "openai/gpt-4o-mini", "embedding", "local/all-minilm-l6-v2"))
                .statusCode(200).extract().path("agent_ids[0]");

        JsonNode folders = AgentFiles.JSON.valueToTree(given().get("/v1/agents/{id}/folders", id).then().statusCode(200)
                .extract().as(List.class));
        assertEquals(1, folders.size(), folders.toString());
        String folderId = folders.get(0).get("id").asText();
        String folderName = folders.get(0).get("name").asText();
        assertTrue(folderName.startsWith("test_disk_export_source"), folderName);
        JsonNode files = AgentFiles.JSON.valueToTree(given().queryParam("include_content", true).get("/v1/folders/{id}/files", folderId)
                .then().statusCode(200).extract().as(List.class));
        assertEquals(2, files.size(), files.toString());
        for (JsonNode f : files) {
            assertEquals("completed", f.get("processing_status").asText(), f.toString());
            String original = f.get("original_file_name").asText();
            assertEquals(contents.get(original), f.get("content").asText(), original);
            assertEquals(folderName + "/" + original, f.get("file_name").asText());
            assertTrue(f.get("total_chunks").asInt() >= 1 && f.get("total_chunks").asInt() == f.get("chunks_embedded").asInt(), f.toString());
        }
        // in the agent's context, both open as in the file
        given().get("/v1/agents/{id}/files", id).then().statusCode(200)
                .body("files", org.hamcrest.Matchers.hasSize(2))
                .body("files.is_open", org.hamcrest.Matchers.everyItem(equalTo(true)))
                .body("files.file_name", org.hamcrest.Matchers.containsInAnyOrder(folderName + "/test.txt", folderName + "/test.md"));
        // the file tools find them: by pattern and by meaning
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("pattern", "Typographic replacements")))
                .post("/v1/agents/{a}/tools/grep_files/run", id).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("func_return", org.hamcrest.Matchers.containsString("Found 1 total matches across 1 files"))
                .body("func_return", org.hamcrest.Matchers.containsString(folderName + "/test.md"));
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("query", "markdown headings and tables", "limit", 1)))
                .post("/v1/agents/{a}/tools/semantic_search_files/run", id).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("func_return", org.hamcrest.Matchers.containsString("Found 1 semantic matches in 1 file"))
                .body("func_return", org.hamcrest.Matchers.containsString(folderName + "/test.md"));
        // the model is shown the open files
        Map<String, Object> body = Map.of("messages", List.of(Map.of("role", "user", "content", "What files do you have?")), "max_steps", 2);
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/{id}/messages", id).then().statusCode(200);
        String prompt = llm.requests().getFirst().body().path("messages").get(0).path("content").asText();
        assertTrue(prompt.contains(folderName + "/test.md") && prompt.contains("1: test"), prompt);
    }
}
