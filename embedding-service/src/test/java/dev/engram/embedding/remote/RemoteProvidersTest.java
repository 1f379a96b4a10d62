package dev.engram.embedding.remote;

import static dev.engram.embedding.Api.embed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.embedding.Api;
import dev.engram.embedding.api.EmbeddingResource;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Remote providers through LangChain4j against a scripted OpenAI/Ollama-compatible server with injected faults. */
@QuarkusTest
@TestProfile(ScriptedProviders.class)
class RemoteProvidersTest {

    @ConfigProperty(name = "engram.embedding.ollama.base-url")
    String scripted;

    private int calls(String model) {
        return Integer.parseInt(given().get(scripted + "/_calls/" + model).asString());
    }

    @Test
    void openai_handle_is_routed_to_the_configured_server_and_normalised() {
        String text = "Caroline's unbelievably long support-group anecdote";
        int tokens = new OpenAiTokenCountEstimator("text-embedding-3-small").estimateTokenCountInText(text);
        var response = embed(List.of(text)).model("openai/text-embedding-3-small").base64().post();
        response.then().statusCode(200)
                .body("model", equalTo("openai/text-embedding-3-small"))
                .body("usage.prompt_tokens", equalTo(tokens))
                .header(EmbeddingResource.TRUNCATED_HEADER, nullValue());
        float[] v = Api.decode(response.jsonPath().getString("data[0].embedding"));
        assertEquals(8, v.length);
        assertEquals(1.0, Api.norm(v), 1e-5);
    }

    @Test
    void dimensions_are_passed_to_the_provider() {
        float[] v = embed("shorter please").model("openai/text-embedding-3-small").with("dimensions", 256)
                .vectors().getFirst();
        assertEquals(256, v.length);
    }

    @Test
    void a_model_that_cannot_shorten_its_vectors_refuses_dimensions() {
        embed("x").model("openai/text-embedding-ada-002").with("dimensions", 256).post().then().statusCode(422)
                .body("detail", containsString("does not support choosing dimensions"));
    }

    @Test
    void openai_input_over_8191_tokens_is_cut_and_flagged() {
        embed(List.of("fits", "word ".repeat(9000))).model("openai/text-embedding-3-large").post().then()
                .statusCode(200)
                .header(EmbeddingResource.TRUNCATED_HEADER, equalTo("1"))
                .body("usage.prompt_tokens", equalTo(1 + 8191));
    }

    @Test
    void any_model_name_reaches_an_openai_compatible_server_with_its_usage() {
        embed(List.of("one two three", "four")).model("openai/BAAI/bge-small").post().then().statusCode(200)
                .body("model", equalTo("openai/BAAI/bge-small"))
                .body("data", hasSize(2))
                .body("usage.prompt_tokens", equalTo(4));
    }

    @Test
    void ollama_handle_is_routed_to_the_ollama_api() {
        float[] v = embed("from ollama").model("ollama/nomic-embed-text").vectors().getFirst();
        assertEquals(8, v.length);
        assertEquals(1.0, Api.norm(v), 1e-5);
        assertTrue(calls("nomic-embed-text") >= 1);
    }

    @Test
    void configured_providers_are_listed() {
        given().get("/v1/models").then().statusCode(200)
                .body("data.id", hasItems("local/all-minilm-l6-v2-q", "openai/text-embedding-3-small",
                        "openai/text-embedding-3-large", "ollama/nomic-embed-text"))
                .body("data.find { it.id == 'openai/text-embedding-3-small' }.embedding_dim", equalTo(1536))
                .body("data.find { it.id == 'openai/text-embedding-3-small' }.max_input_tokens", equalTo(8191))
                .body("data.find { it.id == 'openai/text-embedding-3-small' }.supports_dimensions", equalTo(true))
                .body("data.find { it.id == 'ollama/nomic-embed-text' }.embedding_dim", equalTo(768));
    }

    @Test
    void remote_vectors_are_cached() {
        embed("cache me remotely").model("openai/cached-embed").post().then().statusCode(200);
        embed("cache me remotely").model("openai/cached-embed").post().then().statusCode(200);
        assertEquals(1, calls("cached-embed"));
    }

    @Test
    void provider_5xx_is_retried_then_answered_with_502_and_its_reason() {
        embed("x").model("openai/fail-500").post().then().statusCode(502)
                .body("detail", equalTo("openai/fail-500 failed after 3 attempts: HTTP 500: scripted outage"));
        assertEquals(3, calls("fail-500"));
    }

    @Test
    void a_transient_failure_is_absorbed_by_the_retries() {
        embed("x").model("openai/flaky-2").post().then().statusCode(200);
        assertEquals(3, calls("flaky-2"));
    }

    @Test
    void provider_4xx_is_not_retried_and_answered_with_502() {
        embed("x").model("openai/rejects").post().then().statusCode(502)
                .body("detail", equalTo("openai/rejects failed after 1 attempt: HTTP 400: scripted: invalid input"));
        assertEquals(1, calls("rejects"));
        embed("x").model("openai/unauthorized").post().then().statusCode(502)
                .body("detail", containsString("HTTP 401: Incorrect API key provided"));
    }

    @Test
    void slow_provider_times_out_with_504() {
        embed("x").model("openai/slow").post().then().statusCode(504)
                .body("detail", equalTo("openai/slow failed after 3 attempts: timed out"));
    }

    @Test
    void repeated_failures_open_the_circuit_and_later_calls_get_503_at_once() {
        embed("x").model("openai/down").post().then().statusCode(502); // 3 failed attempts
        embed("x").model("openai/down").post().then().statusCode(502); // the 4th failure opens the circuit
        assertEquals(4, calls("down"));
        embed("x").model("openai/down").post().then().statusCode(503)
                .header("Retry-After", equalTo("60"))
                .body("detail", containsString("circuit is open"));
        assertEquals(4, calls("down"));
    }
}
