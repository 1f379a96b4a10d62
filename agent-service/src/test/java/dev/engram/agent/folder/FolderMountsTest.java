package dev.engram.agent.folder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The folder routes are declared once and mounted under {@code /v1/folders} and {@code /v1/sources}: each mount names
 * the folder id as its own path parameter, in a 422 and in the OpenAPI document.
 */
@QuarkusTest
class FolderMountsTest {

    static final String FILE = "file-" + UUID.randomUUID();

    // every route taking the folder id, called with a malformed one
    static final Map<String, Function<String, Response>> ID_ROUTES = Map.of(
            "GET {id}", base -> given().get(base + "/not-an-id"),
            "PATCH {id}", base -> json().patch(base + "/not-an-id"),
            "DELETE {id}", base -> given().delete(base + "/not-an-id"),
            "POST {id}/upload (form)", base -> given().multiPart("file", "a.txt", "x".getBytes(StandardCharsets.UTF_8))
                    .post(base + "/not-an-id/upload"),
            "POST {id}/upload (no form)", base -> json().post(base + "/not-an-id/upload"),
            "GET {id}/agents", base -> given().get(base + "/not-an-id/agents"),
            "GET {id}/passages", base -> given().get(base + "/not-an-id/passages"),
            "GET {id}/files", base -> given().get(base + "/not-an-id/files"),
            "GET {id}/files/{file_id}", base -> given().get(base + "/not-an-id/files/" + FILE),
            "DELETE {id}/{file_id}", base -> given().delete(base + "/not-an-id/" + FILE));

    static RequestSpecification json() {
        return given().contentType(ContentType.JSON).body(Map.of("description", "d"));
    }

    @Test
    void a_malformed_id_is_named_folder_id_under_folders_and_source_id_under_sources() {
        ID_ROUTES.forEach((route, call) -> {
            call.apply("/v1/folders").then().statusCode(422).body("detail", startsWith("folder_id: "));
            call.apply("/v1/sources").then().statusCode(422).body("detail", startsWith("source_id: "));
        });
    }

    @Test
    void the_openapi_document_names_each_mounts_parameters_and_says_source_under_sources() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        List<String> folderParams = new ArrayList<>();
        int sourcesOps = 0;
        for (var path = doc.path("paths").fields(); path.hasNext(); ) {
            var entry = path.next();
            boolean sources = entry.getKey().startsWith("/v1/sources");
            if (!sources && !entry.getKey().startsWith("/v1/folders")) {
                continue;
            }
            for (var op = entry.getValue().fields(); op.hasNext(); ) {
                JsonNode operation = op.next().getValue();
                for (JsonNode param : operation.path("parameters")) {
                    if ("path".equals(param.path("in").asText()) && !sources) {
                        folderParams.add(param.path("name").asText());
                    }
                }
                if (sources) {
                    sourcesOps++;
                    assertEquals("sources", operation.path("tags").path(0).asText(), entry.getKey());
                    assertFalse(operation.path("summary").asText().contains("folder"), entry.getKey() + ": " + operation.path("summary"));
                } else {
                    assertEquals("folders", operation.path("tags").path(0).asText(), entry.getKey());
                }
            }
        }
        assertEquals(14, sourcesOps);
        assertEquals(List.of("file_id", "folder_id", "folder_name"), folderParams.stream().distinct().sorted().toList());
        assertTrue(doc.path("paths").has("/v1/folders/{folder_id}/files/{file_id}"));
    }
}
