package dev.engram.memory.index.qdrant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QdrantEndpointTest {

    @Test
    void http_url_is_plain_grpc_on_its_port() {
        assertEquals(new QdrantEndpoint("qdrant", 6334, false), QdrantEndpoint.parse("http://qdrant:6334"));
    }

    @Test
    void https_url_uses_tls_and_the_default_grpc_port() {
        assertEquals(new QdrantEndpoint("xyz.cloud.qdrant.io", 6334, true),
                QdrantEndpoint.parse(" https://xyz.cloud.qdrant.io "));
    }

    @Test
    void bare_host_and_port_is_plain() {
        assertEquals(new QdrantEndpoint("localhost", 7000, false), QdrantEndpoint.parse("localhost:7000"));
    }

    @Test
    void other_schemes_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> QdrantEndpoint.parse("ftp://qdrant:6334"));
    }
}
