package dev.engram.agent.provider;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Db;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An organization's own LLM providers (Letta's BYOK): kept with their key, checked against the provider, and used for
 * the organization's handles {@code <name>/<model>}, with its key, at its URL. The organization's "own" server here is
 * a second scripted OpenAI-compatible server that asks for its own key.
 */
@QuarkusTest
class ProviderApiTest {

    private static final String KEY = "sk-byok-0123456789";
    private static ScriptedOpenAiServer own;
    private final ScriptedOpenAiServer deployment = Suite.get().llm;

    @BeforeAll
    static void start() {
        own = new ScriptedOpenAiServer();
    }

    @AfterAll
    static void stop() {
        own.close();
    }

    @BeforeEach
    void reset() {
        own.reset();
        own.requireApiKey(KEY).models(List.of("gpt-4o-mini", "llama-3.1-8b"));
        deployment.reset();
    }

    @Test
    void a_provider_is_kept_with_its_key_masked_listed_changed_and_deleted() {
        String name = name();
        String id = create(name, "vllm", KEY, own.baseUrl() + "/");
        given().get("/v1/providers/{id}", id).then().statusCode(200)
                .body("name", equalTo(name)).body("provider_type", equalTo("vllm")).body("provider_category", equalTo("byok"))
                .body("api_key", equalTo("****6789")).body("base_url", equalTo(own.baseUrl()));
        given().queryParam("name", name).get("/v1/providers").then().statusCode(200).body("id", contains(id));
        given().queryParam("provider_type", "vllm").get("/v1/providers/").then().body("id", hasItem(id));
        given().contentType(ContentType.JSON).body(Map.of("api_key", "sk-new-key-abcd", "region", "eu")).patch("/v1/providers/{id}", id)
                .then().statusCode(200).body("api_key", equalTo("****abcd")).body("region", equalTo("eu")).body("base_url", equalTo(own.baseUrl()));
        given().delete("/v1/providers/{id}", id).then().statusCode(200).body("message", equalTo("Provider id=" + id + " successfully deleted"));
        given().get("/v1/providers/{id}", id).then().statusCode(404);
        given().get("/v1/providers/{id}", "nope").then().statusCode(422).body("detail", containsString("provider_id"));
    }

    @Test
    void bad_providers_are_422_naming_the_field_and_a_taken_name_is_409() {
        Map<String, Object> ok = Map.of("name", name(), "provider_type", "vllm", "api_key", KEY, "base_url", own.baseUrl());
        for (String field : List.of("name", "provider_type", "api_key")) {
            Map<String, Object> body = new HashMap<>(ok);
            body.remove(field);
            given().contentType(ContentType.JSON).body(body).post("/v1/providers").then().statusCode(422).body("detail", containsString(field));
        }
        for (Map.Entry<String, String> bad : List.of(Map.entry("name", "openai"), Map.entry("name", "a/b"),
                Map.entry("provider_type", "bedrock"), Map.entry("base_url", "ftp://x"))) {
            Map<String, Object> body = new HashMap<>(ok);
            body.put(bad.getKey(), bad.getValue());
            given().contentType(ContentType.JSON).body(body).post("/v1/providers").then().statusCode(422)
                    .body("detail", containsString(bad.getKey()));
        }
        Map<String, Object> noUrl = new HashMap<>(ok);
        noUrl.remove("base_url");
        given().contentType(ContentType.JSON).body(noUrl).post("/v1/providers").then().statusCode(422).body("detail", containsString("base_url"));
        given().contentType(ContentType.JSON).body(ok).post("/v1/providers").then().statusCode(200);
        given().contentType(ContentType.JSON).body(ok).post("/v1/providers").then().statusCode(409).body("detail", containsString("already exists"));
        given().contentType(ContentType.JSON).body(Map.of("region", "eu")).patch("/v1/providers/{id}", "provider-" + UUID.randomUUID())
                .then().statusCode(422).body("detail", containsString("api_key"));
    }

    @Test
    void a_key_is_checked_by_listing_the_providers_models_with_it() {
        given().contentType(ContentType.JSON).body(Map.of("provider_type", "vllm", "api_key", KEY, "base_url", own.baseUrl()))
                .post("/v1/providers/check").then().statusCode(200).body("message", equalTo("Valid api key for provider_type=vllm"));
        given().contentType(ContentType.JSON).body(Map.of("provider_type", "vllm", "api_key", "sk-wrong", "base_url", own.baseUrl()))
                .post("/v1/providers/check").then().statusCode(401).body("detail", containsString("Invalid API key"));
        String id = create(name(), "openai", "sk-wrong", own.baseUrl());
        given().post("/v1/providers/{id}/check", id).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("api_key", KEY)).patch("/v1/providers/{id}", id).then().statusCode(200);
        given().post("/v1/providers/{id}/check", id).then().statusCode(200);
        given().patch("/v1/providers/{id}/refresh", id).then().statusCode(200).body("last_synced", not(equalTo(null)));
    }

    @Test
    void an_agent_on_the_organizations_own_provider_runs_with_its_key_at_its_url_and_its_steps_are_byok() {
        String name = name();
        String id = create(name, "openai", KEY, own.baseUrl());
        given().queryParam("provider_category", "byok").get("/v1/models/").then().statusCode(200)
                .body("handle", hasItem(name + "/gpt-4o-mini")).body("handle", hasItem(name + "/llama-3.1-8b"))
                .body("provider_category", everyItem(equalTo("byok")));
        given().queryParam("provider_category", "base").get("/v1/models/").then().body("handle", not(hasItem(name + "/gpt-4o-mini")));

        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("model", name + "/gpt-4o-mini");
        String agent = given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(200)
                .body("llm_config.provider_category", equalTo("byok")).body("llm_config.provider_name", equalTo(name))
                .body("llm_config.model", equalTo("gpt-4o-mini")).body("llm_config.model_endpoint", equalTo(own.baseUrl()))
                .extract().path("id");
        own.enqueue(ScriptedReply.text("Answered by your own key.").withUsage(100, 5));
        Agents.send(agent, "hello").statusCode(200).body("messages[0].content", equalTo("Answered by your own key."));
        assertEquals(1, own.requestCount(), "the organization's server answered");
        assertEquals("Bearer " + KEY, own.lastRequest().header("Authorization"));
        assertEquals("gpt-4o-mini", own.lastRequest().body().path("model").asText());
        assertEquals(0, deployment.requestCount(), "the deployment's provider was not asked");
        String run = given().queryParam("agent_id", agent).get("/v1/runs").then().extract().path("[0].id");
        given().get("/v1/runs/{id}/steps", run).then().body("provider_category", contains("byok")).body("provider_name", contains(name));
        assertTrue(Db.queryLong("SELECT count(*) FROM agent.usage_events WHERE run_id = ? AND byok", run) == 1, "the step is metered as byok");

        // once deleted, its handles are unknown: a clear 400 naming the provider, no model call
        given().delete("/v1/providers/{id}", id).then().statusCode(200);
        Agents.send(agent, "still there?").statusCode(400).body("detail", containsString("Unknown provider '" + name + "'"));
        assertEquals(1, own.requestCount());
    }

    private static String name() {
        return "own-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String name, String type, String key, String baseUrl) {
        return given().contentType(ContentType.JSON).body(Map.of("name", name, "provider_type", type, "api_key", key, "base_url", baseUrl))
                .post("/v1/providers").then().statusCode(200).body("id", startsWith("provider-")).extract().path("id");
    }
}
