package dev.engram.memory.index.qdrant;

import java.net.URI;
import java.util.Locale;

/** Where the Qdrant gRPC API listens, parsed from QDRANT_URL. */
record QdrantEndpoint(String host, int port, boolean tls) {

    static final int GRPC_PORT = 6334;
    static final int REST_PORT = 6333;

    /** {@code http://host:6334} (plain), {@code https://host} (TLS) or {@code host[:port]}; the port defaults to 6334. */
    static QdrantEndpoint parse(String url) {
        String trimmed = url.trim();
        URI uri = URI.create(trimmed.contains("://") ? trimmed : "http://" + trimmed);
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("QDRANT_URL must start with http:// or https://, not " + scheme);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("QDRANT_URL has no host: " + url);
        }
        return new QdrantEndpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : GRPC_PORT,
                scheme.equals("https"));
    }
}
