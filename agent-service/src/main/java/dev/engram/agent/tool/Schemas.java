package dev.engram.agent.tool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the JSON Schemas of tool parameters. */
public final class Schemas {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ObjectNode properties = JSON.objectNode();
    private final ArrayNode required = JSON.arrayNode();

    public static Schemas object() {
        return new Schemas();
    }

    public Schemas string(String name, String description, boolean isRequired) {
        return property(name, JSON.objectNode().put("type", "string").put("description", description), isRequired);
    }

    public Schemas integer(String name, String description, boolean isRequired) {
        return property(name, JSON.objectNode().put("type", "integer").put("description", description), isRequired);
    }

    public Schemas bool(String name, String description, boolean isRequired) {
        return property(name, JSON.objectNode().put("type", "boolean").put("description", description), isRequired);
    }

    public Schemas stringList(String name, String description, boolean isRequired) {
        ObjectNode p = JSON.objectNode().put("type", "array");
        p.set("items", JSON.objectNode().put("type", "string"));
        p.put("description", description);
        return property(name, p, isRequired);
    }

    public Schemas enumList(String name, String description, String... values) {
        ObjectNode items = JSON.objectNode().put("type", "string");
        ArrayNode e = items.putArray("enum");
        for (String v : values) {
            e.add(v);
        }
        ObjectNode p = JSON.objectNode().put("type", "array");
        p.set("items", items);
        p.put("description", description);
        return property(name, p, false);
    }

    public Schemas choice(String name, String description, String... values) {
        ObjectNode p = JSON.objectNode().put("type", "string");
        ArrayNode e = p.putArray("enum");
        for (String v : values) {
            e.add(v);
        }
        p.put("description", description);
        return property(name, p, false);
    }

    private Schemas property(String name, ObjectNode schema, boolean isRequired) {
        properties.set(name, schema);
        if (isRequired) {
            required.add(name);
        }
        return this;
    }

    public ObjectNode build() {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        schema.set("properties", properties);
        schema.set("required", required);
        return schema;
    }
}
