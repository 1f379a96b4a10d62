package dev.engram.embedding.api;

import static dev.engram.embedding.Api.embed;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.engram.embedding.Api;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EmbeddingsApiTest {

    @Test
    void single_string_gets_one_unit_vector_in_openai_shape() {
        Response response = embed("The cat sat on the mat.").post();
        response.then().statusCode(200)
                .body("object", equalTo("list"))
                .body("model", equalTo(Api.DEFAULT_MODEL))
                .body("data", hasSize(1))
                .body("data[0].object", equalTo("embedding"))
                .body("data[0].index", equalTo(0))
                .body("data[0].embedding", hasSize(384))
                .header(EmbeddingResource.TRUNCATED_HEADER, nullValue());
        List<Float> vector = response.jsonPath().getList("data[0].embedding", Float.class);
        double norm = Math.sqrt(vector.stream().mapToDouble(x -> x * x).sum());
        assertEquals(1.0, norm, 1e-4);
    }

    @Test
    void array_input_gets_vectors_in_input_order() {
        List<float[]> vectors = embed(List.of("alpha particles", "a recipe for bread", "alpha particles")).vectors();
        assertEquals(3, vectors.size());
        assertArrayEquals(vectors.get(0), vectors.get(2));
        embed(List.of("one", "two", "three")).post().then().statusCode(200).body("data.index", contains(0, 1, 2));
    }

    @Test
    void base64_encoding_carries_the_same_floats_as_the_float_encoding() {
        String text = "base64 and float must agree";
        List<Float> floats = embed(text).post().jsonPath().getList("data[0].embedding", Float.class);
        float[] decoded = embed(text).vectors().getFirst();
        assertEquals(384, decoded.length);
        for (int i = 0; i < decoded.length; i++) {
            assertEquals(floats.get(i), decoded[i]);
        }
    }

    @Test
    void usage_counts_tokens_with_the_model_own_tokenizer() {
        String text = "Caroline went to the LGBTQ support group yesterday.";
        int modelCount = new AllMiniLmL6V2QuantizedEmbeddingModel().embed(text).tokenUsage().inputTokenCount();
        embed(List.of(text, "hello world")).post().then().statusCode(200)
                .body("usage.prompt_tokens", equalTo(modelCount + 2))
                .body("usage.total_tokens", equalTo(modelCount + 2));
    }

    @Test
    void the_full_precision_model_is_served_by_its_own_handle() {
        embed("full precision weights").model(Api.FULL_MODEL).post().then().statusCode(200)
                .body("model", equalTo(Api.FULL_MODEL))
                .body("data[0].embedding", hasSize(384));
    }

    @Test
    void an_explicit_dimensions_equal_to_the_model_size_is_accepted() {
        embed("sized").with("dimensions", 384).post().then().statusCode(200).body("data[0].embedding", hasSize(384));
    }

    @Test
    void input_longer_than_the_window_is_cut_at_a_word_boundary_and_flagged() {
        // "unaffable" is three word pieces: 41 of them plus "start" make 124 tokens, the next word would cross 126
        String kept = "start" + " unaffable".repeat(41);
        String tooLong = kept + " unaffable".repeat(20);
        Response response = embed(List.of("short one", tooLong)).base64().post();
        response.then().statusCode(200)
                .header(EmbeddingResource.TRUNCATED_HEADER, equalTo("1"))
                .body("usage.prompt_tokens", equalTo(2 + 124));
        float[] truncated = Api.decode(response.jsonPath().getString("data[1].embedding"));
        assertArrayEquals(embed(kept).vectors().getFirst(), truncated);
        embed(kept).post().then().statusCode(200).header(EmbeddingResource.TRUNCATED_HEADER, nullValue());
    }
}
