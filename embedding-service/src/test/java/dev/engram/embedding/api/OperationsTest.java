package dev.engram.embedding.api;

import static dev.engram.embedding.Api.embed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void ready_once_the_default_model_is_loaded_and_live() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("default-embedding-model"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metrics_expose_cache_batches_and_queue_depth() {
        embed("something to count").post().then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("engram_embedding_cache_hits_total"))
                .body(containsString("engram_embedding_cache_misses_total"))
                .body(containsString("engram_embedding_batch_size_count{model=\"local/all-minilm-l6-v2-q\"}"))
                .body(containsString("engram_embedding_queue_depth{model=\"local/all-minilm-l6-v2-q\"}"));
    }

    @Test
    void every_endpoint_has_an_openapi_summary_and_swagger_ui_is_served() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/embeddings'.post.summary", equalTo("Create embeddings (OpenAI-compatible)"))
                .body("paths.'/v1/models'.get.summary", equalTo("List the embedding models this deployment can serve"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
