package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How MCP input schemas become tool parameters, and how their health is judged. */
class McpSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void objects_are_closed_references_typed_and_inlined_and_required_always_present() {
        JsonNode params = McpSchemas.parameters(json("""
                {'properties': {
                   'where': {'$ref': '#/$defs/Place'},
                   'tags': {'type': 'array', 'items': {'type': 'object', 'properties': {'k': {'type': 'string'}}}},
                   'when': {'anyOf': [{'type': 'string'}, {'type': 'string', 'format': 'date'}, {'type': 'null'}]},
                   'open': {'type': 'object', 'additionalProperties': true}},
                 '$defs': {'Place': {'type': 'object', 'properties': {'city': {'type': 'string', 'default': 'Paris'}}}}}"""));
        assertEquals("object", params.path("type").asText());
        assertFalse(params.path("additionalProperties").asBoolean(true));
        assertTrue(params.path("required").isArray() && params.path("required").isEmpty());
        JsonNode where = params.path("properties").path("where");
        assertFalse(where.has("$ref"), where.toString());
        assertEquals("object", where.path("type").asText());
        assertEquals("Paris", where.path("properties").path("city").path("default").asText(), "defaults stay");
        assertFalse(where.path("additionalProperties").asBoolean(true), "the definition was closed where it is defined");
        assertFalse(params.path("properties").path("tags").path("items").path("additionalProperties").asBoolean(true));
        assertEquals(json("[{'type': 'string', 'format': 'date'}, {'type': 'null'}]"), params.path("properties").path("when").path("anyOf"),
                "of two options of one type the one with a format stays");
        assertTrue(params.path("properties").path("open").path("additionalProperties").asBoolean(), "an explicit value stays");
    }

    @Test
    void the_input_is_not_changed() {
        JsonNode input = json("{'type': 'object', 'properties': {'a': {'type': 'object'}}}");
        String before = input.toString();
        McpSchemas.parameters(input);
        assertEquals(before, input.toString());
    }

    @Test
    void a_closed_schema_of_plain_fields_is_strict_compliant() {
        SchemaHealth h = SchemaHealth.of(McpSchemas.parameters(json(
                "{'type': 'object', 'properties': {'message': {'type': 'string'}}, 'required': ['message']}")));
        assertEquals(new SchemaHealth("STRICT_COMPLIANT", List.of()), h);
    }

    @Test
    void a_free_form_object_is_non_strict_only() {
        SchemaHealth h = SchemaHealth.of(json("{'type': 'object', 'additionalProperties': false, 'properties': "
                + "{'extra': {'type': 'object', 'additionalProperties': true}}}"));
        assertEquals("NON_STRICT_ONLY", h.status());
        assertEquals(List.of("root.properties.extra: 'additionalProperties' is not false (free-form object)"), h.reasons());
    }

    @Test
    void schemas_no_provider_takes_are_invalid() {
        assertEquals("INVALID", SchemaHealth.of(json("{'type': 'array', 'items': {'type': 'string'}}")).status());
        SchemaHealth emptyObject = SchemaHealth.of(json("{'type': 'object', 'additionalProperties': false, 'required': ['cfg'], "
                + "'properties': {'cfg': {'type': 'object', 'additionalProperties': false}}}"));
        assertEquals("INVALID", emptyObject.status());
        assertTrue(emptyObject.reasons().contains("root: required property 'cfg' allows empty object (OpenAI will reject)"), emptyObject.toString());
        SchemaHealth noItems = SchemaHealth.of(json("{'type': 'object', 'additionalProperties': false, 'properties': {'xs': {'type': 'array'}}}"));
        assertEquals(List.of("root.properties.xs: 'items' must be defined for arrays in strict mode"), noItems.reasons());
        assertTrue(SchemaHealth.of(json("{'type': 'object', 'properties': {'x': {'description': 'untyped'}}}")).invalid());
    }
}
