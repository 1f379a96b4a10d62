package dev.engram.agent.folder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A folder attached to an agent: the file tools, the open files in its context and the directories section of its prompt. */
@QuarkusTest
class FileToolsTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    record Setup(String agent, String folder, String folderName, String notes, String code) {
    }

    private static Setup attached(Map<String, Object> agentFields) {
        String name = Folders.uniqueName("falcon");
        String folder = given().contentType(ContentType.JSON)
                .body(Map.of("name", name, "description", "Falcon project files", "instructions", "Quote line numbers"))
                .post("/v1/folders/").then().statusCode(200).extract().path("id");
        String notes = Folders.uploaded(folder, "notes.txt", FolderApiTest.NOTES);
        String code = Folders.uploaded(folder, "orbit.py", FolderApiTest.CODE);
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.putAll(agentFields);
        String agent = Agents.create(body);
        given().patch("/v1/agents/{a}/folders/attach/{f}", agent, folder).then().statusCode(200)
                .body("tools.name", hasItems("open_files", "grep_files", "semantic_search_files"));
        return new Setup(agent, folder, name, notes, code);
    }

    private String systemSent(int request) {
        JsonNode messages = llm.requests().get(request).body().path("messages");
        JsonNode content = messages.get(0).path("content");
        return content.isTextual() ? content.asText() : content.toString();
    }

    @Test
    void attaching_a_folder_puts_its_files_in_the_agents_context_and_its_directories_section_in_the_prompt() {
        Setup s = attached(Map.of());
        given().get("/v1/agents/{a}/folders", s.agent()).then().statusCode(200).body("id", contains(s.folder()));
        given().get("/v1/agents/{a}", s.agent()).then().statusCode(200).body("sources.id", contains(s.folder()))
                .body("sources[0].name", equalTo(s.folderName()));
        given().get("/v1/agents/{a}/sources", s.agent()).then().statusCode(200).body("id", contains(s.folder()));
        given().get("/v1/folders/{f}/agents", s.folder()).then().statusCode(200).body("", contains(s.agent()));
        given().get("/v1/agents/{a}/files", s.agent()).then().statusCode(200)
                .body("has_more", equalTo(false))
                .body("files.file_name", containsInAnyOrder(s.folderName() + "/notes.txt", s.folderName() + "/orbit.py"))
                .body("files.is_open", contains(true, true))
                .body("files.folder_name", contains(s.folderName(), s.folderName()))
                .body("files.find { it.file_id == '" + s.notes() + "' }.visible_content",
                        containsString("2: The launch window opens on the third of May."));

        llm.enqueue(ScriptedReply.text("Noted."));
        Agents.send(s.agent(), "What files do you have?").statusCode(200);
        String system = systemSent(0);
        assertTrue(system.contains("\n\n<directories>\n<file_limits>\n- current_files_open=2\n- max_files_open=5\n</file_limits>\n"
                + "<directory name=\"" + s.folderName() + "\">\n<description>Falcon project files</description>\n"
                + "<instructions>Quote line numbers</instructions>\n"
                + "<file status=\"open\" name=\"" + s.folderName() + "/notes.txt\">\n<metadata>\n- read_only=true\n"), system);
        assertTrue(system.contains("<value>\n[Viewing file start (out of 3 lines)]\n1: Project Falcon notes\n"), system);
        assertTrue(system.indexOf("</memory_blocks>") < system.indexOf("<directories>")
                && system.indexOf("</directories>") < system.indexOf("<memory_metadata>"), system);
        String tools = llm.requests().get(0).body().path("tools").toString();
        assertTrue(tools.contains("\"grep_files\"") && tools.contains("\"open_files\"") && tools.contains("\"semantic_search_files\""), tools);
    }

    @Test
    void the_agent_greps_opens_and_searches_its_files_and_gets_lettas_answers() {
        Setup s = attached(Map.of());
        String notes = s.folderName() + "/notes.txt";
        String code = s.folderName() + "/orbit.py";
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_g", "grep_files", "{\"pattern\": \"launch|TODO\"}")),
                ScriptedReply.toolCalls(call("call_o", "open_files",
                        "{\"file_requests\": [{\"file_name\": \"" + code + "\", \"offset\": 1, \"length\": 2}], \"close_all_others\": true}")),
                ScriptedReply.toolCalls(call("call_s", "semantic_search_files", "{\"query\": \"finance team budget Lisbon\", \"limit\": 1}")),
                ScriptedReply.toolCalls(call("call_x", "open_files", "{\"file_requests\": [{\"file_name\": \"nope.txt\"}]}")),
                ScriptedReply.text("Done."));
        Agents.send(s.agent(), "Look through the files.").statusCode(200)
                .body("messages.findAll { it.message_type == 'tool_return_message' }.status",
                        contains("success", "success", "success", "error"))
                .body("messages.findAll { it.message_type == 'tool_return_message' }[0].tool_return", equalTo(String.join("\n",
                        "Found 2 total matches across 2 files (showing matches 1-2 of 2)",
                        "=".repeat(80),
                        "\nFiles with matches:",
                        "  - " + notes + ": 1 matches",
                        "  - " + code + ": 1 matches",
                        "",
                        "\n=== " + notes + ":2 ===\n  1: Project Falcon notes\n> 2: The launch window opens on the third of May.\n"
                                + "  3: Budget owner: the finance team in Lisbon.",
                        "\n=== " + code + ":4 ===\n  3:     return 2 * 3.14159 * radius\n> 4: # TODO: handle eccentric orbits",
                        "",
                        "No more matches to show.")))
                .body("messages.findAll { it.message_type == 'tool_return_message' }[1].tool_return", equalTo(
                        "* Opened " + code + " (lines 2-3) (previously full file)\nNote: Closed 1 file(s) due to close_all_others=True: " + notes))
                .body("messages.findAll { it.message_type == 'tool_return_message' }[2].tool_return", equalTo(String.join("\n",
                        "Found 1 semantic matches in 1 file for query: 'finance team budget Lisbon'",
                        "=".repeat("Found 1 semantic matches in 1 file for query: 'finance team budget Lisbon'".length()),
                        "\n=== " + notes + " (passage #1) ===",
                        "  Project Falcon notes",
                        "  The launch window opens on the third of May.",
                        "  Budget owner: the finance team in Lisbon.")))
                .body("messages.findAll { it.message_type == 'tool_return_message' }[3].tool_return",
                        containsString("nope.txt not attached - did you get the filename correct? Currently you have the following "
                                + "files attached: ['" + notes + "', '" + code + "']"));
        // after open_files the prompt shows the window and the closed file
        String system = systemSent(2);
        assertTrue(system.contains("<file status=\"closed\" name=\"" + notes + "\">"), system);
        assertTrue(system.contains("<value>\n[Viewing lines 2 to 3 (out of 4 lines)]\n2:     \"\"\"Orbital period of a satellite.\"\"\"\n"
                + "3:     return 2 * 3.14159 * radius\n</value>"), system);
        given().queryParam("is_open", true).get("/v1/agents/{a}/files", s.agent()).then()
                .body("files.file_name", contains(code)).body("files[0].start_line", equalTo(2)).body("files[0].end_line", equalTo(3));
    }

    @Test
    void a_client_runs_the_file_tools_directly_and_the_next_prompt_shows_the_window() {
        Setup s = attached(Map.of());
        String code = s.folderName() + "/orbit.py";
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("pattern", "compute_orbit", "include", "*.py", "context_lines", 0)))
                .post("/v1/agents/{a}/tools/grep_files/run", s.agent()).then().statusCode(200)
                .body("status", equalTo("success"))
                .body("func_return", containsString("Found 1 total matches across 1 files (showing matches 1-1 of 1)"))
                .body("func_return", containsString("=== " + code + ":1 ===\n> 1: def compute_orbit(radius: float) -> float:"));
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("pattern", "orbit", "include", "*.md")))
                .post("/v1/agents/{a}/tools/grep_files/run", s.agent()).then().statusCode(200)
                .body("func_return", equalTo("No files match the filename pattern '*.md' (filtered 2 files)"));
        given().contentType(ContentType.JSON).body(Map.of("args", Map.of("file_requests", List.of(Map.of("file_name", code, "offset", 3)))))
                .post("/v1/agents/{a}/tools/open_files/run", s.agent()).then().statusCode(200)
                .body("func_return", equalTo("* Opened " + code + " (lines 4-end) (previously full file)"));
        llm.enqueue(ScriptedReply.text("Seen."));
        Agents.send(s.agent(), "Show me.").statusCode(200);
        assertTrue(systemSent(0).contains("<value>\n[Viewing lines 4 to end (out of 4 lines)]\n4: # TODO: handle eccentric orbits\n</value>"),
                systemSent(0));
    }

    @Test
    void opening_beyond_max_files_open_closes_the_least_recently_used_file() {
        Setup s = attached(Map.of("max_files_open", 1));
        given().queryParam("is_open", true).get("/v1/agents/{a}/files", s.agent()).then().body("files", org.hamcrest.Matchers.hasSize(1));
        String open = given().queryParam("is_open", true).get("/v1/agents/{a}/files", s.agent()).then().extract().path("files[0].file_id");
        String other = open.equals(s.notes()) ? s.code() : s.notes();
        List<String> closed = given().patch("/v1/agents/{a}/files/{f}/open", s.agent(), other).then().statusCode(200).extract().path("");
        assertEquals(1, closed.size());
        given().queryParam("is_open", true).get("/v1/agents/{a}/files", s.agent()).then().body("files.file_id", contains(other));
        given().patch("/v1/agents/{a}/files/{f}/close", s.agent(), other).then().statusCode(200);
        given().queryParam("is_open", true).get("/v1/agents/{a}/files", s.agent()).then().body("files", empty());
        given().patch("/v1/agents/{a}/files/{f}/open", s.agent(), open).then().statusCode(200);
        given().patch("/v1/agents/{a}/files/close-all", s.agent()).then().statusCode(200)
                .body("", contains(s.folderName() + (open.equals(s.notes()) ? "/notes.txt" : "/orbit.py")));
        given().queryParam("is_open", false).get("/v1/agents/{a}/files", s.agent()).then().body("files", org.hamcrest.Matchers.hasSize(2));
    }

    @Test
    void detaching_the_last_folder_takes_the_file_tools_and_the_directories_section_away() {
        Setup s = attached(Map.of());
        given().patch("/v1/agents/{a}/sources/detach/{f}", s.agent(), s.folder()).then().statusCode(200)
                .body("tools.name", not(hasItem("grep_files")));
        given().get("/v1/agents/{a}/folders", s.agent()).then().body("", empty());
        given().get("/v1/agents/{a}/files", s.agent()).then().body("files", empty());
        llm.enqueue(ScriptedReply.text("Nothing here."));
        Agents.send(s.agent(), "Any files?").statusCode(200);
        assertFalse(systemSent(0).contains("<directories>"), systemSent(0));
        given().patch("/v1/agents/{a}/sources/attach/{f}", s.agent(), s.folder()).then().statusCode(200)
                .body("tools.name", hasItem("grep_files"));
    }

    @Test
    void a_file_uploaded_to_an_attached_folder_enters_the_agents_context_and_a_deleted_one_leaves_it() {
        Setup s = attached(Map.of());
        String later = Folders.uploaded(s.folder(), "later.md", "Added later. It talks about harbours.");
        given().get("/v1/agents/{a}/files", s.agent()).then().body("files.file_id", hasItem(later));
        given().delete("/v1/folders/{f}/{id}", s.folder(), later).then().statusCode(204);
        given().get("/v1/agents/{a}/files", s.agent()).then().body("files.file_id", not(hasItem(later)));
        given().delete("/v1/folders/{f}", s.folder()).then().statusCode(200);
        given().get("/v1/agents/{a}/folders", s.agent()).then().body("", empty());
        given().get("/v1/agents/{a}", s.agent()).then().body("tools.name", not(hasItem("open_files")));
    }
}
