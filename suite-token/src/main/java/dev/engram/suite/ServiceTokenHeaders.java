package dev.engram.suite;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import java.util.Optional;

/**
 * The sending side of {@link ServiceTokenFilter}: adds {@code X-Engram-Service-Token} ({@code engram.service-token},
 * when set) to every call of a REST client that names it in {@code @RegisterClientHeaders} — agent-service's clients of
 * memory-service and embedding-service, memory-service's client of embedding-service. A CDI bean (this jar's
 * {@code beans.xml}), so the client gets it with its configuration injected; unconditional, unlike the filter.
 */
@ApplicationScoped
public class ServiceTokenHeaders implements ClientHeadersFactory {

    private final Optional<String> token;

    public ServiceTokenHeaders(@ConfigProperty(name = "engram.service-token") Optional<String> token) {
        this.token = token.map(String::trim).filter(t -> !t.isEmpty());
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming, MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        token.ifPresent(t -> headers.putSingle(ServiceTokenFilter.HEADER, t));
        return headers;
    }
}
