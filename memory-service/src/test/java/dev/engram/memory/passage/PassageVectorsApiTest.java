package dev.engram.memory.passage;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Passages read out with their vectors and inserted with them again: kept when of the archive's model, else re-embedded. */
@QuarkusTest
class PassageVectorsApiTest {

    private static Map<String, Object> passage(String text, Object embedding, String handle) {
        Map<String, Object> p = new HashMap<>();
        p.put("text", text);
        p.put("tags", List.of("moved"));
        p.put("embedding", embedding);
        p.put("embedding_handle", handle);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> vectors(String agent) {
        return given().get("/v1/agents/{a}/passages/vectors", agent).then().statusCode(200).extract().as(List.class);
    }

    @Test
    void vectors_read_out_go_back_unchanged_and_the_copy_is_found_by_meaning() {
        String source = Passages.agent();
        Passages.insert(source, "Rex is a golden retriever who loves the beach.");
        Passages.insert(source, "Quarterly revenue grew by twelve percent.");
        List<Map<String, Object>> out = vectors(source);
        assertEquals(2, out.size());
        assertEquals(384, ((List<?>) out.get(0).get("embedding")).size());
        assertEquals(384, out.get(0).get("embedding_dim"));

        String copy = Passages.agent();
        List<Map<String, Object>> batch = new ArrayList<>();
        out.forEach(p -> batch.add(passage((String) p.get("text"), p.get("embedding"), (String) p.get("embedding_handle"))));
        given().contentType(ContentType.JSON).body(Map.of("embedding_handle", Passages.MODEL, "passages", batch))
                .post("/v1/agents/{a}/passages/batch/vectors", copy).then().statusCode(200)
                .body("vectors_kept", is(2)).body("reembedded", is(0)).body("note", nullValue());
        List<Map<String, Object>> back = vectors(copy);
        assertEquals(2, back.size());
        for (int i = 0; i < 2; i++) {
            assertEquals(out.get(i).get("embedding"), back.get(i).get("embedding"), "vector " + i);
            assertEquals(out.get(i).get("text"), back.get(i).get("text"));
        }
        Passages.search(copy, "a dog at the seaside", Map.of("mode", "dense", "top_k", 1))
                .body("results[0].content", equalTo("Rex is a golden retriever who loves the beach."));
        // another organization sees none of them
        given().header("X-Engram-Org", "org-" + java.util.UUID.randomUUID()).get("/v1/agents/{a}/passages/vectors", source)
                .then().statusCode(200).body("$", empty());
    }

    @Test
    void a_vector_of_another_model_is_embedded_again_and_one_of_the_wrong_dimension_is_422_naming_it() {
        String agent = Passages.agent();
        given().contentType(ContentType.JSON).body(Map.of("embedding_handle", Passages.MODEL, "passages",
                        List.of(passage("Standup moved to 10am.", List.of(0.1, 0.2, 0.3), "openai/text-embedding-3-small"))))
                .post("/v1/agents/{a}/passages/batch/vectors", agent).then().statusCode(200)
                .body("vectors_kept", is(0)).body("reembedded", is(1)).body("note", containsString("embedded again"))
                .body("passages[0].embedding_dim", is(384));

        String other = Passages.agent();
        List<Double> short3 = List.of(0.1, 0.2, 0.3);
        given().contentType(ContentType.JSON).body(Map.of("embedding_handle", Passages.MODEL, "passages",
                        List.of(passage("Prefers tea.", null, null), passage("Prefers coffee.", short3, Passages.MODEL))))
                .post("/v1/agents/{a}/passages/batch/vectors", other).then().statusCode(422)
                .body("detail", equalTo("passages[1].embedding: 3 dimensions, but " + Passages.MODEL + " vectors have 384"));
        given().get("/v1/agents/{a}/passages", other).then().statusCode(200).body("$", empty());
    }
}
