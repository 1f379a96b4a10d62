package dev.engram.agent.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.stream.Collectors;

/** Maps every failure to {@code {"detail": ...}} with Letta's status codes. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder r = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(e.extra().isEmpty() ? new ErrorResponse(e.detail()) : e.body());
        e.headers().forEach(r::header);
        return r.build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(ErrorMappers::describe)
                .collect(Collectors.joining("; "));
        return of(422, detail);
    }

    // the specific Jackson types too: Quarkus ships built-in mappers for them that would answer 400
    @ServerExceptionMapper
    public Response mismatch(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response parse(com.fasterxml.jackson.core.JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return of(422, JsonErrors.detail(e));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        String detail = switch (status) {
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type";
            default -> e.getMessage();
        };
        return of(status, detail);
    }

    @ServerExceptionMapper
    public Response llm(dev.engram.agent.llm.LlmException e) {
        return of(e.httpStatus(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response systemPromptTooLarge(dev.engram.agent.loop.Compactor.SystemPromptTooLarge e) {
        return of(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response circuitOpen(org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException e) {
        return of(503, "memory-service is unavailable (circuit open after repeated failures)");
    }

    @ServerExceptionMapper
    public Response timeout(org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException e) {
        return of(503, "memory-service did not answer in time");
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        Throwable root = rootCause(e);
        if (root instanceof ApiException api) {
            return api(api);
        }
        Throwable down = unreachable(e);
        if (down != null) {
            // PostgreSQL (or another service) refused or dropped the connection: the transaction did not commit
            LOG.warnf("a dependency is unreachable: %s", down);
            return of(503, "A service this request needs is unavailable: " + down.getMessage());
        }
        LOG.error("unexpected error", e);
        return of(500, "Internal server error: " + e);
    }

    /** The connection failure in the cause chain (refused, unroutable, closed under the request), or null. */
    static Throwable unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException
                    || t instanceof java.net.UnknownHostException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return t;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof ApiException)) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // method parameter paths look like "create.body.label" or "list.limit": keep what names the field
        int dot = path.indexOf('.');
        String field = dot >= 0 ? path.substring(dot + 1) : path;
        if (field.startsWith("arg") || field.isEmpty()) {
            field = path;
        }
        // the wire names, as the client sent them: memory_blocks[0].label, not memoryBlocks[0].label
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT) + ": " + v.getMessage();
    }

    public static Response of(int status, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorResponse(detail)).build();
    }
}
