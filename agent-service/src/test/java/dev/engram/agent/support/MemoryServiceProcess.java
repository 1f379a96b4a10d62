package dev.engram.agent.support;

import dev.engram.pg.EmbeddedPg;
import dev.engram.pg.EmbeddedPgTestResource;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real memory-service, run from its packaged jar (built earlier in the reactor) against the embedded test
 * PostgreSQL. Tests can stop and restart it to see how agent-service behaves without its dependency.
 */
public final class MemoryServiceProcess {

    private static final Path JAR = Path.of("..", "memory-service", "target", "quarkus-app", "quarkus-run.jar");
    private static MemoryServiceProcess instance;

    private final int port;
    private final Path log;
    private Process process;

    private MemoryServiceProcess(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    public static synchronized MemoryServiceProcess get() {
        if (instance == null) {
            if (!Files.exists(JAR)) {
                throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build memory-service first "
                        + "(./mvnw verify builds the modules in order)");
            }
            try {
                instance = new MemoryServiceProcess(freePort(), Files.createTempFile("memory-service", ".log"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            instance.start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        EmbeddedPg pg = EmbeddedPgTestResource.database();
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-jar", JAR.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("ENGRAM_MEMORY_PORT", String.valueOf(port));
        env.put("ENGRAM_BIND_HOST", "127.0.0.1");
        env.put("LETTA_PG_URI", pg.uri());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start memory-service", e);
        }
        awaitReady();
    }

    /** Stops it hard, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("memory-service exited: see " + log);
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("memory-service did not become ready: see " + log);
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
