package dev.engram.agent.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A transport whose failure to connect is seen at once. The SDK's client only logs it (an SSE endpoint that refuses
 * the connection would otherwise surface as the initialize request timing out).
 */
final class WatchedTransport implements McpClientTransport {

    private final McpClientTransport delegate;
    private final Sinks.One<Throwable> failed = Sinks.one();

    WatchedTransport(McpClientTransport delegate) {
        this.delegate = delegate;
    }

    /** Fails with the connection's error, if it has one; never completes otherwise. */
    <T> Mono<T> failure() {
        return failed.asMono().flatMap(Mono::error);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(handler).doOnError(failed::tryEmitValue);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return delegate.sendMessage(message);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return delegate.unmarshalFrom(data, type);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
