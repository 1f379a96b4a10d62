package dev.engram.agent.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorMappersTest {

    private final ErrorMappers mappers = new ErrorMappers();

    private static String detail(Response response) {
        return ((ErrorResponse) response.getEntity()).detail();
    }

    @Test
    void a_refused_database_connection_deep_in_the_cause_chain_is_a_503_naming_it() {
        Throwable wrapped = new CompletionException(new IllegalStateException("session failed",
                new ConnectException("Connection refused: /127.0.0.1:5432")));
        Response response = mappers.unexpected(wrapped);
        assertEquals(503, response.getStatus());
        assertTrue(detail(response).contains("unavailable") && detail(response).contains("Connection refused"), detail(response));
    }

    @Test
    void a_connection_closed_under_a_query_is_a_503() {
        Response response = mappers.unexpected(new RuntimeException(io.vertx.sqlclient.ClosedConnectionException.INSTANCE));
        assertEquals(503, response.getStatus());
    }

    @Test
    void any_other_failure_stays_a_500() {
        Response response = mappers.unexpected(new IllegalStateException("boom"));
        assertEquals(500, response.getStatus());
        assertTrue(detail(response).contains("boom"), detail(response));
    }
}
