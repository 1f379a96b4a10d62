package dev.engram.agent.tool;

import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Db;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Custom tools from Python source: created, listed, updated, deleted, attached, and called by the agent in the sandbox. */
@QuarkusTest
class CustomToolsTest {

    static final String WEATHER = """
            import os
            from typing import Optional

            def get_weather(city: str, units: str = "metric", days: Optional[int] = None) -> str:
                \"\"\"Get the weather forecast.

                Args:
                    city (str): City name.
                    units (str): "metric" or "imperial".
                    days (Optional[int]): Number of days.
                \"\"\"
                print(f"looking up {city}")
                return f"Sunny in {city} ({units}), key={os.environ.get('WEATHER_KEY', 'none')}"
            """;

    private final ScriptedOpenAiServer llm = Suite.get().llm;

    @BeforeEach
    void reset() {
        llm.reset();
    }

    static ValidatableResponse create(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/tools/").then();
    }

    static String unique(String source, String name) {
        return source.replace("get_weather", name);
    }

    @Test
    void a_tool_from_source_gets_lettas_schema_and_is_an_upsert_by_name() {
        String name = "get_weather_" + Long.toHexString(System.nanoTime());
        String id = create(Map.of("source_code", unique(WEATHER, name), "tags", List.of("weather"))).statusCode(200)
                .body("id", startsWith("tool-"))
                .body("name", equalTo(name))
                .body("tool_type", equalTo("custom"))
                .body("source_type", equalTo("python"))
                .body("description", equalTo("Get the weather forecast."))
                .body("json_schema.name", equalTo(name))
                .body("json_schema.parameters.properties.city.type", equalTo("string"))
                .body("json_schema.parameters.properties.days.type", equalTo("integer"))
                .body("json_schema.parameters.required", contains("city"))
                .body("return_char_limit", equalTo(50000))
                .body("tags", contains("weather"))
                .extract().path("id");
        // the same name again updates the same row
        create(Map.of("source_code", unique(WEATHER, name), "description", "Weather.", "return_char_limit", 100)).statusCode(200)
                .body("id", equalTo(id)).body("description", equalTo("Weather.")).body("return_char_limit", equalTo(100));
        given().contentType(ContentType.JSON).body(Map.of("source_code", unique(WEATHER, name))).put("/v1/tools/").then().statusCode(200)
                .body("id", equalTo(id));
        given().queryParam("name", name).get("/v1/tools/").then().statusCode(200).body("id", contains(id));
        given().queryParam("tool_types", "custom").get("/v1/tools/").then().statusCode(200).body("name", hasItem(name))
                .body("tool_type", not(hasItem("letta_core")));
        given().get("/v1/tools/{id}", id).then().statusCode(200).body("source_code", containsString("def " + name));
    }

