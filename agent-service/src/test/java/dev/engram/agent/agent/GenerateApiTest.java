package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/agents/{id}/generate}: one direct LLM call with the agent's model, nothing of the agent loop. */
@QuarkusTest
class GenerateApiTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static ValidatableResponse generate(String agent, Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/agents/{id}/generate", agent).then();
    }

    @Test
    void a_prompt_gets_one_call_with_the_agents_model_and_nothing_is_stored() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("Paris.").withUsage(12, 3));
        generate(agent, Map.of("prompt", "Capital of France?")).statusCode(200)
                .body("content", equalTo("Paris."))
                .body("model", equalTo("gpt-4o-mini"))
                .body("usage.message_type", equalTo("usage_statistics"))
                .body("usage.prompt_tokens", is(12))
                .body("usage.completion_tokens", is(3))
                .body("usage.total_tokens", is(15))
                .body("usage.step_count", is(1))
                .body("usage.run_ids", nullValue());
        assertEquals(1, llm.requests().size());
        JsonNode sent = llm.requests().getFirst().body();
        assertEquals("gpt-4o-mini", sent.path("model").asText());
        assertEquals(2, sent.path("messages").size(), "no memory, no history: " + sent);
        assertEquals("system", sent.path("messages").get(0).path("role").asText());
        assertEquals("You are a helpful assistant.", sent.path("messages").get(0).path("content").asText());
        assertEquals("user", sent.path("messages").get(1).path("role").asText());
        assertEquals("Capital of France?", sent.path("messages").get(1).path("content").asText());
        assertTrue(sent.path("tools").isMissingNode() || sent.path("tools").isEmpty(), "no tools: " + sent);
        given().get("/v1/agents/{id}/messages", agent).then().body("message_type", contains("system_message"));
        given().queryParam("agent_id", agent).get("/v1/runs/").then().body("$", empty());
    }

    @Test
    void the_system_prompt_and_override_model_are_used_when_given() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("Bonjour."));
        generate(agent, Map.of("prompt", "Greet me.", "system_prompt", "Answer in French.", "override_model", "openai/gpt-4o"))
                .statusCode(200).body("content", equalTo("Bonjour.")).body("model", equalTo("gpt-4o"));
        JsonNode sent = llm.requests().getFirst().body();
        assertEquals("gpt-4o", sent.path("model").asText());
        assertEquals("Answer in French.", sent.path("messages").get(0).path("content").asText());
        given().get("/v1/agents/{id}", agent).then().body("model", equalTo(Agents.MODEL));
    }

    @Test
    void a_response_schema_forces_one_structured_output_call_whose_arguments_are_the_content() {
        String agent = Agents.create();
        String arguments = "{\"city\": \"Paris\", \"population\": 2100000}";
        llm.enqueue(ScriptedReply.toolCalls(call("call_1", "structured_output", arguments)).withUsage(40, 9));
        Map<String, Object> properties = new java.util.LinkedHashMap<>();
        properties.put("city", Map.of("type", "string"));
        properties.put("population", Map.of("type", "integer"));
        Map<String, Object> schema = Map.of("type", "object", "properties", properties);
        generate(agent, Map.of("prompt", "Biggest city of France?", "response_schema", schema)).statusCode(200)
                .body("content", equalTo(arguments))
                .body("usage.total_tokens", is(49));
        JsonNode sent = llm.requests().getFirst().body();
        assertEquals(1, sent.path("tools").size(), sent.toString());
        JsonNode function = sent.path("tools").get(0).path("function");
        assertEquals("structured_output", function.path("name").asText());
        assertEquals("Returns a structured response matching the requested schema.", function.path("description").asText());
        assertEquals("object", function.path("parameters").path("type").asText());
        assertEquals("integer", function.path("parameters").path("properties").path("population").path("type").asText());
        assertEquals(List.of("city", "population"), names(function.path("parameters").path("required")),
                "every property, in the schema's order, by default");
        assertEquals("structured_output", sent.path("tool_choice").path("function").path("name").asText(), sent.toString());

        llm.enqueue(ScriptedReply.toolCalls(call("call_2", "structured_output", "{\"city\": \"Lyon\"}")));
        generate(agent, Map.of("prompt", "x", "response_schema", Map.of("properties", schema.get("properties"), "required", List.of("city"))))
                .statusCode(200).body("content", equalTo("{\"city\": \"Lyon\"}"));
        assertEquals(List.of("city"), names(llm.requests().get(1).body().path("tools").get(0).path("function").path("parameters")
                .path("required")));
    }

    @Test
    void a_model_that_does_not_answer_with_the_schema_is_502() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("Paris, I think."));
        generate(agent, Map.of("prompt", "x", "response_schema", Map.of("properties", Map.of("city", Map.of("type", "string")))))
                .statusCode(502).body("detail", equalTo("Failed to process LLM response: the model did not call structured_output"));
    }

    @Test
    void a_provider_error_is_502_naming_it() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.unauthorized());
        generate(agent, Map.of("prompt", "x")).statusCode(502)
                .body("detail", startsWith("LLM provider error: "))
                .body("detail", containsString("Incorrect API key provided"));
    }

    @Test
    void handles_that_cannot_be_served_are_the_400_of_every_other_route() {
        String agent = Agents.create();
        generate(agent, Map.of("prompt", "x", "override_model", "ollama/llama3.2")).statusCode(400)
                .body("detail", containsString("OLLAMA_BASE_URL"));
        generate(agent, Map.of("prompt", "x", "override_model", "nowhere")).statusCode(400)
                .body("detail", containsString("provider/model-name"));
        assertEquals(0, llm.requests().size());
    }

    @Test
    void bad_bodies_are_422_naming_the_field_and_unknown_or_foreign_agents_404() {
        String agent = Agents.create();
        generate(agent, Map.of("system_prompt", "s")).statusCode(422).body("detail", equalTo("body.prompt: Field required"));
        generate(agent, Map.of("prompt", "")).statusCode(422).body("detail", equalTo("body.prompt: String should have at least 1 character"));
        generate(agent, Map.of("prompt", 42)).statusCode(422).body("detail", equalTo("body.prompt: Input should be a valid string"));
        generate(agent, Map.of("prompt", "x", "response_schema", "city")).statusCode(422)
                .body("detail", equalTo("body.response_schema: Input should be a valid dictionary"));
        generate(agent, Map.of("prompt", "x", "response_schema", Map.of("properties", List.of("city")))).statusCode(422)
                .body("detail", equalTo("body.response_schema.properties: Input should be a valid dictionary"));
        given().contentType(ContentType.JSON).post("/v1/agents/{id}/generate", agent).then().statusCode(422)
                .body("detail", equalTo("body: Field required"));
        generate("agent-1", Map.of("prompt", "x")).statusCode(422).body("detail", startsWith("agent_id: "));
        generate("agent-" + UUID.randomUUID(), Map.of("prompt", "x")).statusCode(404).body("detail", equalTo("Agent not found"));
        generate(Agents.ofAnotherOrganization(), Map.of("prompt", "x")).statusCode(404).body("detail", equalTo("Agent not found"));
        assertEquals(0, llm.requests().size());
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
