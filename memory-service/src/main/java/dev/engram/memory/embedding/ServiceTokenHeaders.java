package dev.engram.memory.embedding;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import java.util.Optional;

/** Sends the suite's service token ({@code engram.service-token}) with every call to embedding-service, when set. */
@ApplicationScoped
public class ServiceTokenHeaders implements ClientHeadersFactory {

    static final String HEADER = "X-Engram-Service-Token";

    private final Optional<String> token;

    public ServiceTokenHeaders(@ConfigProperty(name = "engram.service-token") Optional<String> token) {
        this.token = token.map(String::trim).filter(t -> !t.isEmpty());
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        token.ifPresent(t -> headers.putSingle(HEADER, t));
        return headers;
    }
}
