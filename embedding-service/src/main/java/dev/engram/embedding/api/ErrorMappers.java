package dev.engram.embedding.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.engram.embedding.batch.QueueFullException;
import dev.engram.embedding.service.EmbeddingFailure;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves the service as {@code {"detail": "..."}} with the status the API documents. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> failure(EmbeddingFailure e) {
        if (e.status() >= 500) {
            LOG.warnf("answering %d: %s", e.status(), e.getMessage());
        }
        var response = ErrorResponse.with(e.status(), e.getMessage());
        e.retryAfterSeconds().ifPresent(s -> response.header(HttpHeaders.RETRY_AFTER, s));
        return response.build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> queueFull(QueueFullException e) {
        return ErrorResponse.with(429, e.getMessage())
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .build();
    }

    /** A field of the wrong JSON type, e.g. {@code "dimensions": "ten"}. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> mismatched(MismatchedInputException e) {
        String field = path(e);
        String expected = e.getTargetType() == null ? "another type" : simpleType(e.getTargetType());
        return ErrorResponse.with(422, (field.isEmpty() ? "body" : field) + ": must be " + expected).build();
    }

    /** Not JSON at all. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> malformed(JsonProcessingException e) {
        return ErrorResponse.with(400, "body: malformed JSON: " + e.getOriginalMessage()).build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> violations(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return ErrorResponse.with(422, detail).build();
    }

    /** 404, 405, 415 and the like, raised by the framework; a body that is not JSON arrives here as a 400. */
    @ServerExceptionMapper
    public RestResponse<ErrorResponse> web(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException mismatch) {
                return mismatched(mismatch);
            }
            if (cause instanceof JsonProcessingException json) {
                return malformed(json);
            }
        }
        return ErrorResponse.with(e.getResponse().getStatus(), e.getMessage()).build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorResponse> unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return ErrorResponse.with(500, "internal error: " + e.getClass().getSimpleName()).build();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == String.class) {
            return "a string";
        }
        return "of type " + type.getSimpleName();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
