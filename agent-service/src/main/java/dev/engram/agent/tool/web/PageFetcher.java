package dev.engram.agent.tool.web;

import dev.engram.agent.tool.ToolFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * GETs a page for fetch_webpage, safely: only http and https; the host is resolved first, every address it resolves
 * to is checked ({@link AddressGuard}) and the connection goes to a checked address, so a name that resolves
 * differently a moment later (DNS rebinding) cannot slip past the check. Redirects are followed by hand, each hop
 * checked like the first. The body is read up to the byte limit, the whole fetch within the time limit.
 * Callbacks run on the caller's Vert.x context.
 */
final class PageFetcher {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5";

    private final Vertx vertx;
    private final WebToolsConfig config;
    private final AddressGuard guard;
    private final HostResolver resolver;
    private final HttpClient client;

    PageFetcher(Vertx vertx, WebToolsConfig config, HostResolver resolver) {
        this.vertx = vertx;
        this.config = config;
        this.guard = AddressGuard.of(config);
        this.resolver = resolver;
        // no pooled connections: each request goes to the address checked for it
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setKeepAlive(false)
                .setDecompressionSupported(true)
                .setVerifyHost(true));
    }

    /** The page at {@code url}; fails with a {@link ToolFailure} the model can read. */
    Future<Page> fetch(String url) {
        URI uri;
        try {
            uri = WebUrls.parse(url);
        } catch (ToolFailure f) {
            return Future.failedFuture(f);
        }
        Context context = vertx.getOrCreateContext();
        Fetch fetch = new Fetch(Promise.promise());
        context.runOnContext(ignored -> {
            long ms = config.fetchTimeout().toMillis();
            long timer = vertx.setTimer(ms, id -> fetch.fail(new ToolFailure("TimeoutError",
                    "fetching " + url + " took longer than " + WebUrls.seconds(config.fetchTimeout()) + "; nothing was read in time")));
            fetch.done.future().onComplete(r -> vertx.cancelTimer(timer));
            hop(fetch, uri, 0);
        });
        return fetch.done.future();
    }

    /** One fetch in progress: its outcome, and the request on the wire (reset when the fetch ends early). */
    private static final class Fetch {
        final Promise<Page> done;
        volatile HttpClientRequest current;

        Fetch(Promise<Page> done) {
            this.done = done;
        }

        boolean finished() {
            return done.future().isComplete();
        }

        void complete(Page page) {
            done.tryComplete(page);
        }

        void fail(Throwable error) {
            if (done.tryFail(error)) {
                abort();
            }
        }

        void abort() {
            HttpClientRequest r = current;
            if (r != null) {
                r.reset();
            }
        }
    }

    private void hop(Fetch fetch, URI uri, int redirects) {
        String host = WebUrls.host(uri);
        vertx.<List<InetAddress>>executeBlocking(() -> resolver.resolve(host), false)
                .onFailure(e -> fetch.fail(e instanceof UnknownHostException
                        ? new ToolFailure("ConnectionError", "the host " + host + " of " + uri + " could not be resolved")
                        : new ToolFailure("ConnectionError", "resolving " + host + " failed: " + e.getMessage())))
                .onSuccess(addresses -> {
                    if (fetch.finished()) {
                        return;
                    }
                    if (addresses.isEmpty()) {
                        fetch.fail(new ToolFailure("ConnectionError", "the host " + host + " of " + uri + " has no address"));
                        return;
                    }
                    for (InetAddress address : addresses) {
                        Optional<String> refusal = guard.refusal(address);
                        if (refusal.isPresent()) {
                            fetch.fail(refused(uri, host, address, refusal.get()));
                            return;
                        }
                    }
                    request(fetch, uri, addresses.getFirst(), redirects);
                });
    }

    private static ToolFailure refused(URI uri, String host, InetAddress address, String kind) {
        String where = host.equals(address.getHostAddress()) ? host : host + " resolves to " + address.getHostAddress();
        return ToolFailure.valueError("refused to fetch " + uri + ": " + where + ", " + kind + "; fetch_webpage only reaches "
                + "public addresses (engram.tools.web.allow-private-addresses allows others)");
    }

    private void request(Fetch fetch, URI uri, InetAddress address, int redirects) {
        int port = WebUrls.port(uri);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setSsl("https".equalsIgnoreCase(uri.getScheme()))
                .setHost(WebUrls.host(uri))
                .setPort(port)
                .setURI(WebUrls.pathAndQuery(uri))
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false)
                .putHeader(HttpHeaders.USER_AGENT, config.userAgent())
                .putHeader(HttpHeaders.ACCEPT, ACCEPT);
        client.request(options)
                .compose(r -> {
                    fetch.current = r;
                    if (fetch.finished()) {
                        r.reset();
                    }
                    return r.send();
                })
                .onFailure(e -> fetch.fail(connectionFailure(uri, e)))
                .onSuccess(response -> answer(fetch, uri, response, redirects));
    }

    private void answer(Fetch fetch, URI uri, HttpClientResponse response, int redirects) {
        if (fetch.finished()) {
            return;
        }
        // a response given up on (a redirect, an error, a cut body) is reset: its reset is no failure of the fetch
        response.exceptionHandler(ignored -> { });
        int status = response.statusCode();
        if (REDIRECTS.contains(status)) {
            fetch.abort(); // the redirect's own body is of no use
            String location = response.getHeader(HttpHeaders.LOCATION);
            if (location == null || location.isBlank()) {
                fetch.fail(new ToolFailure("HTTPError", uri + " answered HTTP " + status + " without a Location to go to"));
            } else if (redirects >= config.maxRedirects()) {
                fetch.fail(new ToolFailure("HTTPError", uri + " redirected more than " + config.maxRedirects() + " times"));
            } else {
                try {
                    hop(fetch, WebUrls.redirect(uri, location), redirects + 1);
                } catch (ToolFailure f) {
                    fetch.fail(f);
                }
            }
            return;
        }
        if (status >= 400) {
            fetch.fail(new ToolFailure("HTTPError", uri + " answered HTTP " + status
                    + (response.statusMessage() == null || response.statusMessage().isBlank() ? "" : " " + response.statusMessage())));
            return;
        }
        String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE);
        if (ContentKind.of(contentType) == ContentKind.BINARY) {
            fetch.fail(PageText.binary(uri, ContentKind.mime(contentType)));
            return;
        }
        int max = config.maxBytes();
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (fetch.finished()) {
                return;
            }
            int room = max - body.length();
            if (chunk.length() > room) {
                body.appendBuffer(chunk, 0, room);
                fetch.complete(new Page(uri, contentType, body.getBytes(), true));
                fetch.abort(); // the rest is not downloaded
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(e -> fetch.fail(connectionFailure(uri, e)));
        response.endHandler(ignored -> fetch.complete(new Page(uri, contentType, body.getBytes(), false)));
    }

    private ToolFailure connectionFailure(URI uri, Throwable e) {
        if (e instanceof ToolFailure f) {
            return f;
        }
        String where = WebUrls.host(uri) + ":" + WebUrls.port(uri);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")
                || message.toLowerCase(Locale.ROOT).contains("timed out")) {
            return new ToolFailure("TimeoutError", "could not connect to " + where + " within "
                    + WebUrls.seconds(config.connectTimeout()));
        }
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            return new ToolFailure("SSLError", "the TLS connection to " + where + " failed: " + message);
        }
        if (e instanceof ConnectException) {
            return new ToolFailure("ConnectionError", "could not connect to " + where + ": " + message);
        }
        return new ToolFailure("ConnectionError", "fetching " + uri + " failed: " + message);
    }
}
