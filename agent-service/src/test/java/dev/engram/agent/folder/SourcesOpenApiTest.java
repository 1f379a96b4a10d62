package dev.engram.agent.folder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The served OpenAPI document names the {@code /v1/sources} routes and their path parameters as Letta's contract does. */
@QuarkusTest
class SourcesOpenApiTest {

    // the /v1/sources operations of Letta's contract (../shared/letta/openapi.json), trailing slashes dropped, with the
    // names of their path parameters (compared in any order)
    static final Map<String, List<String>> CONTRACT = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /v1/sources/count", List.of()),
            Map.entry("GET /v1/sources/{source_id}", List.of("source_id")),
            Map.entry("PATCH /v1/sources/{source_id}", List.of("source_id")),
            Map.entry("DELETE /v1/sources/{source_id}", List.of("source_id")),
            Map.entry("GET /v1/sources/name/{source_name}", List.of("source_name")),
            Map.entry("GET /v1/sources/metadata", List.of()),
            Map.entry("GET /v1/sources", List.of()),
            Map.entry("POST /v1/sources", List.of()),
            Map.entry("POST /v1/sources/{source_id}/upload", List.of("source_id")),
            Map.entry("GET /v1/sources/{source_id}/agents", List.of("source_id")),
            Map.entry("GET /v1/sources/{source_id}/passages", List.of("source_id")),
            Map.entry("GET /v1/sources/{source_id}/files", List.of("source_id")),
            Map.entry("GET /v1/sources/{source_id}/files/{file_id}", List.of("source_id", "file_id")),
            Map.entry("DELETE /v1/sources/{source_id}/{file_id}", List.of("source_id", "file_id"))));

    @Test
    void the_sources_routes_and_their_path_parameters_are_the_contracts() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        Map<String, List<String>> served = new TreeMap<>();
        doc.path("paths").fields().forEachRemaining(path -> {
            String p = path.getKey().replaceAll("/+$", "");
            if (!p.startsWith("/v1/sources")) {
                return;
            }
            path.getValue().fields().forEachRemaining(op -> {
                if (!List.of("get", "put", "post", "patch", "delete").contains(op.getKey())) {
                    return;
                }
                List<String> params = new ArrayList<>();
                for (JsonNode param : op.getValue().path("parameters")) {
                    if ("path".equals(param.path("in").asText())) {
                        params.add(param.path("name").asText());
                    }
                }
                served.put(op.getKey().toUpperCase() + " " + p, params.stream().sorted().toList());
            });
        });
        Map<String, List<String>> expected = new TreeMap<>();
        CONTRACT.forEach((op, params) -> expected.put(op, params.stream().sorted().toList()));
        assertEquals(expected, served);
    }
}
