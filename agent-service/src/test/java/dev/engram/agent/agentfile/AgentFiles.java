package dev.engram.agent.agentfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test fixture: agent files exported, uploaded and compared. */
final class AgentFiles {

    static final ObjectMapper JSON = new ObjectMapper();

    private AgentFiles() {
    }

    static ObjectNode export(String agentId, Map<String, ?> query) {
        String body = given().queryParams(query).get("/v1/agents/{id}/export", agentId).then().statusCode(200).extract().asString();
        return read(body);
    }

    static ObjectNode export(String agentId) {
        return export(agentId, Map.of());
    }

    static ObjectNode read(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = AgentFiles.class.getResourceAsStream("/agentfiles/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource agentfiles/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ValidatableResponse upload(byte[] file, Map<String, String> form) {
        RequestSpecification r = given().multiPart("file", "agent.af", file, "application/json");
        form.forEach(r::multiPart);
        return r.post("/v1/agents/import").then().log().ifValidationFails();
    }

    static ValidatableResponse upload(JsonNode doc, Map<String, String> form) {
        return upload(doc.toString().getBytes(StandardCharsets.UTF_8), form);
    }

    /** The document without what differs between exports of equal agents: the export time. */
    static ObjectNode normalised(ObjectNode doc) {
        ObjectNode copy = doc.deepCopy();
        copy.remove("created_at");
        return copy;
    }

    /** The document with the agent id and the recompile time of each system prompt blanked (they name the agent). */
    static ObjectNode withoutPromptIdAndTime(ObjectNode doc) {
        ObjectNode copy = doc.deepCopy();
        for (JsonNode a : copy.path("agents")) {
            for (JsonNode m : a.path("messages")) {
                if ("system".equals(m.path("role").asText())) {
                    for (JsonNode c : m.path("content")) {
                        if (c.hasNonNull("text")) {
                            ((ObjectNode) c).put("text", c.get("text").asText()
                                    .replaceAll("- AGENT_ID: agent-[0-9a-f-]+", "- AGENT_ID: ?")
                                    .replaceAll("- System prompt last recompiled: [^\\n]*", "- System prompt last recompiled: ?"));
                        }
                    }
                }
            }
        }
        return copy;
    }

    /** Every field path of a JSON tree where two documents differ (for a readable failure). */
    static String diff(JsonNode a, JsonNode b, String path) {
        StringBuilder out = new StringBuilder();
        if (a == null || b == null || a.getNodeType() != b.getNodeType()) {
            return path + ": " + a + " vs " + b + "\n";
        }
        if (a.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                out.append(diff(a.get(f), b.get(f), path + "." + f));
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!a.has(f)) {
                    out.append(path).append(".").append(f).append(": missing vs ").append(b.get(f)).append("\n");
                }
            }
        } else if (a.isArray()) {
            if (a.size() != b.size()) {
                return path + ": " + a.size() + " items vs " + b.size() + "\n";
            }
            for (int i = 0; i < a.size(); i++) {
                out.append(diff(a.get(i), b.get(i), path + "[" + i + "]"));
            }
        } else if (!a.equals(b)) {
            out.append(path).append(": ").append(a).append(" vs ").append(b).append("\n");
        }
        return out.toString();
    }

    static ArrayNode array(JsonNode n, String field) {
        return (ArrayNode) n.get(field);
    }
}
