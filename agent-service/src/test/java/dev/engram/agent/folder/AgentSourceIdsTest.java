package dev.engram.agent.folder;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/**
 * {@code source_ids} and {@code folder_ids} on agent creation and modification attach the folders as the attach route
 * does; an unknown or malformed id makes nothing and changes nothing.
 */
@QuarkusTest
class AgentSourceIdsTest {

    static final String UNKNOWN = "source-123e4567-e89b-42d3-8456-426614174000";

    record Folder(String id, String name, String file) {
    }

    private static Folder folderWithFile(String base, String fileName, String text) {
        String name = Folders.uniqueName(base);
        String id = Folders.create(name);
        return new Folder(id, name, Folders.uploaded(id, fileName, text));
    }

    private static Map<String, Object> agent(String name, String field, List<String> ids) {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("name", name);
        body.put(field, ids);
        return body;
    }

    private static List<String> agentsNamed(String name) {
        return given().queryParam("name", name).get("/v1/agents/").then().statusCode(200).extract().path("id");
    }

    @Test
    void an_agent_created_with_source_ids_has_the_folders_their_files_and_the_file_tools() {
        Folder a = folderWithFile("created-a", "notes.txt", FolderApiTest.NOTES);
        Folder b = folderWithFile("created-b", "orbit.py", FolderApiTest.CODE);
        String agent = given().contentType(ContentType.JSON).body(agent(Folders.uniqueName("reader"), "source_ids", List.of(a.id(), b.id())))
                .post("/v1/agents/").then().statusCode(200)
                .body("sources.id", contains(a.id(), b.id()))
                .body("tools.name", hasItems("open_files", "grep_files", "semantic_search_files"))
                .extract().path("id");
        given().get("/v1/agents/{id}/folders", agent).then().statusCode(200).body("id", contains(a.id(), b.id()));
        given().get("/v1/folders/{f}/agents", a.id()).then().body("", contains(agent));
        given().get("/v1/agents/{id}/files", agent).then().statusCode(200)
                .body("files.file_id", containsInAnyOrder(a.file(), b.file()))
                .body("files.is_open", contains(true, true));
    }

    @Test
    void folder_ids_attach_as_source_ids_do() {
        Folder a = folderWithFile("folder-ids", "guide.md", FolderApiTest.GUIDE);
        given().contentType(ContentType.JSON).body(agent(Folders.uniqueName("guided"), "folder_ids", List.of(a.id())))
                .post("/v1/agents/").then().statusCode(200)
                .body("sources.id", contains(a.id()))
                .body("tools.name", hasItem("open_files"));
    }

    @Test
    void an_unknown_or_malformed_folder_id_creates_no_agent() {
        Folder a = folderWithFile("unknown", "notes.txt", FolderApiTest.NOTES);
        String name = Folders.uniqueName("never");
        given().contentType(ContentType.JSON).body(agent(name, "source_ids", List.of(a.id(), UNKNOWN)))
                .post("/v1/agents/").then().statusCode(404).body("detail", containsString(UNKNOWN));
        given().contentType(ContentType.JSON).body(agent(name, "folder_ids", List.of("not-a-folder")))
                .post("/v1/agents/").then().statusCode(422).body("detail", containsString("folder_ids[0]"));
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), agentsNamed(name));
        given().get("/v1/folders/{f}/agents", a.id()).then().body("", empty());
    }

    @Test
    void modifying_source_ids_replaces_the_agents_folders_and_an_unknown_id_changes_nothing() {
        Folder a = folderWithFile("modify-a", "notes.txt", FolderApiTest.NOTES);
        Folder b = folderWithFile("modify-b", "orbit.py", FolderApiTest.CODE);
        String name = Folders.uniqueName("modified");
        String agent = Agents.create(agent(name, "source_ids", List.of(a.id())));

        given().contentType(ContentType.JSON).body(Map.of("source_ids", List.of(b.id())))
                .patch("/v1/agents/{id}", agent).then().statusCode(200)
                .body("sources.id", contains(b.id()))
                .body("tools.name", hasItem("grep_files"));
        given().get("/v1/agents/{id}/files", agent).then().body("files.file_id", contains(b.file()));
        given().get("/v1/folders/{f}/agents", a.id()).then().body("", empty());

        // an unknown id: 404, and neither the folders nor the other fields of the request change
        given().contentType(ContentType.JSON).body(Map.of("name", name + "-renamed", "folder_ids", List.of(a.id(), UNKNOWN)))
                .patch("/v1/agents/{id}", agent).then().statusCode(404).body("detail", containsString(UNKNOWN));
        given().get("/v1/agents/{id}", agent).then().body("name", equalTo(name)).body("sources.id", contains(b.id()));

        // none left: the files leave the context and the file tools go
        given().contentType(ContentType.JSON).body(Map.of("source_ids", List.of()))
                .patch("/v1/agents/{id}", agent).then().statusCode(200)
                .body("sources", empty())
                .body("tools.name", not(hasItem("open_files")));
        given().get("/v1/agents/{id}/files", agent).then().body("files", empty());
    }
}
