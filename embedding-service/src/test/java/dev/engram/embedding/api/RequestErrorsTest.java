package dev.engram.embedding.api;

import static dev.engram.embedding.Api.embed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestErrorsTest {

    @Test
    void empty_string_is_rejected_naming_its_index() {
        embed(List.of("fine", "also fine", "", "fine again")).post().then().statusCode(422)
                .body("detail", equalTo("input[2]: must not be empty"));
    }

    @Test
    void empty_single_string_is_rejected() {
        embed("").post().then().statusCode(422).body("detail", equalTo("input: must not be empty"));
    }

    @Test
    void blank_string_is_rejected_naming_its_index() {
        embed(List.of("fine", "  \n\t")).post().then().statusCode(422)
                .body("detail", equalTo("input[1]: must not be blank"));
    }

    @Test
    void non_string_item_is_rejected_naming_its_index() {
        embed(Arrays.asList("fine", 42)).post().then().statusCode(422)
                .body("detail", equalTo("input[1]: must be a string, not number"));
        embed(List.of("fine", "fine", List.of(1, 2))).post().then().statusCode(422)
                .body("detail", startsWith("input[2]: must be a string, not array"));
        embed(Arrays.asList("fine", null)).post().then().statusCode(422)
                .body("detail", startsWith("input[1]: must be a string, not null"));
    }

    @Test
    void missing_or_malformed_input_is_rejected() {
        given().contentType(ContentType.JSON).body(Map.of("model", "local/all-minilm-l6-v2-q"))
                .post("/v1/embeddings").then().statusCode(422).body("detail", equalTo("input: is required"));
        embed(List.of()).post().then().statusCode(422).body("detail", equalTo("input: must not be an empty array"));
        embed(Map.of("text", "x")).post().then().statusCode(422)
                .body("detail", equalTo("input: must be a string or an array of strings"));
    }

    @Test
    void more_than_2048_inputs_are_refused_with_413() {
        embed(Collections.nCopies(2049, "x")).post().then().statusCode(413)
                .body("detail", equalTo("input: 2049 items; at most 2048 per request"));
    }

    @Test
    void body_over_the_size_limit_is_refused_with_413() {
        // the test profile limits bodies to 1 MiB
        embed("word ".repeat(300_000)).post().then().statusCode(413)
                .body("detail", startsWith("body: ")).body("detail", containsString("at most 1048576"));
    }

    @Test
    void unknown_encoding_format_is_rejected() {
        embed("x").with("encoding_format", "int8").post().then().statusCode(422)
                .body("detail", equalTo("encoding_format: must be 'float' or 'base64', not 'int8'"));
    }

    @Test
    void invalid_dimensions_are_rejected_naming_the_field() {
        embed("x").with("dimensions", "ten").post().then().statusCode(422)
                .body("detail", equalTo("dimensions: must be an integer"));
        embed("x").with("dimensions", 0).post().then().statusCode(422)
                .body("detail", startsWith("dimensions: must be greater than"));
        embed("x").with("dimensions", 128).post().then().statusCode(422)
                .body("detail", equalTo("dimensions: local/all-minilm-l6-v2-q does not support choosing dimensions;"
                        + " it always returns 384"));
    }

    @Test
    void body_that_is_not_json_is_a_400() {
        given().contentType(ContentType.JSON).body("{\"input\": ").post("/v1/embeddings").then().statusCode(400)
                .body("detail", startsWith("body: malformed JSON"));
    }

    @Test
    void model_that_is_not_a_handle_is_a_400() {
        embed("x").model("text-embedding-3-small").post().then().statusCode(400)
                .body("detail", startsWith("model: 'text-embedding-3-small' is not a handle"));
    }

    @Test
    void unknown_provider_and_unknown_local_model_are_400s() {
        embed("x").model("acme/embedder").post().then().statusCode(400)
                .body("detail", startsWith("model: unknown provider 'acme'"));
        embed("x").model("local/bert-huge").post().then().statusCode(400)
                .body("detail", startsWith("model: unknown local model 'bert-huge'"));
    }

    @Test
    void unconfigured_provider_is_a_400_naming_the_variable_to_set() {
        embed("x").model("openai/text-embedding-3-small").post().then().statusCode(400)
                .body("detail", containsString("provider 'openai' is not configured; set OPENAI_API_KEY"));
        embed("x").model("ollama/nomic-embed-text").post().then().statusCode(400)
                .body("detail", containsString("provider 'ollama' is not configured; set OLLAMA_BASE_URL"));
    }

    @Test
    void unknown_path_and_wrong_method_keep_the_error_shape() {
        given().get("/v1/nothing").then().statusCode(404).body("detail", startsWith("HTTP 404"));
        given().get("/v1/embeddings").then().statusCode(405).body("detail", startsWith("HTTP 405"));
    }
}
