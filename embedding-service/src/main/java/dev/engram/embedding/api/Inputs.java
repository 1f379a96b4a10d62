package dev.engram.embedding.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.embedding.service.EmbeddingFailure;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks the {@code input} field: a string, or an array of strings; every message names its field. */
final class Inputs {

    private Inputs() {
    }

    static List<String> parse(JsonNode input, int maxInputs) {
        if (input == null || input.isNull() || input.isMissingNode()) {
            throw EmbeddingFailure.invalid("input: is required");
        }
        if (input.isTextual()) {
            return List.of(checked("input", input.textValue()));
        }
        if (!input.isArray()) {
            throw EmbeddingFailure.invalid("input: must be a string or an array of strings");
        }
        if (input.isEmpty()) {
            throw EmbeddingFailure.invalid("input: must not be an empty array");
        }
        if (input.size() > maxInputs) {
            throw EmbeddingFailure.tooLarge("input: " + input.size() + " items; at most " + maxInputs
                    + " per request");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!item.isTextual()) {
                throw EmbeddingFailure.invalid("input[" + i + "]: must be a string, not "
                        + item.getNodeType().name().toLowerCase() + (item.isArray() ? " (token arrays are not supported)" : ""));
            }
            texts.add(checked("input[" + i + "]", item.textValue()));
        }
        return texts;
    }

    private static String checked(String field, String text) {
        if (text.isEmpty()) {
            throw EmbeddingFailure.invalid(field + ": must not be empty");
        }
        if (text.isBlank()) {
            throw EmbeddingFailure.invalid(field + ": must not be blank");
        }
        return text;
    }
}
