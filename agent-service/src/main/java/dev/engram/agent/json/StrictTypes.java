package dev.engram.agent.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Request bodies are read with Letta's (pydantic's) strictness where Jackson is laxer: a number or a boolean where
 * the contract wants a string ({@code {"text": 42}}) and a fraction where it wants an integer are 422 naming the
 * field, not silently converted and stored.
 */
@Singleton
public class StrictTypes implements ObjectMapperCustomizer {

    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        return mapper;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Pydantic's words for a value of the wrong type, which clients already know. */
    public static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class) {
            return "Input should be a valid string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "Input should be a valid integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "Input should be a valid boolean";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "Input should be a valid number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "Input should be a valid list";
        }
        if (java.util.Map.class.isAssignableFrom(type)) {
            return "Input should be a valid dictionary";
        }
        return null;
    }
}
