package dev.engram.embedding.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ModelsApiTest {

    @Test
    void lists_the_local_models_with_size_window_provider_and_default() {
        given().get("/v1/models").then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", contains("local/all-minilm-l6-v2", "local/all-minilm-l6-v2-q"))
                .body("data.provider", contains("local", "local"))
                .body("data.embedding_dim", contains(384, 384))
                .body("data.max_input_tokens", contains(126, 126))
                .body("data.supports_dimensions", contains(false, false))
                .body("data.is_default", contains(false, true));
    }
}
