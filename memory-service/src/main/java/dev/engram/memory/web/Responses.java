package dev.engram.memory.web;

import dev.engram.memory.idempotency.Outcome;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** HTTP responses of stored outcomes. */
public final class Responses {

    private Responses() {
    }

    public static Response of(Outcome outcome) {
        if (outcome.body() == null) {
            return Response.status(outcome.status() == 200 ? 204 : outcome.status()).build();
        }
        return Response.status(outcome.status()).type(MediaType.APPLICATION_JSON).entity(outcome.body()).build();
    }

    /** Validates a page size. */
    public static int limit(Integer limit, int defaultLimit) {
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1 || limit > 10_000) {
            throw ApiException.unprocessable("limit: must be between 1 and 10000");
        }
        return limit;
    }

    public static boolean ascending(String order, boolean defaultAscending) {
        if (order == null) {
            return defaultAscending;
        }
        return switch (order) {
            case "asc" -> true;
            case "desc" -> false;
            default -> throw ApiException.unprocessable("order: Input should be 'asc' or 'desc'");
        };
    }
}
