package dev.engram.agent.loop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.llm.ToolSpec;
import dev.engram.agent.web.ApiException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A request's {@code client_tools}: tools the client runs itself. The model is offered them beside the agent's own
 * (a client tool hides an agent tool of the same name); a call to one pauses the run for the client's answer.
 */
final class ClientTools {

    private ClientTools() {
    }

    /** The tools as Letta's ClientToolSchema gives them; a malformed one is a 422 naming the field. */
    static List<ToolSpec> of(JsonNode json) {
        if (json == null || json.isNull()) {
            return List.of();
        }
        if (!json.isArray()) {
            throw ApiException.unprocessable("client_tools: Input should be a valid list");
        }
        List<ToolSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < json.size(); i++) {
            JsonNode t = json.get(i);
            String field = "client_tools[" + i + "]";
            if (!t.isObject()) {
                throw ApiException.unprocessable(field + ": Input should be a valid dictionary");
            }
            if (!t.path("name").isTextual() || t.path("name").asText().isBlank()) {
                throw ApiException.unprocessable(field + ".name: Field required");
            }
            String name = t.path("name").asText();
            if (!names.add(name)) {
                throw ApiException.unprocessable(field + ".name: duplicate client tool '" + name + "'");
            }
            JsonNode description = t.get("description");
            if (description != null && !description.isNull() && !description.isTextual()) {
                throw ApiException.unprocessable(field + ".description: Input should be a valid string");
            }
            JsonNode parameters = t.get("parameters");
            if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
                throw ApiException.unprocessable(field + ".parameters: Input should be a valid dictionary");
            }
            out.add(new ToolSpec(name, description == null || description.isNull() ? null : description.asText(),
                    parameters == null || parameters.isNull() ? emptyObject() : parameters));
        }
        return List.copyOf(out);
    }

    private static JsonNode emptyObject() {
        var o = dev.engram.agent.json.JsonText.MAPPER.createObjectNode().put("type", "object");
        o.putObject("properties");
        return o;
    }

    /**
     * A request's {@code client_skills} ({@code {name, description, location}}: skills the client offers, each read from
     * its location) as an {@code <available_skills>} section of the request's system prompt; "" for none.
     */
    static String skills(JsonNode json) {
        if (json == null || json.isNull()) {
            return "";
        }
        if (!json.isArray()) {
            throw ApiException.unprocessable("client_skills: Input should be a valid list");
        }
        StringBuilder out = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < json.size(); i++) {
            JsonNode skill = json.get(i);
            if (!skill.isObject() || !skill.path("name").isTextual()) {
                throw ApiException.unprocessable("client_skills[" + i + "].name: Field required");
            }
            String name = skill.path("name").asText();
            if (!seen.add(name)) {
                continue;
            }
            String description = skill.path("description").asText("").strip();
            int newline = description.indexOf('\n');
            if (newline >= 0) {
                description = description.substring(0, newline).strip();
            }
            String location = skill.path("location").asText("").strip();
            out.append("- ").append(name);
            if (!description.isEmpty()) {
                out.append(": ").append(description);
            }
            if (!location.isEmpty()) {
                out.append(" (").append(location).append(')');
            }
            out.append('\n');
        }
        return out.isEmpty() ? "" : "<available_skills>\nSkills you can load by reading the file at each one's location:\n" + out
                + "</available_skills>";
    }
}
