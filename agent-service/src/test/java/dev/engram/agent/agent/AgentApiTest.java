package dev.engram.agent.agent;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class AgentApiTest {

    @Test
    void a_new_agent_gets_lettas_defaults_blocks_tools_and_a_compiled_system_message() {
        String id = Agents.create();
        given().get("/v1/agents/{id}", id).then().statusCode(200)
                .body("id", matchesPattern("agent-[0-9a-f-]{36}"))
                .body("name", matchesPattern("[a-z]+-[a-z]+"))
                .body("agent_type", equalTo("letta_v1_agent"))
                .body("model", equalTo("openai/gpt-4o-mini"))
                .body("llm_config.model", equalTo("gpt-4o-mini"))
                .body("llm_config.model_endpoint_type", equalTo("openai"))
                .body("llm_config.context_window", is(128000))
                .body("embedding_config.embedding_dim", is(384))
                .body("blocks.label", contains("human", "persona"))
                .body("blocks[0].description", startsWith("The human block"))
                .body("tools.name", containsInAnyOrder("conversation_search", "memory_insert", "memory_replace"))
                .body("message_ids", hasSize(1))
                .body("timezone", equalTo("UTC"));
        String system = given().get("/v1/agents/{id}/context", id).then().statusCode(200).extract().path("system_prompt");
        org.junit.jupiter.api.Assertions.assertTrue(system.contains("<human>\n<description>\nThe human block"), system);
        org.junit.jupiter.api.Assertions.assertTrue(system.contains("<value>\nRole: founder. Prefers short answers.\n</value>"), system);
        org.junit.jupiter.api.Assertions.assertTrue(system.contains("- AGENT_ID: " + id), system);
    }

    @Test
    void sdk_v1_clients_get_relationships_only_when_they_ask() {
        String id = Agents.create();
        given().header("X-Stainless-Package-Version", "1.12.1").get("/v1/agents/{id}", id).then()
                .body("blocks", empty()).body("tools", empty()).body("message_ids", hasSize(1));
        given().header("X-Stainless-Package-Version", "1.12.1").queryParam("include", "agent.blocks")
                .get("/v1/agents/{id}", id).then().body("blocks", hasSize(2)).body("tools", empty());
    }

    @Test
    void sdk_v1_clients_get_every_relationship_back_from_create_and_modify() {
        String id = given().header("X-Stainless-Package-Version", "1.12.1").contentType(ContentType.JSON).body(Agents.quickStart())
                .post("/v1/agents/").then().statusCode(200)
                .body("blocks.label", containsInAnyOrder("human", "persona")).body("tools", hasSize(3))
                .extract().path("id");
        given().header("X-Stainless-Package-Version", "1.12.1").contentType(ContentType.JSON).body(Map.of("tags", List.of("x")))
                .patch("/v1/agents/{id}", id).then().statusCode(200)
                .body("tags", contains("x")).body("blocks", hasSize(2));
    }

    @Test
    void without_embedding_an_agent_gets_the_default_handle_and_without_model_a_400() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.remove("embedding");
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(200)
                .body("embedding", equalTo("local/all-minilm-l6-v2-q"))
                .body("embedding_config.embedding_dim", is(384));
        body.remove("model");
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(400)
                .body("detail", equalTo("Must specify either model or llm_config"));
    }

    @Test
    void an_agents_blocks_and_tools_page_with_cursors_newest_first_by_default() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tools", List.of("archival_memory_insert", "archival_memory_search"));
        String id = Agents.create(body);
        List<String> blocks = given().queryParam("order", "asc").get("/v1/agents/{id}/core-memory/blocks", id).then().statusCode(200)
                .body("label", contains("human", "persona")).extract().path("id");
        given().get("/v1/agents/{id}/core-memory/blocks", id).then().body("id", contains(blocks.get(1), blocks.get(0)));
        given().queryParam("limit", 1).get("/v1/agents/{id}/core-memory/blocks", id).then().body("id", contains(blocks.get(1)));
        given().queryParam("after", blocks.get(1)).get("/v1/agents/{id}/core-memory/blocks", id).then().body("id", contains(blocks.get(0)));
        given().queryParam("after", blocks.get(0)).get("/v1/agents/{id}/core-memory/blocks", id).then().body("$", empty());
        given().queryParam("before", blocks.get(0)).get("/v1/agents/{id}/core-memory/blocks", id).then().body("id", contains(blocks.get(1)));

        List<String> tools = given().queryParam("order", "asc").get("/v1/agents/{id}/tools", id).then().statusCode(200)
                .body("$", hasSize(5)).extract().path("id");
        List<String> paged = new java.util.ArrayList<>();
        String after = null;
        for (int page = 0; page < 10; page++) {
            var request = given().queryParam("limit", 2);
            if (after != null) {
                request.queryParam("after", after);
            }
            List<String> ids = request.get("/v1/agents/{id}/tools", id).then().statusCode(200).extract().path("id");
            if (ids.isEmpty()) {
                break;
            }
            paged.addAll(ids);
            after = ids.getLast();
        }
        assertEquals(tools.reversed(), paged, "pages of 2, newest first, each tool once, then an empty page");
        given().queryParam("order", "sideways").get("/v1/agents/{id}/tools", id).then().statusCode(422);
    }

    @Test
    void memgpt_agents_get_their_own_default_tools() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("agent_type", "memgpt_v2_agent");
        String id = Agents.create(body);
        given().get("/v1/agents/{id}/tools", id).then()
                .body("name", containsInAnyOrder("send_message", "conversation_search", "memory_insert", "memory_replace"));
    }

    @Test
    void tools_by_name_extend_the_defaults_and_unknown_names_are_400() {
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tools", List.of("archival_memory_insert", "archival_memory_search"));
        String id = Agents.create(body);
        given().get("/v1/agents/{id}/tools", id).then().body("name", hasItem("archival_memory_search")).body("name", hasSize(5));
    }

    @Test
    void unknown_tool_names_are_one_400_listing_them_in_lettas_words_and_nothing_is_created() {
        long before = given().get("/v1/agents/count").then().extract().as(Long.class);
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tools", List.of("image_search", "memory_insert", "weather_lookup", "image_search"));
        // letta-code looks for this prefix, drops the names listed and creates the agent again without them
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(400)
                .body("detail", equalTo("Tools not found by name: ['image_search', 'weather_lookup']"));
        body.put("tools", List.of("it's"));
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(400)
                .body("detail", equalTo("Tools not found by name: [\"it's\"]"));
        assertEquals(before, given().get("/v1/agents/count").then().extract().as(Long.class));
    }

    @Test
    void an_agents_secrets_are_set_shown_and_replaced_and_bad_ones_refused() {
        String id = Agents.create();
        given().get("/v1/agents/{id}/secrets", id).then().statusCode(200).body("$", empty());
        Map<String, Object> body = new java.util.HashMap<>(Agents.quickStart());
        body.put("secrets", Map.of("WEATHER_KEY", "w-1"));
        String withSecrets = Agents.create(body);
        given().get("/v1/agents/{id}/secrets", withSecrets).then().statusCode(200)
                .body("key", contains("WEATHER_KEY")).body("value", contains("w-1"));
        given().get("/v1/agents/{id}", withSecrets).then().statusCode(200)
                .body("secrets.key", contains("WEATHER_KEY"))
                .body("secrets[0].agent_id", equalTo(withSecrets))
                .body("secrets[0].id", startsWith("agent-env-"))
                .body("tool_exec_environment_variables.value", contains("w-1"));
        given().contentType(ContentType.JSON).body(Map.of("tool_exec_environment_variables", Map.of("OTHER", "o")))
                .patch("/v1/agents/{id}", withSecrets).then().statusCode(200).body("secrets.key", contains("OTHER"));
        given().contentType(ContentType.JSON).body(Map.of("secrets", Map.of("N", 5))).patch("/v1/agents/{id}", withSecrets).then()
                .statusCode(422).body("detail", equalTo("secrets.N: Input should be a valid string"));
        given().get("/v1/agents/{id}/secrets", withSecrets).then().body("key", contains("OTHER"));
        given().get("/v1/agents/{id}/secrets", "agent-" + UUID.randomUUID()).then().statusCode(404).body("detail", equalTo("Agent not found"));
        given().get("/v1/agents/{id}/secrets", Agents.ofAnotherOrganization()).then().statusCode(404);
        given().get("/v1/agents/{id}/secrets", "agent-1").then().statusCode(422).body("detail", startsWith("agent_id: "));
    }

    @Test
    void agent_routes_outside_the_contract_stay_404() {
        String id = Agents.create();
        given().get("/v1/agents/{id}/mcp-servers", id).then().statusCode(404);
        given().get("/v1/agents/{id}/repositories", id).then().statusCode(404);
    }

    @Test
    void list_filters_by_tags_and_pages_newest_first() {
        String tag = "t-" + UUID.randomUUID();
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tags", List.of(tag, "both"));
        String first = Agents.create(body);
        body.put("tags", List.of(tag));
        String second = Agents.create(body);
        given().queryParam("tags", tag).get("/v1/agents/").then().statusCode(200).body("id", contains(second, first));
        given().queryParam("tags", tag).queryParam("tags", "both").queryParam("match_all_tags", true).get("/v1/agents")
                .then().body("id", contains(first));
        given().queryParam("tags", tag).queryParam("limit", 1).queryParam("after", second).get("/v1/agents/").then()
                .body("id", contains(first));
        given().queryParam("tags", tag).get("/v1/agents/count").then().body(equalTo("2"));
    }

    @Test
    void patch_changes_settings_but_not_the_live_system_message() {
        String id = Agents.create();
        String before = given().get("/v1/agents/{id}/context", id).then().extract().path("system_prompt");
        given().contentType(ContentType.JSON).body(Map.of("name", "renamed agent", "description", "d", "system", "New template {CORE_MEMORY}",
                        "tags", List.of("x")))
                .patch("/v1/agents/{id}", id).then().statusCode(200)
                .body("name", equalTo("renamed agent")).body("system", equalTo("New template {CORE_MEMORY}")).body("tags", contains("x"));
        given().get("/v1/agents/{id}/context", id).then().body("system_prompt", equalTo(before));
        String recompiled = given().post("/v1/agents/{id}/recompile", id).then().statusCode(200).extract().as(String.class);
        org.junit.jupiter.api.Assertions.assertTrue(recompiled.startsWith("New template <memory_blocks>"), recompiled);
        // Letta's deprecated name for it answers the same
        String again = given().queryParam("dry_run", true).post("/v1/agents/{id}/system-prompt/recompile", id).then().statusCode(200)
                .extract().as(String.class);
        org.junit.jupiter.api.Assertions.assertTrue(again.startsWith("New template <memory_blocks>"), again);
    }

    @Test
    void preview_raw_payload_answers_the_model_request_the_next_step_would_send_and_runs_nothing() {
        String id = Agents.create();
        var llm = dev.engram.agent.support.Suite.get().llm;
        llm.reset();
        var payload = given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "peek"))))
                .post("/v1/agents/{id}/messages/preview-raw-payload", id).then().statusCode(200).extract().jsonPath();
        assertEquals("gpt-4o-mini", payload.getString("model"));
        assertEquals("system", payload.getString("messages[0].role"));
        assertEquals("peek", payload.getString("messages[-1].content"));
        org.junit.jupiter.api.Assertions.assertTrue(payload.getList("tools").size() > 0);
        org.junit.jupiter.api.Assertions.assertTrue(llm.requests().isEmpty(), "a preview calls no model");
        given().get("/v1/agents/{id}/messages", id).then().body("message_type", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("user_message")));
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of(Map.of("role", "user", "content", "peek"))))
                .post("/v1/agents/{id}/messages/preview-raw-payload", "agent-" + java.util.UUID.randomUUID()).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("messages", List.of()))
                .post("/v1/agents/{id}/messages/preview-raw-payload", id).then().statusCode(422);
    }

    @Test
    void deleting_an_agent_removes_its_memory_but_shared_blocks_stay() {
        String shared = given().contentType(ContentType.JSON).body(Map.of("label", "team", "value", "shared notes"))
                .post("/v1/blocks/").then().statusCode(200).extract().path("id");
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("block_ids", List.of(shared));
        String a = Agents.create(body);
        String b = Agents.create(body);
        String ownBlock = given().get("/v1/agents/{id}/core-memory/blocks/human", a).then().extract().path("id");
        given().delete("/v1/agents/{id}", a).then().statusCode(200).body("message", equalTo("Agent id=" + a + " successfully deleted"));
        given().get("/v1/agents/{id}", a).then().statusCode(404).body("detail", equalTo("Agent not found"));
        given().get("/v1/blocks/{id}", ownBlock).then().statusCode(404);
        given().get("/v1/blocks/{id}", shared).then().statusCode(200);
        given().get("/v1/agents/{id}/core-memory/blocks/team", b).then().statusCode(200);
    }

    @Test
    void block_changes_recompile_every_agent_that_shares_the_block() {
        String shared = given().contentType(ContentType.JSON).body(Map.of("label", "team", "value", "v1"))
                .post("/v1/blocks/").then().extract().path("id");
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("block_ids", List.of(shared));
        String a = Agents.create(body);
        String b = Agents.create(body);
        given().contentType(ContentType.JSON).body(Map.of("value", "v2-updated")).patch("/v1/blocks/{id}", shared).then().statusCode(200);
        for (String agent : List.of(a, b)) {
            given().get("/v1/agents/{id}/context", agent).then().body("system_prompt", containsString("<value>\nv2-updated\n</value>"));
        }
        given().contentType(ContentType.JSON).body(Map.of("value", "v3 via label")).patch("/v1/agents/{id}/core-memory/blocks/team", a)
                .then().statusCode(200).body("value", equalTo("v3 via label"));
        given().get("/v1/agents/{id}/context", b).then().body("system_prompt", containsString("v3 via label"));
    }

    @Test
    void attaching_a_second_block_with_the_same_label_is_409() {
        String id = Agents.create();
        String other = given().contentType(ContentType.JSON).body(Map.of("label", "human", "value", "someone else"))
                .post("/v1/blocks/").then().extract().path("id");
        given().patch("/v1/agents/{id}/core-memory/blocks/attach/{b}", id, other).then().statusCode(409);
        String notes = given().contentType(ContentType.JSON).body(Map.of("label", "notes", "value", "n"))
                .post("/v1/blocks/").then().extract().path("id");
        given().patch("/v1/agents/{id}/core-memory/blocks/attach/{b}", id, notes).then().statusCode(200)
                .body("blocks.label", hasItem("notes"));
        given().get("/v1/agents/{id}/context", id).then().body("system_prompt", containsString("<notes>"));
        given().patch("/v1/agents/{id}/core-memory/blocks/detach/{b}", id, notes).then().statusCode(200)
                .body("blocks.label", not(hasItem("notes")));
    }

    @Test
    void bad_requests_get_clear_errors() {
        given().get("/v1/agents/{id}", "agent-" + UUID.randomUUID()).then().statusCode(404);
        given().get("/v1/agents/{id}", "agent-1").then().statusCode(422).body("detail", containsString("agent_id"));
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("model", "nowhere");
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(400);
        body.put("model", "ollama/llama3.2");
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(400)
                .body("detail", containsString("OLLAMA_BASE_URL"));
        body.put("model", Agents.MODEL);
        body.put("name", "bad/name");
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(422).body("detail", containsString("name"));
        body.remove("name");
        body.put("timezone", "Mars/Olympus");
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(422).body("detail", containsString("timezone"));
        body.remove("timezone");
        body.put("memory_blocks", List.of(Map.of("label", "human")));
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/").then().statusCode(422).body("detail", containsString("value"));
    }

    @Test
    void the_built_in_tools_are_listed_with_their_schemas() {
        given().get("/v1/tools/").then().statusCode(200)
                .body("name", hasItem("memory_insert"))
                .body("find { it.name == 'memory_insert' }.json_schema.parameters.required", contains("label", "new_string"))
                .body("find { it.name == 'archival_memory_search' }.tool_type", equalTo("letta_core"));
        List<String> all = given().get("/v1/tools/").then().extract().path("id");
        given().queryParam("limit", 2).queryParam("after", all.get(1)).get("/v1/tools/").then().body("id", contains(all.get(2), all.get(3)));
        given().queryParam("limit", 2).queryParam("before", all.get(3)).get("/v1/tools/").then().body("id", contains(all.get(1), all.get(2)));
        given().queryParam("after", all.getLast()).get("/v1/tools/").then().body("$", empty());
    }
}
