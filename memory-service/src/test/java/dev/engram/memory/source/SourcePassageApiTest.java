package dev.engram.memory.source;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** A source's passages (a folder's file chunks): stored, searched in the hybrid index, removed per file and as a whole. */
@QuarkusTest
class SourcePassageApiTest {

    static final String MODEL = "local/all-minilm-l6-v2";

    private static Map<String, Object> chunk(String text, String fileId) {
        return Map.of("text", text, "tags", List.of(fileId), "metadata", Map.of("file_id", fileId), "embedding_handle", MODEL);
    }

    @Test
    void chunks_are_searchable_by_file_and_a_files_chunks_are_deleted_alone() {
        String source = "source-" + UUID.randomUUID();
        String a = "file-" + UUID.randomUUID();
        String b = "file-" + UUID.randomUUID();
        given().contentType(ContentType.JSON).body(Map.of("passages", List.of(
                        chunk("The lighthouse keeper logs every passing ship.", a),
                        chunk("Volcanic ash closed the northern airport.", b))))
                .post("/v1/sources/{s}/passages/batch", source).then().statusCode(200).body("", hasSize(2));
        given().queryParam("query", "lighthouse keeper").queryParam("embedding_handle", MODEL)
                .get("/v1/sources/{s}/passages/search", source).then().statusCode(200)
                .body("results[0].tags", contains(a)).body("results[0].content", containsString("lighthouse"));
        given().queryParam("file_id", b).delete("/v1/sources/{s}/passages", source).then().statusCode(200).body("deleted", equalTo(1));
        given().get("/v1/sources/{s}/passages", source).then().statusCode(200).body("metadata.file_id", contains(a));
        given().queryParam("query", "volcanic ash airport").queryParam("mode", "bm25")
                .get("/v1/sources/{s}/passages/search", source).then().statusCode(200).body("results", empty());
        given().delete("/v1/sources/{s}/passages", source).then().statusCode(200);
        given().get("/v1/sources/{s}/passages", source).then().statusCode(200).body("", empty());
    }

    @Test
    void a_chunk_without_its_file_id_is_422() {
        given().contentType(ContentType.JSON).body(Map.of("passages", List.of(Map.of("text", "orphan"))))
                .post("/v1/sources/{s}/passages/batch", "source-" + UUID.randomUUID()).then().statusCode(422)
                .body("detail", containsString("metadata.file_id"));
    }
}
