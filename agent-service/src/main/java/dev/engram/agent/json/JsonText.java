package dev.engram.agent.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * JSON stored as text. The reactive PostgreSQL driver maps only JSON objects natively; messages hold arrays too, and
 * nothing queries inside them, so a text column with our own (de)serialization is simpler and exact.
 */
@Converter
public class JsonText implements AttributeConverter<JsonNode, String> {

    /** snake_case, ISO-8601 dates: the wire format, for the few places that build JSON trees by hand. */
    public static final ObjectMapper MAPPER = StrictTypes.apply(new ObjectMapper())
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public String convertToDatabaseColumn(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public JsonNode convertToEntityAttribute(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }

    /** The value, or null for none: Jackson reads an explicit JSON {@code null} into a JsonNode field as a null node. */
    public static JsonNode present(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }
}
