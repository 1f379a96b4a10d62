package dev.engram.agent.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.engram.agent.json.StrictTypes;

import java.util.stream.Collectors;

/** The 422 detail of a body Jackson could not read: the field's path first, then what was wrong with it. */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static String detail(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String expected = m instanceof MismatchedInputException mi ? StrictTypes.expected(mi.getTargetType()) : null;
            return "body." + field + ": " + (expected != null ? expected : "invalid value (" + m.getOriginalMessage().split("\n")[0] + ")");
        }
        return "body: invalid JSON (" + e.getOriginalMessage() + ")";
    }
}
