package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code ./engram} as a user would, on ports and a data directory of its own, and talks to the suite over HTTP.
 */
final class Engram {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int AGENT_PORT = 18283;
    static final int MEMORY_PORT = 18284;
    static final int EMBEDDING_PORT = 18285;
    static final int PG_PORT = 15434;

    private final Path root = Path.of("..").toAbsolutePath().normalize();
    private final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Engram(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    /** Runs {@code ./engram <command>}; returns its exit code and output. */
    Result run(String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("engram").toString(), command).directory(root.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("ENGRAM_HOME", home.toString());
        env.put("ENGRAM_AGENT_PORT", String.valueOf(AGENT_PORT));
        env.put("ENGRAM_MEMORY_PORT", String.valueOf(MEMORY_PORT));
        env.put("ENGRAM_EMBEDDING_PORT", String.valueOf(EMBEDDING_PORT));
        env.put("ENGRAM_PG_PORT", String.valueOf(PG_PORT));
        env.put("ENGRAM_NO_BUILD", "1");
        env.put("ENGRAM_JAVA_OPTS", "-Xmx512m");
        env.remove("LETTA_PG_URI");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("./engram " + command + " hung:\n" + out);
        }
        return new Result(p.exitValue(), out);
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
        return URI.create("http://127.0.0.1:" + AGENT_PORT + path);
    }

    record Result(int exitCode, String output) {
    }
}
