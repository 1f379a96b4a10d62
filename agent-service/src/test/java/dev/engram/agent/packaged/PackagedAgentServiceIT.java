package dev.engram.agent.packaged;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar (target/quarkus-app, started by Quarkus with the service's production flags) on the real suite
 * (embedded PostgreSQL, the memory-service and embedding-service jars; AgentServiceTest's resource) with the scripted
 * OpenAI server as its LLM, and API keys on: an agent created, listed, its core memory read, and a turn that edits
 * memory and replies. Under -Paot these runs record the JDK AOT cache.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = BootstrapKeyResource.class, restrictToAnnotatedClass = true)
class PackagedAgentServiceIT {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static RequestSpecification withKey() {
        return given().header("Authorization", "Bearer " + BootstrapKeyResource.KEY).contentType(ContentType.JSON);
    }

    @Test
    void it_is_ready_and_the_api_refuses_calls_without_a_key() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/v1/agents/").then().statusCode(401);
        given().header("Authorization", "Bearer engram_NotAKeyAtAll").get("/v1/agents/").then().statusCode(401);
    }

    @Test
    void an_agent_is_created_listed_and_shows_its_core_memory() {
        String id = withKey().body(Agents.quickStart()).post("/v1/agents/").then().statusCode(200)
                .body("model", equalTo(Agents.MODEL)).extract().path("id");
        withKey().get("/v1/agents/").then().statusCode(200).body("id", hasItem(id));
        withKey().get("/v1/agents/{id}/core-memory/blocks", id).then().statusCode(200)
                .body("label", containsInAnyOrder("human", "persona"))
                .body("value", hasItem("Role: founder. Prefers short answers."));
    }

    @Test
    void a_turn_edits_core_memory_through_a_tool_call_and_replies() {
        String id = withKey().body(Agents.quickStart()).post("/v1/agents/").then().statusCode(200).extract().path("id");
        llm.enqueue(
                ScriptedReply.toolCalls(call("call_1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Uses Nuxt.\"}")),
                ScriptedReply.text("Nuxt, nice choice."));
        withKey().body(Map.of("messages", List.of(Map.of("role", "user", "content", "I'm using Nuxt for my new project."))))
                .post("/v1/agents/{id}/messages", id).then().statusCode(200)
                .body("messages.message_type", contains("tool_call_message", "tool_return_message", "assistant_message"))
                .body("messages[1].status", equalTo("success"))
                .body("messages[2].content", equalTo("Nuxt, nice choice."))
                .body("stop_reason.stop_reason", equalTo("end_turn"));
        withKey().get("/v1/agents/{id}/core-memory/blocks/{label}", id, "human").then().statusCode(200)
                .body("value", containsString("Uses Nuxt."));
        assertEquals(2, llm.requests().size(), "the turn's two model calls reached the scripted server");
        String userText = llm.requests().get(0).body().path("messages").get(1).path("content").asText();
        assertTrue(userText.contains("I'm using Nuxt for my new project."), userText);
    }
}
