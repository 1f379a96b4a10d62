package dev.engram.agent.folder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folders and their files through the public API: CRUD, uploads of each type, chunks, errors, the sources alias. */
@QuarkusTest
class FolderApiTest {

    static final String NOTES = """
            Project Falcon notes
            The launch window opens on the third of May.
            Budget owner: the finance team in Lisbon.
            """;
    static final String GUIDE = """
            # Deployment guide

            Run the installer first. Then configure the harbour proxy. Finally restart the gateway.
            """;
    static final String CODE = """
            def compute_orbit(radius: float) -> float:
                \"\"\"Orbital period of a satellite.\"\"\"
                return 2 * 3.14159 * radius

            # TODO: handle eccentric orbits
            """;

    @Test
    void a_folder_is_created_found_listed_counted_renamed_and_deleted() {
        String name = Folders.uniqueName("falcon");
        long before = given().get("/v1/folders/count").then().statusCode(200).extract().as(Long.class);
        String id = given().contentType(ContentType.JSON).body(Map.of("name", name, "description", "Falcon docs",
                        "instructions", "Cite the file", "metadata", Map.of("team", "ops")))
                .post("/v1/folders/").then().statusCode(200)
                .body("id", startsWith("source-"))
                .body("name", equalTo(name))
                .body("description", equalTo("Falcon docs"))
                .body("instructions", equalTo("Cite the file"))
                .body("metadata.team", equalTo("ops"))
                .body("embedding_config.handle", notNullValue())
                .extract().path("id");
        assertEquals(before + 1, given().get("/v1/folders/count").then().statusCode(200).extract().as(Long.class));
        given().get("/v1/folders/{id}", id).then().statusCode(200).body("name", equalTo(name));
        given().queryParam("name", name).get("/v1/folders/").then().statusCode(200).body("id", contains(id));
        given().get("/v1/folders/name/{name}", name).then().statusCode(200).body(equalTo("\"" + id + "\""));
        given().contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/folders/").then().statusCode(409)
                .body("detail", containsString(name));

        String renamed = name + "-v2";
        given().contentType(ContentType.JSON).body(Map.of("name", renamed, "description", "v2")).patch("/v1/folders/{id}", id)
                .then().statusCode(200).body("name", equalTo(renamed)).body("description", equalTo("v2"));
        given().get("/v1/folders/name/{name}", name).then().statusCode(404);

        given().delete("/v1/folders/{id}", id).then().statusCode(200);
        given().get("/v1/folders/{id}", id).then().statusCode(404);
        given().get("/v1/folders/source-123e4567-e89b-42d3-8456-426614174000").then().statusCode(404);
        given().get("/v1/folders/not-an-id").then().statusCode(422).body("detail", containsString("folder_id"));
        given().contentType(ContentType.JSON).body(Map.of("description", "no name")).post("/v1/folders/").then().statusCode(422)
                .body("detail", containsString("name"));
    }

    @Test
    void text_markdown_and_code_uploads_are_parsed_chunked_and_stored_as_passages_of_the_folder() {
        String name = Folders.uniqueName("docs");
        String folder = Folders.create(name);
        String txt = Folders.ingested(folder, "notes.txt", NOTES)
                .body("id", startsWith("file-"))
                .body("source_id", equalTo(folder))
                .body("file_name", equalTo(name + "/notes.txt"))
                .body("original_file_name", equalTo("notes.txt"))
                .body("file_type", equalTo("text/plain"))
                .body("file_size", equalTo(NOTES.getBytes(StandardCharsets.UTF_8).length))
                .body("processing_status", equalTo("completed"))
                .body("total_chunks", equalTo(1))
                .body("chunks_embedded", equalTo(1))
                .body("error_message", nullValue())
                .extract().path("id");
        Folders.ingested(folder, "guide.md", GUIDE)
                .body("file_type", equalTo("text/markdown")).body("processing_status", equalTo("completed"));
        Folders.ingested(folder, "orbit.py", CODE)
                .body("file_type", equalTo("text/x-python")).body("processing_status", equalTo("completed"));

        given().get("/v1/folders/{id}/files", folder).then().statusCode(200)
                .body("original_file_name", contains("orbit.py", "guide.md", "notes.txt"))
                .body("content", everyItem(nullValue()));
        given().queryParam("include_content", true).get("/v1/folders/{f}/files/{id}", folder, txt).then().statusCode(200)
                .body("content", equalTo(NOTES));
        given().get("/v1/folders/{id}/passages", folder).then().statusCode(200)
                .body("", hasSize(3))
                .body("source_id", everyItem(equalTo(folder)))
                .body("file_name", hasItem(name + "/notes.txt"))
                .body("find { it.file_id == '" + txt + "' }.text", containsString("launch window"));
        given().get("/v1/folders/metadata").then().statusCode(200).body("total_files", greaterThan(2));
        given().queryParam("include_detailed_per_source_metadata", true).get("/v1/folders/metadata").then().statusCode(200)
                .body("sources.find { it.source_id == '" + folder + "' }.file_count", equalTo(3));
    }

