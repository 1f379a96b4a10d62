package dev.engram.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a tool's JSON Schema (as Letta and OpenAI tools carry it) into LangChain4j's typed schema. Every element the
 * typed classes render exactly as written (type, description, properties, required, items, string enums, anyOf) is
 * converted; anything else (defaults, bounds, formats, type unions, non-string enums, ...) travels as a raw schema so
 * that the provider still receives it verbatim. At the top level only description, properties, required and $defs
 * exist in LangChain4j's form.
 * <p>
 * References to {@code $defs} are inlined, because LangChain4j's Anthropic and Ollama mappers send only the
 * properties and drop the definitions; only a recursive reference, which cannot be inlined, stays a reference.
 */
final class ToolSchemas {

    private static final Set<String> SCALAR_KEYS = Set.of("type", "description");
    private static final Set<String> ENUM_KEYS = Set.of("type", "description", "enum");
    private static final Set<String> ARRAY_KEYS = Set.of("type", "description", "items");
    private static final Set<String> OBJECT_KEYS = Set.of("type", "description", "properties", "required");
    private static final Set<String> ANY_OF_KEYS = Set.of("description", "anyOf");
    private static final List<String> REF_PREFIXES = List.of("#/$defs/", "#/definitions/");

    private final JsonNode definitions;
    /** The definitions being inlined, innermost last: meeting one of them again means recursion. */
    private final Deque<String> inlining = new ArrayDeque<>();
    private boolean definitionsNeeded;

    private ToolSchemas(JsonNode definitions) {
        this.definitions = definitions;
    }

    /** The parameters object of a tool; null or missing parameters give an object without properties. */
    static JsonObjectSchema parameters(JsonNode schema) {
        if (schema == null || schema.isNull() || schema.isMissingNode()) {
            return JsonObjectSchema.builder().build();
        }
        if (!schema.isObject() || !"object".equals(schema.path("type").asText("object"))) {
            throw new IllegalArgumentException("tool parameters must be a JSON Schema of type object, got: " + schema);
        }
        JsonNode defs = schema.has("$defs") ? schema.get("$defs") : schema.path("definitions");
        ToolSchemas converter = new ToolSchemas(defs.isObject() ? defs : null);
        JsonObjectSchema.Builder builder = converter.objectBuilder(schema);
        if (converter.definitionsNeeded) {
            Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
            defs.properties().forEach(e -> {
                converter.inlining.push(e.getKey());
                converted.put(e.getKey(), converter.element(e.getValue()));
                converter.inlining.pop();
            });
            builder.definitions(converted);
        }
        return builder.build();
    }

    private JsonSchemaElement element(JsonNode node) {
        if (node.isBoolean()) {
            // JSON Schema's boolean forms: true accepts anything, false nothing
            return JsonRawSchema.from(node.asBoolean() ? "{}" : "{\"not\":{}}");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON Schema: " + node);
        }
        if (node.has("$ref")) {
            return reference(node);
        }
        if (node.has("anyOf")) {
            return onlyKeys(node, ANY_OF_KEYS) && node.get("anyOf").isArray() ? anyOf(node) : raw(node);
        }
        if (node.has("enum")) {
            return stringEnum(node) ? enumeration(node) : raw(node);
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return raw(node);
        }
        return switch (type.asText()) {
            case "string" -> onlyKeys(node, SCALAR_KEYS) ? JsonStringSchema.builder().description(description(node)).build() : raw(node);
            case "integer" -> onlyKeys(node, SCALAR_KEYS) ? JsonIntegerSchema.builder().description(description(node)).build() : raw(node);
            case "number" -> onlyKeys(node, SCALAR_KEYS) ? JsonNumberSchema.builder().description(description(node)).build() : raw(node);
            case "boolean" -> onlyKeys(node, SCALAR_KEYS) ? JsonBooleanSchema.builder().description(description(node)).build() : raw(node);
            case "null" -> node.size() == 1 ? new JsonNullSchema() : raw(node);
            case "array" -> array(node);
            // a nested object without "properties" would gain an empty one in the typed form; a missing "required" is
            // rendered as [], which means the same
            case "object" -> onlyKeys(node, OBJECT_KEYS) && node.has("properties") ? objectBuilder(node).build() : raw(node);
            default -> raw(node);
        };
    }

    private JsonObjectSchema.Builder objectBuilder(JsonNode node) {
        JsonObjectSchema.Builder builder = JsonObjectSchema.builder().description(description(node));
        node.path("properties").properties().forEach(e -> builder.addProperty(e.getKey(), element(e.getValue())));
        JsonNode required = node.get("required");
        if (required != null && required.isArray()) {
            List<String> names = new ArrayList<>();
            required.forEach(r -> names.add(r.asText()));
            builder.required(names);
        }
        return builder;
    }

    private JsonSchemaElement array(JsonNode node) {
        JsonNode items = node.get("items");
        if (!onlyKeys(node, ARRAY_KEYS) || items == null || !items.isObject()) {
            return raw(node);
        }
        return JsonArraySchema.builder().description(description(node)).items(element(items)).build();
    }

    private JsonSchemaElement anyOf(JsonNode node) {
        List<JsonSchemaElement> options = new ArrayList<>();
        node.get("anyOf").forEach(option -> options.add(element(option)));
        return JsonAnyOfSchema.builder().description(description(node)).anyOf(options).build();
    }

    private JsonSchemaElement reference(JsonNode node) {
        String ref = node.get("$ref").asText();
        String name = REF_PREFIXES.stream().filter(ref::startsWith).findFirst()
                .map(prefix -> ref.substring(prefix.length())).orElse(null);
        if (name == null || node.size() != 1 || definitions == null || !definitions.has(name)) {
            return raw(node);
        }
        if (inlining.contains(name)) {
            definitionsNeeded = true;
            return JsonReferenceSchema.builder().reference(name).build();
        }
        inlining.push(name);
        JsonSchemaElement inlined = element(definitions.get(name));
        inlining.pop();
        return inlined;
    }

    private static boolean stringEnum(JsonNode node) {
        JsonNode values = node.get("enum");
        if (!onlyKeys(node, ENUM_KEYS) || !values.isArray() || values.isEmpty()
                || !"string".equals(node.path("type").asText("string"))) {
            return false;
        }
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                return false;
            }
        }
        // the typed enum always renders "type":"string"; keep a schema without a type exactly as it was
        return node.has("type");
    }

    private static JsonSchemaElement enumeration(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.get("enum").forEach(v -> values.add(v.asText()));
        return JsonEnumSchema.builder().description(description(node)).enumValues(values).build();
    }

    private static boolean onlyKeys(JsonNode node, Set<String> allowed) {
        for (String key : (Iterable<String>) node::fieldNames) {
            if (!allowed.contains(key)) {
                return false;
            }
        }
        return !node.has("description") || node.get("description").isTextual();
    }

    private static String description(JsonNode node) {
        JsonNode description = node.get("description");
        return description == null ? null : description.asText();
    }

    private JsonSchemaElement raw(JsonNode node) {
        // a raw part may point into $defs itself: keep the definitions then
        if (definitions != null && node.toString().contains("\"$ref\"")) {
            definitionsNeeded = true;
        }
        return JsonRawSchema.from(node.toString());
    }
}
