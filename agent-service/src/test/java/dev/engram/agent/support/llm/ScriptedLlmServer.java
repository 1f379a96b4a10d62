package dev.engram.agent.support.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The common part of the scripted LLM servers: an HTTP server on a random local port that answers each model call
 * with the next enqueued {@link ScriptedReply} (or the default reply), logs what it received, and lists models.
 * Thread-safe; {@link #reset()} between tests. No test framework inside, so benchmark programs can use it too.
 */
public abstract class ScriptedLlmServer<S extends ScriptedLlmServer<S>> implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    /** One model call as the server received it. */
    public record Received(String path, Map<String, List<String>> headers, JsonNode body) {

        /** The first value of a request header, null when absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().getFirst()).orElse(null);
        }
    }

    /** A model call answered: its body and how long the server took, from receiving it to the last byte sent. */
    public record Answered(JsonNode body, long handlerNanos) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<ScriptedReply> replies = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new ArrayList<>();
    private int callCount; // guarded by received
    private final Set<CountDownLatch> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger modelListCalls = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> initialModels;
    private volatile Function<JsonNode, ScriptedReply> defaultReply = request -> ScriptedReply.text("ok");
    private volatile Duration latency = Duration.ZERO;
    private volatile String apiKey;
    private volatile boolean keepRequests = true;
    private volatile Consumer<Answered> onAnswered;
    private volatile List<String> models;
    private volatile int modelListStatus = 200;

    protected ScriptedLlmServer(String callPath, List<String> listedModels) {
        this.initialModels = List.copyOf(listedModels);
        this.models = initialModels;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext(callPath, this::call);
        server.createContext("/v1/models", this::listModels);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves one more path (a subclass's extra endpoints); the server already runs. */
    protected final void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** The base URL clients are configured with, up to and including {@code /v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Answers the next calls with these replies, in order. */
    public S enqueue(ScriptedReply... next) {
        replies.addAll(List.of(next));
        return self();
    }

    /** The answer when the queue is empty, computed from the request body; {@code text("ok")} unless set. */
    public S defaultReply(Function<JsonNode, ScriptedReply> reply) {
        this.defaultReply = reply;
        return self();
    }

    /** Delay before every answer. */
    public S latency(Duration delay) {
        this.latency = delay;
        return self();
    }

    /** Refuses calls (HTTP 401) that do not carry this key; null accepts any. */
    public S requireApiKey(String key) {
        this.apiKey = key;
        return self();
    }

    /** The model ids {@code GET /v1/models} lists. */
    public S models(List<String> ids) {
        this.models = List.copyOf(ids);
        return self();
    }

    /** Makes {@code GET /v1/models} answer with this status (an error body when >= 400). */
    public S modelListStatus(int status) {
        this.modelListStatus = status;
        return self();
    }

    /**
     * Whether to keep every call for {@link #requests()} (the default). Long benchmark runs turn it off: the calls are
     * still counted, but their bodies are not held in memory.
     */
    public S keepRequests(boolean keep) {
        this.keepRequests = keep;
        return self();
    }

    /** Called after each answered model call (errors included) with the time the server spent on it. */
    public S onAnswered(Consumer<Answered> listener) {
        this.onAnswered = listener;
        return self();
    }

    /** The model calls received so far, oldest first. */
    public List<Received> requests() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public Received lastRequest() {
        synchronized (received) {
            return received.isEmpty() ? null : received.getLast();
        }
    }

    public int requestCount() {
        synchronized (received) {
            return callCount;
        }
    }

    public int modelListCalls() {
        return modelListCalls.get();
    }

    /** Waits until at least {@code count} model calls have arrived; false if that took longer than {@code timeout}. */
    public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (callCount < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return true;
        }
    }

    /** Forgets replies, requests and settings, and releases every held request. */
    public void reset() {
        replies.clear();
        synchronized (received) {
            received.clear();
            callCount = 0;
        }
        keepRequests = true;
        onAnswered = null;
        releaseHeld();
        modelListCalls.set(0);
        defaultReply = request -> ScriptedReply.text("ok");
        latency = Duration.ZERO;
        apiKey = null;
        modelListStatus = 200;
        models = initialModels;
    }

    @Override
    public void close() {
        releaseHeld();
        server.stop(0);
        executor.shutdownNow();
    }

    /** Whether the request carries {@code key}, in the server's own header. */
    protected abstract boolean hasKey(HttpExchange exchange, String key);

    /** Writes the reply (never an error) in the server's format, as JSON or as a stream. */
    protected abstract void answer(HttpExchange exchange, JsonNode request, ScriptedReply reply, boolean stream)
            throws IOException;

    /** The error body of the server's format. */
    protected abstract ObjectNode errorBody(String type, String code, String message);

    /** The body of {@code GET /v1/models}. */
    protected abstract JsonNode modelList(List<String> ids);

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** A fresh id for responses, unique within this server. */
    protected int nextId() {
        return ids.incrementAndGet();
    }

    private void call(HttpExchange exchange) throws IOException {
        try (exchange) {
            long start = System.nanoTime();
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            synchronized (received) {
                if (keepRequests) {
                    received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), request));
                }
                callCount++;
                received.notifyAll();
            }
            ScriptedReply reply = replies.poll();
            if (reply == null) {
                reply = defaultReply.apply(request);
            }
            pause(latency);
            pause(reply.latency());
            if (reply.hold() != null) {
                held.add(reply.hold());
                reply.hold().await();
                held.remove(reply.hold());
            }
            String key = apiKey;
            if (key != null && !hasKey(exchange, key)) {
                sendJson(exchange, 401, errorBody("authentication_error", "invalid_api_key", "Incorrect API key provided"));
            } else if (reply.isError()) {
                sendJson(exchange, reply.errorStatus(), errorBody(reply.errorType(), reply.errorCode(), reply.errorMessage()));
            } else {
                answer(exchange, request, reply, request.path("stream").asBoolean(false));
            }
            Consumer<Answered> listener = onAnswered;
            if (listener != null) {
                listener.accept(new Answered(request, System.nanoTime() - start));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the client closed the connection (timeout, cancelled stream): nothing left to answer
        }
    }

    private void listModels(HttpExchange exchange) throws IOException {
        try (exchange) {
            modelListCalls.incrementAndGet();
            int status = modelListStatus;
            String key = apiKey;
            if (key != null && !hasKey(exchange, key)) {
                sendJson(exchange, 401, errorBody("authentication_error", "invalid_api_key", "Incorrect API key provided"));
            } else if (status >= 400) {
                sendJson(exchange, status, errorBody("server_error", null, "scripted model list failure"));
            } else {
                sendJson(exchange, status, modelList(models));
            }
        }
    }

    private static void pause(Duration delay) throws InterruptedException {
        if (delay != null && !delay.isZero()) {
            Thread.sleep(delay);
        }
    }

    private void releaseHeld() {
        held.forEach(CountDownLatch::countDown);
        held.clear();
    }

    protected static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Starts a {@code text/event-stream} answer; write events with {@link #event}. */
    protected static OutputStream openStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** One server-sent event: an optional {@code event:} line, one {@code data:} line, a blank line. */
    protected static void event(OutputStream out, String name, String data) throws IOException {
        String frame = (name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Token estimate for usage figures the reply leaves open: 4 characters a token, at least 1. */
    protected static int estimateTokens(String text) {
        return text == null ? 0 : Math.max(1, text.length() / 4);
    }

    /** Splits text into stream pieces of a word each (the space travels with the word before it). */
    protected static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i - 1) == ' ') {
                if (i > start) {
                    pieces.add(text.substring(start, i));
                }
                start = i;
            }
        }
        return pieces;
    }

    /** Splits raw tool arguments into (up to) three fragments, as providers stream them. */
    protected static List<String> fragments(String arguments) {
        if (arguments.length() < 3) {
            return List.of(arguments);
        }
        int third = arguments.length() / 3;
        return List.of(arguments.substring(0, third), arguments.substring(third, 2 * third), arguments.substring(2 * third));
    }
}
