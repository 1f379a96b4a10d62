package dev.engram.agent.tool.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schemas from Python tool sources, compared with what Letta stores for the same source (byte for byte). */
class PythonToolSchemasTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String UNSUPPORTED_TYPE_MAP = "full map: {<class 'int'>: 'integer', <class 'str'>: 'string', "
            + "<class 'bool'>: 'boolean', <class 'float'>: 'number', None: 'null'}";

    final PythonToolSchemas schemas = schemas("python3", Duration.ofSeconds(10));

    static PythonToolSchemas schemas(String python, Duration timeout) {
        return new PythonToolSchemas(new PythonConfig() {
            @Override
            public String python() {
                return python;
            }

            @Override
            public Duration parseTimeout() {
                return timeout;
            }
        }, JSON);
    }

    String schemaText(String source) throws Exception {
        return JSON.writeValueAsString(schemas.generate(source));
    }

    ToolSchemaException refusal(String source) {
        return assertThrows(ToolSchemaException.class, () -> schemas.generate(source));
    }

    @Test
    void worked_example_gives_lettas_schema_exactly() throws Exception {
        String source = """
                from typing import Optional

                def get_weather(city: str, units: str = "metric", days: Optional[int] = None) -> str:
                    \"""Get the weather forecast.

                    Args:
                        city (str): City name.
                        units (str): "metric" or "imperial".
                        days (Optional[int]): Number of days.
                    \"""
                """;
        assertEquals("{\"name\":\"get_weather\",\"description\":\"Get the weather forecast.\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"City name.\"},"
                + "\"units\":{\"type\":\"string\",\"description\":\"\\\"metric\\\" or \\\"imperial\\\".\"},"
                + "\"days\":{\"type\":\"integer\",\"description\":\"Number of days.\"}},\"required\":[\"city\"]}}",
                schemaText(source));
    }

    @Test
    void missing_docstring_is_refused_with_lettas_text() {
        ToolSchemaException e = refusal("def roll(sides: int) -> int:\n    return 4\n");
        assertEquals("Schema generation failed: Function roll missing docstring", e.getMessage());
        assertEquals("Failed to derive json schema: Schema generation failed: Function roll missing docstring",
                e.createDetail());
    }

    @Test
    void parameter_without_annotation_is_refused() {
        ToolSchemaException e = refusal("""
                def roll(sides):
                    \"""Roll a die.

                    Args:
                        sides: How many sides.
                    \"""
                """);
        assertEquals("Schema generation failed: Type error in schema generation: "
                + "Parameter 'sides' in function 'roll' lacks a type annotation", e.getMessage());
    }

    @Test
    void parameter_missing_from_args_section_is_refused() {
        ToolSchemaException e = refusal("""
                def roll(sides: int, times: int) -> int:
                    \"""Roll a die.

                    Args:
                        sides: How many sides.
                    \"""
                """);
        assertEquals("Schema generation failed: Value error in schema generation: "
                + "Parameter 'times' in function 'roll' lacks a description in the docstring", e.getMessage());
    }

    @Test
    void union_other_than_optional_is_refused() {
        assertEquals("Schema generation failed: Unexpected error in schema generation: "
                + "General Union types are not yet supported", refusal(oneParam("Union[int, str]")).getMessage());
    }

    @Test
    void dict_with_type_arguments_is_refused() {
        assertEquals("Schema generation failed: Value error in schema generation: Dictionary types "
                + "typing.Dict[str, int] with nested type arguments are not supported (consider using a Pydantic "
                + "model instead)", refusal(oneParam("Dict[str, int]")).getMessage());
    }

    @Test
    void type_without_json_counterpart_is_refused() {
        assertEquals("Schema generation failed: Value error in schema generation: Python type datetime has no "
                + "corresponding JSON schema type - " + UNSUPPORTED_TYPE_MAP, refusal(oneParam("datetime")).getMessage());
        assertEquals("Schema generation failed: Value error in schema generation: Python type int | None has no "
                + "corresponding JSON schema type - " + UNSUPPORTED_TYPE_MAP, refusal(oneParam("int | None")).getMessage());
    }

    @Test
    void variable_length_tuple_is_refused() {
        assertEquals("Schema generation failed: Unexpected error in schema generation: Variable-length tuples "
                + "(e.g., Tuple[int, ...]) are not supported", refusal(oneParam("Tuple[int, ...]")).getMessage());
    }

    @Test
    void syntax_error_names_the_line() {
        String message = refusal("def roll(sides: int\n    return 4\n").getMessage();
        assertTrue(message.startsWith("Schema generation failed: Failed to parse source code: "), message);
        assertTrue(message.endsWith("(<unknown>, line 1)"), message);
    }

    @Test
    void source_without_a_plain_function_is_refused() {
        assertEquals("Schema generation failed: No functions found in source code",
                refusal("import os\nLIMIT = 3\n").getMessage());
        // Letta reads plain `def` only
        assertEquals("Schema generation failed: No functions found in source code", refusal("""
                async def fetch(url: str) -> str:
                    \"""Fetch.

                    Args:
                        url: Where.
                    \"""
                """).getMessage());
    }

    @Test
    void required_lists_parameters_without_default_that_are_not_optional() {
        ObjectNode schema = schemas.generate("""
                from typing import Optional

                LIMIT = 10

                def book(room: str, note: Optional[str], nights: int = 1, late: bool = False, rate: float = 1.5,
                         cap: Optional[int] = None) -> str:
                    \"""Book a room.

                    Args:
                        room: Room name.
                        note: A note.
                        nights: Nights.
                        late: Late arrival.
                        rate: Rate.
                        cap: Cap.
                    \"""
                """);
        JsonNode properties = schema.at("/parameters/properties");
        assertEquals("[\"room\"]", schema.at("/parameters/required").toString());
        assertEquals("{\"type\":\"string\",\"description\":\"A note.\"}", properties.get("note").toString());
        assertEquals("integer", properties.at("/nights/type").asText());
        assertEquals("boolean", properties.at("/late/type").asText());
        assertEquals("number", properties.at("/rate/type").asText());
        assertEquals("integer", properties.at("/cap/type").asText());
        assertFalse(properties.get("nights").has("default"), "Letta does not carry defaults into the schema");
    }

    @Test
    void default_that_is_not_a_literal_counts_as_none() {
        ObjectNode schema = schemas.generate("""
                LIMIT = 10

                def page(query: str, size: int = LIMIT) -> str:
                    \"""Page.

                    Args:
                        query: Query.
                        size: Page size.
                    \"""
                """);
        assertEquals("[\"query\",\"size\"]", schema.at("/parameters/required").toString());
        // ... which leaves a later literal default out of order, as Python 3.11 words it
        assertEquals("Schema generation failed: non-default argument follows default argument", refusal("""
                LIMIT = 10

                def page(offset: int = 0, size: int = LIMIT) -> str:
                    \"""Page.

                    Args:
                        offset: Offset.
                        size: Page size.
                    \"""
                """).getMessage());
    }

    @Test
    void literal_becomes_string_enum() throws Exception {
        assertEquals("{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"],\"description\":\"The thing.\"}",
                schemas.generate(oneParam("Literal[\"celsius\", \"fahrenheit\"]")).at("/parameters/properties/thing")
                        .toString());
    }

    @Test
    void lists_carry_item_types_and_untyped_ones_hold_strings() {
        ObjectNode schema = schemas.generate("""
                from typing import List

                def tag(names: List[str], counts: list[int], anything: list, grid: List[List[float]], extra: dict) -> str:
                    \"""Tag things.

                    Args:
                        names: Names.
                        counts: Counts.
                        anything: Anything.
                        grid: Grid.
                        extra: Extra.
                    \"""
                """);
        JsonNode properties = schema.at("/parameters/properties");
        assertEquals("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"Names.\"}",
                properties.get("names").toString());
        assertEquals("{\"type\":\"integer\"}", properties.at("/counts/items").toString());
        assertEquals("{\"type\":\"string\"}", properties.at("/anything/items").toString());
        assertEquals("{\"type\":\"array\",\"items\":{\"type\":\"number\"}}", properties.at("/grid/items").toString());
        assertEquals("{\"type\":\"object\",\"description\":\"Extra.\"}", properties.get("extra").toString());
    }

    @Test
    void tuple_becomes_fixed_length_array_with_prefix_items() {
        assertEquals("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"integer\"},{\"type\":\"string\"}],"
                + "\"minItems\":2,\"maxItems\":2,\"description\":\"The thing.\"}",
                schemas.generate(oneParam("Tuple[int, str]")).at("/parameters/properties/thing").toString());
    }

    @Test
    void pydantic_models_in_the_source_become_nested_objects() throws Exception {
        assertEquals("{\"name\":\"plan_route\",\"description\":\"Plan a route.\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"route\":{\"type\":\"object\",\"properties\":{"
                + "\"name\":{\"type\":\"string\",\"description\":\"Route name.\"},"
                + "\"stops\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
                + "\"x\":{\"type\":\"number\",\"description\":\"Horizontal position.\"},"
                + "\"y\":{\"type\":\"number\",\"description\":\"Vertical position.\"}},\"required\":[\"x\"]},"
                + "\"description\":\"Stops in order.\"},"
                + "\"start\":{\"type\":\"object\",\"properties\":{"
                + "\"x\":{\"type\":\"number\",\"description\":\"Horizontal position.\"},"
                + "\"y\":{\"type\":\"number\",\"description\":\"Vertical position.\"}},\"required\":[\"x\"],"
                + "\"description\":\"Where it begins.\"}},"
                + "\"required\":[\"name\",\"stops\",\"start\"],\"description\":\"The route to plan.\"}},"
                + "\"required\":[\"route\"]}}", schemaText("""
                from typing import List
                from pydantic import BaseModel, Field

                class Point(BaseModel):
                    x: float = Field(..., description="Horizontal position.")
                    y: float = Field(0.0, description="Vertical position.")

                class Route(BaseModel):
                    name: str = Field(..., description="Route name.")
                    stops: List[Point] = Field(..., description="Stops in order.")
                    start: Point = Field(..., description="Where it begins.")

                def plan_route(route: Route) -> str:
                    \"""Plan a route.

                    Args:
                        route: The route to plan.
                    \"""
                    return ""
                """));
    }

    @Test
    void pydantic_field_without_description_is_refused() {
        assertEquals("Schema generation failed: Value error in schema generation: "
                + "Property {'title': 'Full Name', 'type': 'string'} lacks a 'description' key", refusal("""
                from pydantic import BaseModel, Field

                class Person(BaseModel):
                    full_name: str
                    age: int = Field(..., description="Age.")

                def greet(person: Person) -> str:
                    \"""Greet.

                    Args:
                        person: Who.
                    \"""
                """).getMessage());
    }

    @Test
    void args_descriptions_continue_over_lines_and_later_sections_stay_out() {
        ObjectNode schema = schemas.generate("""
                def search(query: str, limit: int = 5) -> str:
                    \"""Search the archive.

                    Args:
                        query (str): The text to look for, matched
                            against titles and bodies.
                        limit (int, optional): How many results. Defaults to 5.

                    Returns:
                        str: The matches, one per line.
                    \"""
                """);
        assertEquals("The text to look for, matched\nagainst titles and bodies.",
                schema.at("/parameters/properties/query/description").asText());
        assertEquals("How many results. Defaults to 5.", schema.at("/parameters/properties/limit/description").asText());
        assertEquals("Search the archive.", schema.get("description").asText());
    }

    @Test
    void description_joins_summary_long_text_and_examples_as_written() {
        ObjectNode schema = schemas.generate("""
                def search(query: str) -> str:
                    \"""Search the archive.

                    Looks through every stored note
                    and returns the best matches.

                    Args:
                        query (str): The text to look for.

                    Returns:
                        str: The matches.

                    Examples:
                        >>> search("cats")
                        'cats are great'
                    \"""
                """);
        assertEquals("Search the archive.\n\nLooks through every stored note\nand returns the best matches.\n\n"
                + "Examples:\n        >>> search(\"cats\")\n        'cats are great'", schema.get("description").asText());
    }

    @Test
    void docstring_without_summary_text_gives_lettas_placeholder() {
        assertEquals("No description available", schemas.generate("def ping() -> str:\n    \"\"\"   \"\"\"\n")
                .get("description").asText());
    }

    @Test
    void last_top_level_function_is_the_tool_and_decorators_and_imports_are_ignored() {
        ObjectNode schema = schemas.generate("""
                import os
                from typing import List
                from my_company.tools import register

                def helper(value: int) -> int:
                    \"""Helper.

                    Args:
                        value: A value.
                    \"""
                    def inner(x):
                        return x
                    return inner(value)

                @register(name="ignored")
                def send_names(names: List[str], loud: bool = False) -> str:
                    \"""Send names.

                    Args:
                        names: The names.
                        loud: Shout.
                    \"""
                    return ", ".join(names)
                """);
        assertEquals("send_names", schema.get("name").asText());
        assertEquals("[\"names\"]", schema.at("/parameters/required").toString());
    }

    @Test
    void agent_state_and_self_stay_out_of_the_schema() {
        ParsedTool tool = schemas.parse("""
                def remember(self, agent_state: "AgentState", fact: str) -> str:
                    \"""Remember a fact.

                    Args:
                        fact: The fact.
                    \"""
                """, null);
        assertTrue(tool.takesAgentState());
        java.util.List<String> names = new java.util.ArrayList<>();
        tool.jsonSchema().at("/parameters/properties").fieldNames().forEachRemaining(names::add);
        assertEquals(java.util.List.of("fact"), names);
        assertEquals("[\"fact\"]", tool.jsonSchema().at("/parameters/required").toString());
        assertFalse(schemas.parse(oneParam("int"), null).takesAgentState());
    }

    @Test
    void args_json_schema_supplies_the_parameters_and_the_source_only_name_and_description() throws Exception {
        JsonNode args = JSON.readTree("""
                {"type":"object","properties":{
                  "city":{"type":"string","description":"City."},
                  "days":{"anyOf":[{"type":"integer"},{"type":"null"}],"description":"Days."},
                  "tags":{"type":"array","items":{"type":"string"}}},
                 "required":["city"]}""");
        String source = """
                def forecast(whatever):
                    \"""Forecast the weather.

                    Args:
                        whatever: Not read.
                    \"""
                """;
        assertEquals("{\"name\":\"forecast\",\"description\":\"Forecast the weather.\\n\\nArgs:\\n    whatever: Not read.\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{"
                + "\"city\":{\"type\":\"string\",\"description\":\"City.\"},"
                + "\"days\":{\"type\":\"integer\",\"description\":\"Days.\"},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"description\":\"\"}},"
                + "\"required\":[\"city\"]}}", JSON.writeValueAsString(schemas.generate(source, args)));
        // no docstring needed on this route
        assertEquals("The forecast tool", schemas.generate("def forecast(city):\n    return city\n", args)
                .get("description").asText());
    }

    @Test
    void args_json_schema_refusals_carry_lettas_text_without_the_docstring_prefix() throws Exception {
        JsonNode args = JSON.readTree("{\"type\":\"object\",\"properties\":{\"step\":{\"$ref\":\"#/$defs/Step\"}}}");
        ToolSchemaException e = assertThrows(ToolSchemaException.class,
                () -> schemas.generate("def plan(step):\n    return 1\n", args));
        assertEquals("Reference Step not found in nested models", e.getMessage());
        assertEquals(e.getMessage(), e.createDetail());
        assertEquals("Failed to parse function name and docstring: No function definition found in source code",
                assertThrows(ToolSchemaException.class, () -> schemas.generate("x = 1\n", args)).getMessage());
    }

    @Test
    void signature_finds_the_named_function_sync_or_async() {
        ToolSignature signature = schemas.signature("""
                def helper(x):
                    return x

                async def fetch(url, agent_state, agent_id=None):
                    return url
                """, "fetch");
        assertEquals(java.util.List.of("url", "agent_state", "agent_id"), signature.arguments());
        assertTrue(signature.async());
        assertTrue(signature.takesAgentState());
        assertTrue(signature.takesAgentId());
        assertFalse(schemas.signature("def helper(x):\n    return x\n", "helper").takesAgentState());
    }

    /** A one-parameter tool whose parameter has the given annotation. */
    static String oneParam(String annotation) {
        return """
                from typing import Dict, List, Literal, Optional, Tuple, Union

                def use(thing: %s) -> str:
                    \"""Use a thing.

                    Args:
                        thing: The thing.
                    \"""
                """.formatted(annotation);
    }
}
