package dev.engram.agent.memory;

import dev.engram.agent.web.ApiException;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import jakarta.ws.rs.ProcessingException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a failed call to memory-service becomes: an outage is a 503 (retried, counted by the breaker), never a 500. */
class MemoryClientErrorsTest {

    @Test
    void a_read_timeout_is_memory_unavailable() {
        Throwable t = MemoryClient.translate(new NoStackTraceTimeoutException(
                "The timeout period of 30000ms has been exceeded while executing GET /v1/agents/a/context"));
        MemoryUnavailable unavailable = assertInstanceOf(MemoryUnavailable.class, t);
        assertEquals(503, unavailable.status());
        assertTrue(unavailable.detail().contains("timeout period"), unavailable.detail());
    }

    @Test
    void refused_and_broken_connections_are_memory_unavailable() {
        assertInstanceOf(MemoryUnavailable.class, MemoryClient.translate(new ConnectException("Connection refused")));
        assertInstanceOf(MemoryUnavailable.class, MemoryClient.translate(new ProcessingException(new ConnectException("refused"))));
    }

    @Test
    void answers_of_memory_service_pass_through_unchanged() {
        ApiException notFound = ApiException.notFound("Block not found");
        assertSame(notFound, MemoryClient.translate(notFound));
    }

    @Test
    void a_refused_service_token_is_memory_unavailable_not_the_callers_401() {
        MemoryUnavailable unavailable = assertInstanceOf(MemoryUnavailable.class,
                MemoryApi.toException(jakarta.ws.rs.core.Response.status(401).build()));
        assertEquals(503, unavailable.status());
        assertTrue(unavailable.detail().contains("ENGRAM_SERVICE_TOKEN"), unavailable.detail());
    }
}
