package dev.engram.agent.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.agent.web.ApiException;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Talks to MCP servers through the official MCP Java SDK: one connection per operation (connect, MCP's initialize
 * handshake, the request, close), as Letta does, so that nothing stale outlives a server's restart or a changed
 * config. Failures come back as {@link McpFailure}s; answers continue on the caller's Vert.x context.
 */
@ApplicationScoped
public class McpConnector {

    private static final Logger LOG = Logger.getLogger(McpConnector.class);
    /** The SDK's own JSON: MCP's camelCase wire format, not the API's snake_case. */
    private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());
    private static final McpSchema.Implementation CLIENT = McpSchema.Implementation.builder("engram", "0.1.0").build();

    private final McpConfig config;

    public McpConnector(McpConfig config) {
        this.config = config;
    }

    /** Every tool the server lists, all pages. */
    Uni<List<McpSchema.Tool>> listTools(McpTarget target) {
        return withClient(target, client -> listAll(client, null, new ArrayList<>()));
    }

    Uni<McpSchema.CallToolResult> callTool(McpTarget target, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolRequest request = McpSchema.CallToolRequest.builder().name(tool).arguments(arguments).build();
        return withClient(target, client -> client.callTool(request));
    }

    private static Mono<List<McpSchema.Tool>> listAll(McpAsyncClient client, String cursor, List<McpSchema.Tool> into) {
        return client.listTools(cursor).flatMap(page -> {
            into.addAll(page.tools() == null ? List.of() : page.tools());
            return page.nextCursor() == null || page.nextCursor().isEmpty() ? Mono.just(into) : listAll(client, page.nextCursor(), into);
        });
    }

    private <T> Uni<T> withClient(McpTarget target, Function<McpAsyncClient, Mono<T>> operation) {
        if (target.type() == McpServerType.STDIO && !config.stdioEnabled()) {
            return Uni.createFrom().failure(stdioDisabled());
        }
        Context caller = Vertx.currentContext();
        Uni<T> uni = checkUrl(target.type(), target.url()).chain(() -> Uni.createFrom().completionStage(() -> {
            WatchedTransport transport = new WatchedTransport(transport(target));
            return Mono.usingWhen(
                    Mono.fromSupplier(() -> client(transport)),
                    client -> Mono.firstWithSignal(client.initialize(), transport.<McpSchema.InitializeResult>failure())
                            .onErrorMap(e -> connectFailure(target, e))
                            .then(Mono.defer(() -> operation.apply(client)))
                            .onErrorMap(e -> !(e instanceof McpFailure), e -> callFailure(target, e)),
                    client -> client.closeGracefully().onErrorResume(e -> Mono.empty()))
                    .toFuture();
        }));
        return caller == null ? uni : uni.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    /**
     * Refuses (400) a URL of this machine or a private network where {@code engram.mcp.block-internal-urls} is on.
     * Host names are resolved off the event loop; the answer continues on the caller's context.
     */
    public Uni<Void> checkUrl(McpServerType type, String url) {
        if (!config.blockInternalUrls() || type == null || !type.http() || url == null) {
            return Uni.createFrom().voidItem();
        }
        Context caller = Vertx.currentContext();
        Uni<Void> uni = Uni.createFrom().<Void>item(() -> {
            ServerUrls.refuseInternal(url);
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller == null ? uni : uni.emitOn(command -> caller.runOnContext(ignored -> command.run()));
    }

    private McpAsyncClient client(McpClientTransport transport) {
        return McpClient.async(transport)
                .clientInfo(CLIENT)
                .requestTimeout(config.callTimeout())
                .initializationTimeout(config.connectTimeout())
                .jsonSchemaValidator(new DefaultJsonSchemaValidator())
                .build();
    }

    @SuppressWarnings("deprecation") // HTTP+SSE is MCP's older transport, deprecated in the SDK, still served widely
    private McpClientTransport transport(McpTarget target) {
        if (target.type() == McpServerType.STDIO) {
            ServerParameters params = ServerParameters.builder(target.command()).args(target.args())
                    .env(target.env() == null ? Map.of() : target.env()).build();
            return new StdioClientTransport(params, JSON) {
                @Override
                protected ProcessBuilder getProcessBuilder() {
                    // not this server's environment (its database URI, provider keys): only the SDK's few defaults
                    // (HOME, PATH, USER, ...) and the server's configured env reach the command
                    ProcessBuilder builder = new ProcessBuilder();
                    builder.environment().clear();
                    return builder;
                }
            };
        }
        URI uri = URI.create(target.url());
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpRequest.Builder request = HttpRequest.newBuilder();
        try {
            target.headers().forEach(request::header);
        } catch (IllegalArgumentException e) {
            // the JDK refuses malformed and restricted headers (Host, Content-Length, ...)
            throw ApiException.badRequest("MCP server " + target.serverName() + " has a header that cannot be sent: " + e.getMessage());
        }
        if (target.type() == McpServerType.SSE) {
            return HttpClientSseClientTransport.builder(base).sseEndpoint(path).requestBuilder(request)
                    .connectTimeout(config.connectTimeout()).jsonMapper(JSON).build();
        }
        return HttpClientStreamableHttpTransport.builder(base).endpoint(path).requestBuilder(request)
                .connectTimeout(config.connectTimeout()).jsonMapper(JSON).build();
    }

    static ApiException stdioDisabled() {
        return ApiException.badRequest("MCP stdio servers are disabled on this server: a stdio server is a command the server "
                + "runs itself. Set ENGRAM_MCP_STDIO=true to allow them (single-user deployments only).");
    }

    private McpFailure connectFailure(McpTarget target, Throwable e) {
        if (e instanceof McpFailure f) {
            return f;
        }
        if (timedOut(e)) {
            // the handshake is bounded by both: the whole connection, and initialize as one request
            Duration bound = config.connectTimeout().compareTo(config.callTimeout()) < 0 ? config.connectTimeout() : config.callTimeout();
            return new McpFailure(McpFailure.Kind.TIMEOUT, "MCP server '" + target.serverName() + "' at " + target.describe()
                    + " did not complete the connection within " + seconds(bound), e);
        }
        LOG.debugf(e, "connecting to MCP server %s failed", target.serverName());
        return new McpFailure(McpFailure.Kind.UNREACHABLE, "Failed to connect to MCP server '" + target.serverName() + "' at "
                + target.describe() + ": " + reason(e), e);
    }

    private Throwable callFailure(McpTarget target, Throwable e) {
        if (timedOut(e)) {
            return new McpFailure(McpFailure.Kind.TIMEOUT, "MCP server '" + target.serverName() + "' did not answer within "
                    + seconds(config.callTimeout()), e);
        }
        if (e instanceof ApiException) {
            return e;
        }
        return new McpFailure(McpFailure.Kind.UNREACHABLE, "MCP server '" + target.serverName() + "' failed: " + reason(e), e);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The most telling words in the cause chain: the SDK wraps the transport's exceptions in generic ones, and the
     * JDK's connection errors often carry no message.
     */
    static String reason(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException auth) {
                int status = auth.getResponseInfo() == null ? 401 : auth.getResponseInfo().statusCode();
                return "the server refused the request with HTTP " + status + " (authorization required)";
            }
            if (t instanceof java.net.ConnectException) {
                return t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : t.getMessage();
            }
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message != null ? message : e.getClass().getSimpleName();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