    @Test
    void a_long_file_is_split_into_several_chunks() {
        String folder = Folders.create(Folders.uniqueName("long"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("Line ").append(i).append(" of the long report about harbour logistics and cranes.\n");
        }
        int chunks = Folders.ingested(folder, "report.txt", text.toString())
                .body("processing_status", equalTo("completed")).extract().path("total_chunks");
        assertTrue(chunks > 1, "chunks: " + chunks);
        given().get("/v1/folders/{id}/passages", folder).then().statusCode(200).body("", hasSize(chunks));
    }

    @Test
    void a_pdf_upload_is_parsed_into_its_text() {
        String name = Folders.uniqueName("pdfs");
        String folder = Folders.create(name);
        byte[] pdf = Folders.pdf(List.of("Quarterly review of the Falcon project\nRevenue grew in the northern region", "Second page: risks"));
        String file = Folders.ingested(folder, "review.pdf", pdf)
                .body("file_type", equalTo("application/pdf"))
                .body("processing_status", equalTo("completed"))
                .extract().path("id");
        String content = given().queryParam("include_content", true).get("/v1/folders/{f}/files/{id}", folder, file).then()
                .statusCode(200).extract().path("content");
        assertTrue(content.contains("Revenue grew in the northern region") && content.contains("Second page: risks"), content);
        given().get("/v1/folders/{id}/passages", folder).then().body("text[0]", containsString("Quarterly review"));
    }

    @Test
    void an_unsupported_type_is_400_and_stores_nothing() {
        String folder = Folders.create(Folders.uniqueName("bad"));
        Folders.upload(folder, "tool.exe", new byte[] {0x4d, 0x5a, 0}).statusCode(400)
                .body("detail", containsString("Unsupported file type: .exe"));
        Folders.upload(folder, "README", "no extension").statusCode(400).body("detail", containsString("Unsupported file type"));
        given().get("/v1/folders/{id}/files", folder).then().statusCode(200).body("", empty());
    }

    @Test
    void an_oversized_upload_is_413_and_stores_nothing() {
        String folder = Folders.create(Folders.uniqueName("big"));
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        Folders.upload(folder, "big.txt", big).statusCode(413).body("detail", containsString("too large"));
        given().get("/v1/folders/{id}/files", folder).then().statusCode(200).body("", empty());
    }

    @Test
    void a_broken_pdf_or_binary_text_ends_in_status_error_with_no_chunks() {
        String folder = Folders.create(Folders.uniqueName("broken"));
        String pdf = Folders.ingested(folder, "broken.pdf", "%PDF-1.7 this is not really a pdf".getBytes(StandardCharsets.US_ASCII))
                .body("processing_status", equalTo("error"))
                .body("error_message", containsString("PDF"))
                .body("chunks_embedded", equalTo(0))
                .extract().path("id");
        Folders.ingested(folder, "binary.txt", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28})
                .body("processing_status", equalTo("error"))
                .body("error_message", containsString("UTF-8"));
        given().get("/v1/folders/{f}/files/{id}", folder, pdf).then().statusCode(200).body("processing_status", equalTo("error"));
        given().get("/v1/folders/{id}/passages", folder).then().statusCode(200).body("", empty());
    }

    @Test
    void a_second_file_of_the_same_name_gets_a_suffix_or_409_or_is_skipped_or_replaced() {
        String name = Folders.uniqueName("dups");
        String folder = Folders.create(name);
        String first = Folders.uploaded(folder, "a.txt", "first version");
        Folders.upload(folder, "a.txt", "second version").statusCode(200).body("file_name", equalTo(name + "/a_(1).txt"));
        given().multiPart("file", "a.txt", "third".getBytes(StandardCharsets.UTF_8)).queryParam("duplicate_handling", "error")
                .post("/v1/folders/{id}/upload", folder).then().statusCode(409).body("detail", containsString("a.txt"));
        given().multiPart("file", "a.txt", "fourth".getBytes(StandardCharsets.UTF_8)).queryParam("duplicate_handling", "skip")
                .post("/v1/folders/{id}/upload", folder).then().statusCode(200).body("id", equalTo(first));
        given().get("/v1/folders/{id}/files", folder).then().body("", hasSize(2));
    }

    @Test
    void deleting_a_file_removes_it_and_its_chunks() {
        String folder = Folders.create(Folders.uniqueName("del"));
        String keep = Folders.uploaded(folder, "keep.txt", "kept text about lighthouses");
        String gone = Folders.uploaded(folder, "gone.txt", "removed text about volcanoes");
        given().delete("/v1/folders/{f}/{id}", folder, gone).then().statusCode(204);
        given().get("/v1/folders/{f}/files/{id}", folder, gone).then().statusCode(404);
        given().get("/v1/folders/{id}/passages", folder).then().statusCode(200)
                .body("file_id", contains(keep))
                .body("text", not(hasItem(containsString("volcanoes"))));
    }

    @Test
    void the_sources_routes_serve_the_same_folders() {
        String name = Folders.uniqueName("legacy");
        String id = given().contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/sources/").then().statusCode(200)
                .body("id", startsWith("source-")).body("vector_db_provider", equalTo("native")).extract().path("id");
        given().get("/v1/folders/{id}", id).then().statusCode(200).body("name", equalTo(name));
        given().get("/v1/sources/name/{name}", name).then().statusCode(200).body(equalTo("\"" + id + "\""));
        String file = given().multiPart("file", "legacy.md", "Legacy upload.".getBytes(StandardCharsets.UTF_8))
                .post("/v1/sources/{id}/upload", id).then().statusCode(200).body("source_id", equalTo(id))
                .extract().path("id");
        Folders.settled(id, file).body("processing_status", equalTo("completed"));
        given().get("/v1/folders/{id}/files", id).then().body("id", contains(file));
        given().get("/v1/sources/{id}/files/{file}", id, file).then().statusCode(200).body("original_file_name", equalTo("legacy.md"));
        given().get("/v1/sources/{id}/passages", id).then().statusCode(200).body("", hasSize(1));
        assertEquals(given().get("/v1/folders/count").then().extract().as(Long.class),
                given().get("/v1/sources/count").then().statusCode(200).extract().as(Long.class));
        given().delete("/v1/sources/{id}/{file}", id, file).then().statusCode(204);
        given().delete("/v1/sources/{id}", id).then().statusCode(200);
        given().get("/v1/folders/{id}", id).then().statusCode(404);
    }
}