    @Test
    void patch_changes_fields_and_a_new_source_regenerates_the_schema() {
        String name = "shout_" + Long.toHexString(System.nanoTime());
        String source = "def " + name + "(text: str) -> str:\n    \"\"\"Shout.\n\n    Args:\n        text (str): What to shout.\n    \"\"\"\n"
                + "    return text.upper()\n";
        String id = create(Map.of("source_code", source)).statusCode(200).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("tags", List.of("fun"), "metadata_", Map.of("sandbox", Map.of("network", false))))
                .patch("/v1/tools/{id}", id).then().statusCode(200).body("tags", contains("fun")).body("metadata_.sandbox.network", equalTo(false))
                .body("json_schema.parameters.properties.text.type", equalTo("string"));
        String changed = source.replace("text: str", "text: str, times: int = 1").replace("What to shout.", "What to shout.\n        times (int): How often.")
                .replace("return text.upper()", "return text.upper() * times");
        given().contentType(ContentType.JSON).body(Map.of("source_code", changed)).patch("/v1/tools/{id}", id).then().statusCode(200)
                .body("json_schema.parameters.properties.times.type", equalTo("integer"))
                .body("source_code", containsString("times: int"));
        given().contentType(ContentType.JSON).body(Map.of("tags", List.of())).patch("/v1/tools/{id}", "tool-" + UUID.randomUUID()).then()
                .statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("source_code", "def send_message(x: str) -> str:\n    \"\"\"x\n\n    Args:\n        x (str): x\n    \"\"\"\n    return x\n"))
                .patch("/v1/tools/{id}", builtIn("send_message")).then().statusCode(400).body("detail", containsString("built in"));
    }

    @Test
    void bad_sources_and_fields_are_clear_errors_and_store_nothing() {
        long before = given().get("/v1/tools/count").then().extract().as(Long.class);
        create(Map.of("tags", List.of())).statusCode(422).body("detail", equalTo("body.source_code: Field required"));
        create(Map.of("source_code", "def f(x):\n    \"\"\"Doc.\n\n    Args:\n        x: thing\n    \"\"\"\n    return x\n")).statusCode(400)
                .body("detail", not(nullValue()));
        create(Map.of("source_code", "def f(x: int) -> int:\n    return x\n")).statusCode(400).body("detail", not(nullValue()));
        create(Map.of("source_code", "def broken(:\n")).statusCode(400);
        create(Map.of("source_code", WEATHER, "return_char_limit", 0)).statusCode(422)
                .body("detail", equalTo("body.return_char_limit: Input should be greater than or equal to 1"));
        create(Map.of("source_code", WEATHER, "source_type", "typescript")).statusCode(422).body("detail", startsWith("body.source_type: "));
        String longName = "f".repeat(49);
        create(Map.of("source_code", "def " + longName + "() -> str:\n    \"\"\"Doc.\"\"\"\n    return 'x'\n")).statusCode(400)
                .body("detail", containsString("too long"));
        create(Map.of("source_code", "def send_message(message: str) -> str:\n    \"\"\"Doc.\n\n    Args:\n        message (str): m\n    \"\"\"\n    return message\n"))
                .statusCode(409).body("detail", containsString("send_message"));
        assertEquals(before, given().get("/v1/tools/count").then().extract().as(Long.class));
    }

    @Test
    void the_agent_calls_a_custom_tool_in_the_sandbox_with_its_secrets_and_the_result_is_in_the_trace() {
        String name = "get_weather_" + Long.toHexString(System.nanoTime());
        create(Map.of("source_code", unique(WEATHER, name))).statusCode(200);
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tools", List.of(name));
        body.put("secrets", Map.of("WEATHER_KEY", "wk-42"));
        String agent = Agents.create(body);
        given().get("/v1/agents/{id}", agent).then().body("tools.name", hasItem(name));
        llm.enqueue(ScriptedReply.toolCalls(call("call_w", name, "{\"city\": \"Lisbon\"}")), ScriptedReply.text("It is sunny."));
        Agents.send(agent, "Weather in Lisbon?").statusCode(200)
                .body("messages.message_type", contains("tool_call_message", "tool_return_message", "assistant_message"))
                .body("messages[1].status", equalTo("success"))
                .body("messages[1].tool_return", equalTo("Sunny in Lisbon (metric), key=wk-42"))
                .body("messages[1].stdout", contains("looking up Lisbon\n"))
                .body("messages[1].stderr", hasSize(0));
        String sent = llm.requests().get(0).body().path("tools").toString();
        assertTrue(sent.contains("\"" + name + "\""), sent);
        String toolMessage = llm.requests().get(1).body().path("messages").toString();
        assertTrue(toolMessage.contains("Sunny in Lisbon (metric), key=wk-42"), toolMessage);
    }

    @Test
    void a_tool_that_raises_is_an_error_return_and_the_step_goes_on() {
        String name = "divide_" + Long.toHexString(System.nanoTime());
        create(Map.of("source_code", "def " + name + "(a: int, b: int) -> str:\n    \"\"\"Divide.\n\n    Args:\n        a (int): a\n        b (int): b\n    \"\"\"\n"
                + "    return str(a / b)\n")).statusCode(200);
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tools", List.of(name));
        String agent = Agents.create(body);
        llm.enqueue(ScriptedReply.toolCalls(call("call_d", name, "{\"a\": 1, \"b\": 0}")), ScriptedReply.text("Cannot divide by zero."));
        Agents.send(agent, "1/0?").statusCode(200)
                .body("messages[1].status", equalTo("error"))
                .body("messages[1].tool_return", equalTo("Error executing function " + name + ": ZeroDivisionError: division by zero"))
                .body("messages[1].stderr[0]", containsString("Traceback"))
                .body("messages[2].content", equalTo("Cannot divide by zero."))
                .body("stop_reason.stop_reason", equalTo("end_turn"));
    }

    @Test
    void run_from_source_runs_once_and_stores_nothing() {
        long before = given().get("/v1/tools/count").then().extract().as(Long.class);
        given().contentType(ContentType.JSON).body(Map.of("source_code", unique(WEATHER, "w_once"), "args", Map.of("city", "Oslo"),
                        "env_vars", Map.of("WEATHER_KEY", "k")))
                .post("/v1/tools/run").then().statusCode(200)
                .body("message_type", equalTo("tool_return_message"))
                .body("id", equalTo("null"))
                .body("name", equalTo("w_once"))
                .body("status", equalTo("success"))
                .body("tool_return", equalTo("Sunny in Oslo (metric), key=k"))
                .body("stdout", contains("looking up Oslo\n"))
                .body("tool_returns[0].status", equalTo("success"));
        given().contentType(ContentType.JSON).body(Map.of("source_code", "def boom() -> str:\n    \"\"\"Boom.\"\"\"\n    raise KeyError('x')\n", "args", Map.of()))
                .post("/v1/tools/run").then().statusCode(200)
                .body("status", equalTo("error"))
                .body("tool_return", equalTo("Error executing function boom: KeyError: 'x'"));
        given().contentType(ContentType.JSON).body(Map.of("source_code", "def f() -> str:\n    \"\"\"F.\"\"\"\n    return 'x'\n"))
                .post("/v1/tools/run").then().statusCode(422).body("detail", equalTo("body.args: Field required"));
        assertEquals(before, given().get("/v1/tools/count").then().extract().as(Long.class));
    }

    @Test
    void delete_detaches_from_agents_and_another_organization_sees_nothing() {
        String name = "temp_" + Long.toHexString(System.nanoTime());
        String id = create(Map.of("source_code", "def " + name + "() -> str:\n    \"\"\"Temp.\"\"\"\n    return 'x'\n")).statusCode(200).extract().path("id");
        Map<String, Object> body = new HashMap<>(Agents.quickStart());
        body.put("tool_ids", List.of(id));
        String agent = Agents.create(body);
        given().delete("/v1/tools/{id}", id).then().statusCode(200);
        given().get("/v1/tools/{id}", id).then().statusCode(404);
        given().get("/v1/agents/{id}", agent).then().body("tools.id", not(hasItem(id)));
        given().delete("/v1/tools/{id}", id).then().statusCode(404);

        String foreign = create(Map.of("source_code", "def " + name + "_x() -> str:\n    \"\"\"Temp.\"\"\"\n    return 'x'\n")).statusCode(200)
                .extract().path("id");
        assertEquals(1, Db.update("UPDATE agent.tools SET organization_id = ? WHERE id = ?", "org-" + UUID.randomUUID(), foreign));
        given().get("/v1/tools/{id}", foreign).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("tags", List.of("x"))).patch("/v1/tools/{id}", foreign).then().statusCode(404);
        given().delete("/v1/tools/{id}", foreign).then().statusCode(404);
        given().get("/v1/tools/").then().body("id", not(hasItem(foreign)));
    }

    @Test
    void search_finds_tools_by_text_and_by_meaning_and_add_base_tools_restores_deleted_ones() {
        String name = "convert_currency_" + Long.toHexString(System.nanoTime());
        create(Map.of("source_code", "def " + name + "(amount: float, to: str) -> str:\n    \"\"\"Convert money between currencies.\n\n    Args:\n"
                + "        amount (float): How much.\n        to (str): Target currency code.\n    \"\"\"\n    return 'x'\n")).statusCode(200);
        for (String mode : List.of("fts", "vector", "hybrid")) {
            given().contentType(ContentType.JSON).body(Map.of("query", "convert money currencies", "search_mode", mode, "limit", 3))
                    .post("/v1/tools/search").then().statusCode(200)
                    .body("[0].tool.name", equalTo(name))
                    .body("[0].combined_score", org.hamcrest.Matchers.greaterThan(0f));
        }
        given().contentType(ContentType.JSON).body(Map.of("query", "x", "search_mode", "fuzzy")).post("/v1/tools/search").then().statusCode(422);
        String memoryInsert = builtIn("memory_insert");
        given().delete("/v1/tools/{id}", memoryInsert).then().statusCode(200);
        given().post("/v1/tools/add-base-tools").then().statusCode(200).body("name", hasItem("memory_insert"))
                .body("tool_type", not(hasItem("custom")));
        given().queryParam("name", "memory_insert").get("/v1/tools/").then().body("$", hasSize(1));
    }

    static String builtIn(String name) {
        return given().queryParam("name", name).get("/v1/tools/").then().statusCode(200).extract().path("[0].id");
    }
}
