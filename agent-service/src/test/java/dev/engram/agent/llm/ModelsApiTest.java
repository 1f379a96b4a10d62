package dev.engram.agent.llm;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Letta's {@code GET /v1/models/} and {@code GET /v1/models/embedding} (also under the contract's newer
 * {@code /v1/models/embeddings}), as the Letta clients read them.
 */
@QuarkusTest
@QuarkusTestResource(value = ModelsApiResource.class, restrictToAnnotatedClass = true)
class ModelsApiTest {

    @Test
    void llm_models_are_a_bare_array_of_letta_models() {
        List<Map<String, Object>> models = given().get("/v1/models/").then().statusCode(200)
                .body("handle", hasItems("openai/gpt-4o-mini", "openai/gpt-4.1"))
                .body("handle", not(hasItems("openai/text-embedding-3-small")))
                .extract().jsonPath().getList("findAll { it.provider_name == 'openai' }");

        Map<String, Object> mini = models.stream().filter(m -> m.get("handle").equals("openai/gpt-4o-mini")).findFirst().orElseThrow();
        assertEquals("gpt-4o-mini", mini.get("name"));
        assertEquals("gpt-4o-mini", mini.get("display_name"));
        assertEquals("gpt-4o-mini", mini.get("model"));
        assertEquals("openai", mini.get("provider_type"));
        assertEquals("openai", mini.get("provider_name"));
        assertEquals("base", mini.get("provider_category"));
        assertEquals("llm", mini.get("model_type"));
        assertEquals("openai", mini.get("model_endpoint_type"));
        assertEquals(128_000, mini.get("context_window"));
        assertEquals(128_000, mini.get("max_context_window"));
        assertEquals(16_384, mini.get("max_tokens"));
        assertEquals(0.7f, ((Number) mini.get("temperature")).floatValue());
        assertEquals(true, mini.get("put_inner_thoughts_in_kwargs"));
        assertEquals(false, mini.get("parallel_tool_calls"));
        assertEquals(true, mini.containsKey("model_wrapper"));
        assertEquals(true, ((String) mini.get("model_endpoint")).endsWith("/v1"));
    }

    @Test
    void the_list_works_without_the_trailing_slash_and_filters_by_provider() {
        given().get("/v1/models").then().statusCode(200).body("handle", hasItems("openai/gpt-4o-mini"));
        given().queryParam("provider_name", "openai").get("/v1/models/").then().statusCode(200)
                .body("provider_name.unique()", contains("openai"));
        given().queryParam("provider_type", "anthropic").queryParam("provider_name", "openai").get("/v1/models/")
                .then().statusCode(200).body("$", empty());
        given().queryParam("provider_category", "byok").get("/v1/models/").then().statusCode(200).body("$", empty());
        given().queryParam("provider_category", "base").get("/v1/models/").then().statusCode(200)
                .body("handle", hasItems("openai/gpt-4.1"));
    }

    @Test
    void embedding_models_come_from_embedding_service_in_lettas_shape() {
        for (String path : List.of("/v1/models/embedding", "/v1/models/embedding/", "/v1/models/embeddings")) {
            given().get(path).then().statusCode(200)
                    .body("handle", contains("local/all-minilm-l6-v2", "openai/text-embedding-3-small"))
                    .body("[0].name", equalTo("all-minilm-l6-v2"))
                    .body("[0].display_name", equalTo("all-minilm-l6-v2"))
                    .body("[0].provider_name", equalTo("local"))
                    .body("[0].provider_type", equalTo("openai"))
                    .body("[0].model_type", equalTo("embedding"))
                    .body("[0].embedding_model", equalTo("all-minilm-l6-v2"))
                    .body("[0].embedding_endpoint_type", equalTo("openai"))
                    .body("[0].embedding_dim", equalTo(384))
                    .body("[0].embedding_chunk_size", equalTo(300))
                    .body("[0].batch_size", equalTo(32))
                    .body("[0].azure_endpoint", nullValue())
                    .body("[1].provider_type", equalTo("openai"))
                    .body("[1].embedding_endpoint_type", equalTo("openai"))
                    .body("[1].embedding_dim", equalTo(1536));
        }
    }
}
