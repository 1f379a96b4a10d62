package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tool parameter schemas keep their meaning on the way to LangChain4j and back out to the provider. */
class ToolSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Letta's memory_insert with a nested object, an array of objects and a string enum. */
    static final String NESTED = """
            {"type":"object",
             "description":"Insert text into a memory block",
             "properties":{
               "label":{"type":"string","description":"Block label"},
               "insert_line":{"type":"integer","description":"Line after which to insert"},
               "weight":{"type":"number"},
               "dry_run":{"type":"boolean"},
               "mode":{"type":"string","enum":["append","prepend"],"description":"Where"},
               "tags":{"type":"array","items":{"type":"string"}},
               "edits":{"type":"array","items":{"type":"object",
                   "properties":{"old":{"type":"string"},"new":{"type":"string"}},"required":["old","new"]}},
               "target":{"type":"object","description":"Where to write",
                   "properties":{"block":{"type":"string"},"position":{"type":"object",
                       "properties":{"line":{"type":"integer"}},"required":["line"]}},
                   "required":["block"]}
             },
             "required":["label","mode"]}""";

    @Test
    void typed_elements_become_langchain4j_schema_types() throws Exception {
        JsonObjectSchema schema = ToolSchemas.parameters(JSON.readTree(NESTED));

        assertEquals("Insert text into a memory block", schema.description());
        assertEquals(List.of("label", "mode"), schema.required());
        assertInstanceOf(JsonStringSchema.class, schema.properties().get("label"));
        assertEquals("Block label", schema.properties().get("label").description());
        assertInstanceOf(JsonIntegerSchema.class, schema.properties().get("insert_line"));
        JsonEnumSchema mode = assertInstanceOf(JsonEnumSchema.class, schema.properties().get("mode"));
        assertEquals(List.of("append", "prepend"), mode.enumValues());
        JsonArraySchema edits = assertInstanceOf(JsonArraySchema.class, schema.properties().get("edits"));
        JsonObjectSchema edit = assertInstanceOf(JsonObjectSchema.class, edits.items());
        assertEquals(List.of("old", "new"), edit.required());
        JsonObjectSchema target = assertInstanceOf(JsonObjectSchema.class, schema.properties().get("target"));
        assertInstanceOf(JsonObjectSchema.class, target.properties().get("position"));
    }

    @Test
    void typed_elements_render_back_to_the_schema_they_came_from() throws Exception {
        JsonNode original = JSON.readTree(NESTED);

        JsonNode rendered = JSON.valueToTree(JsonSchemaElementUtils.toMap(ToolSchemas.parameters(original)));

        assertEquals(original, rendered);
    }

    @Test
    void keywords_without_a_typed_form_travel_verbatim() throws Exception {
        JsonNode original = JSON.readTree("""
                {"type":"object","properties":{
                   "limit":{"type":"integer","minimum":1,"maximum":100,"default":10},
                   "level":{"type":"integer","enum":[1,2,3]},
                   "maybe":{"type":["string","null"]},
                   "when":{"type":"string","format":"date-time"},
                   "free":{}
                 },"required":["limit"]}""");

        JsonObjectSchema schema = ToolSchemas.parameters(original);

        // rendering raw elements needs the application's JSON codec; the OpenAI tests show what the provider receives
        original.path("properties").properties().forEach(property -> {
            JsonRawSchema raw = assertInstanceOf(JsonRawSchema.class, schema.properties().get(property.getKey()));
            assertEquals(property.getValue(), read(raw.schema()));
        });
        assertEquals(List.of("limit"), schema.required());
    }

    @Test
    void any_of_stays_typed_around_raw_options() throws Exception {
        JsonNode original = JSON.readTree("""
                {"type":"object","properties":{
                   "choice":{"anyOf":[{"type":"string"},{"type":"integer","minimum":0}]}}}""");

        JsonAnyOfSchema choice = assertInstanceOf(JsonAnyOfSchema.class,
                ToolSchemas.parameters(original).properties().get("choice"));

        assertInstanceOf(JsonStringSchema.class, choice.anyOf().get(0));
        JsonRawSchema bounded = assertInstanceOf(JsonRawSchema.class, choice.anyOf().get(1));
        assertEquals(original.at("/properties/choice/anyOf/1"), read(bounded.schema()));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void references_to_definitions_are_inlined_for_providers_that_drop_definitions() throws Exception {
        JsonNode original = JSON.readTree("""
                {"type":"object","properties":{"home":{"$ref":"#/$defs/Address"},"work":{"$ref":"#/$defs/Address"}},
                 "required":["home"],
                 "$defs":{"Address":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""");

        JsonNode rendered = JSON.valueToTree(JsonSchemaElementUtils.toMap(ToolSchemas.parameters(original)));

        assertEquals(JSON.readTree("""
                {"type":"object","properties":{
                   "home":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},
                   "work":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
                 "required":["home"]}"""), rendered);
    }

    @Test
    void recursive_definitions_keep_their_references() throws Exception {
        JsonNode original = JSON.readTree("""
                {"type":"object","properties":{"root":{"$ref":"#/$defs/node"}},"required":["root"],
                 "$defs":{"node":{"type":"object","properties":{"name":{"type":"string"},
                     "children":{"type":"array","items":{"$ref":"#/$defs/node"}}},"required":["name"]}}}""");

        JsonNode rendered = JSON.valueToTree(JsonSchemaElementUtils.toMap(ToolSchemas.parameters(original)));

        assertEquals(original.at("/$defs"), rendered.at("/$defs"));
        assertEquals(original.at("/$defs/node"), rendered.at("/properties/root"));
    }

    @Test
    void a_tool_without_parameters_gets_an_empty_object() {
        assertEquals(0, ToolSchemas.parameters(null).properties().size());
    }

    @Test
    void parameters_that_are_not_an_object_schema_are_refused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> ToolSchemas.parameters(JSON.readTree("{\"type\":\"string\"}")));
    }
}
