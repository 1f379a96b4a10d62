package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code ./engram} as a user would, on ports and a data directory of its own, and talks to the suite over HTTP.
 */
final class Engram {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The ports of one suite. */
    record Ports(int agent, int memory, int embedding, int postgres) {

        /** LauncherIT's fixed ports. */
        static Ports launcher() {
            return new Ports(18283, 18284, 18285, 15434);
        }

        /** Ports free right now, so that tests of other worktrees or other classes running at the same time never clash. */
        static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort());
        }
    }

    /** The checkout under test: the repository this module is part of. */
    static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

    private final Path root;
    private final Path home;
    private final Ports ports;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Engram(Path home) {
        this(home, Ports.launcher(), Map.of());
    }

    /** A suite with these ports and extra environment for every process {@code ./engram} starts (OPENAI_BASE_URL, ...). */
    Engram(Path home, Ports ports, Map<String, String> env) {
        this(CHECKOUT, home, ports, env);
    }

    /** A suite run from another copy of the repository ({@code root}), e.g. a fresh clone. */
    Engram(Path root, Path home, Ports ports, Map<String, String> env) {
        this.root = root;
        this.home = home;
        this.ports = ports;
        this.env = Map.copyOf(env);
    }

    /**
     * A suite started with {@code ./engram up} under a fresh data directory in {@code target/}, on free ports, every
     * service's OpenAI provider pointed at {@code llm}; {@code extraEnv} adds to or overrides that environment.
     */
    static Engram upWith(String name, ScriptedOpenAiServer llm, Map<String, String> extraEnv) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory(Path.of("target"), "engram-" + name).toAbsolutePath();
        Map<String, String> env = new HashMap<>(Map.of("OPENAI_BASE_URL", llm.baseUrl(), "OPENAI_API_KEY", "test-key"));
        env.putAll(extraEnv);
        Engram engram = new Engram(home, Ports.free(), env);
        engram.up();
        return engram;
    }

    /**
     * Settings for tests that kill agent-service: a dead replica's turn is given up after 3 s and every replica looks
     * for such runs each second; plus {@code more}.
     */
    static Map<String, String> quickRecovery(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("ENGRAM_QUEUE_LEASE", "3s", "ENGRAM_QUEUE_HEARTBEAT", "500ms",
                "ENGRAM_RUNS_RECOVERY_INTERVAL", "1s"));
        env.putAll(more);
        return env;
    }

    /** {@code ./engram up}: starts what is not running (what a test killed), or fails saying why. */
    void up() throws IOException, InterruptedException {
        Result up = run("up");
        if (up.exitCode() != 0) {
            throw new IllegalStateException("./engram up failed (exit " + up.exitCode() + "):\n" + up.output());
        }
    }

    Path home() {
        return home;
    }

    Ports ports() {
        return ports;
    }

    /** The public API's base URL, as clients are configured with it. */
    String baseUrl() {
        return "http://127.0.0.1:" + ports.agent();
    }

    /** What {@code ./engram} hands to the services: the suite's own variables plus the extra ones. */
    Map<String, String> environment() {
        Map<String, String> all = new HashMap<>(env);
        all.put("ENGRAM_HOME", home.toString());
        all.put("ENGRAM_AGENT_PORT", String.valueOf(ports.agent()));
        all.put("ENGRAM_MEMORY_PORT", String.valueOf(ports.memory()));
        all.put("ENGRAM_EMBEDDING_PORT", String.valueOf(ports.embedding()));
        all.put("ENGRAM_PG_PORT", String.valueOf(ports.postgres()));
        all.putIfAbsent("ENGRAM_NO_BUILD", "1");
        all.putIfAbsent("ENGRAM_JAVA_OPTS", "-Xmx512m");
        all.values().removeIf(String::isEmpty); // an empty value unsets a variable (ENGRAM_NO_BUILD for a fresh clone)
        return all;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code ./engram <command>}; returns its exit code and output. */
    Result run(String command) throws IOException, InterruptedException {
        return run(java.util.List.of(command));
    }

    /** Runs {@code ./engram <args...>} (a command with its arguments); returns its exit code and output. */
    Result run(java.util.List<String> args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(root.resolve("engram").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("LETTA_PG_URI");
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            }
        });
        pb.environment().putAll(environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("./engram " + args + " hung:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }

    /** The database URI {@code ./engram up} started (embedded PostgreSQL), for processes started beside the suite. */
    String postgresUri() throws IOException {
        return Files.readString(home.resolve("run").resolve("postgres.uri")).trim();
    }

    long pidOf(String service) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("run").resolve(service + ".pid")).trim());
    }

    /** Kills a service the hard way, as a crash would, and waits until it is gone. */
    void kill9(String service) throws IOException, InterruptedException {
        long pid = pidOf(service);
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(service + " is not running"));
        new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start().waitFor();
        handle.onExit().join();
    }

    /** The service token {@code ./engram up} generated (memory-service and embedding-service want it). */
    String serviceToken() throws IOException {
        return Files.readString(home.resolve("service-token")).trim();
    }

    /**
     * A GET straight to an internal service on this machine ({@code port}: {@link Ports#memory()} or
     * {@link Ports#embedding()}), with the service token when {@code token} is not null.
     */
    HttpResponse<String> internalGet(int port, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("X-Engram-Service-Token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private URI api(String path) {
        return URI.create(baseUrl() + path);
    }

    record Result(int exitCode, String output) {
    }

    /** Stops a test class's suite and its scripted LLM, whichever of them started. */
    static void stop(Engram engram, AutoCloseable llm) throws Exception {
        try {
            if (engram != null) {
                engram.run("down");
            }
        } finally {
            if (llm != null) {
                llm.close();
            }
        }
    }
}
