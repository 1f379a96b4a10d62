package dev.engram.memory.support;

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
import java.util.List;

/**
 * The real embedding-service (in-process ONNX models), run from its packaged jar, built earlier in the reactor.
 * Tests stop and restart it to check how memory-service copes without it.
 */
public final class EmbeddingServiceProcess {

    private static final Path JAR = Path.of("..", "embedding-service", "target", "quarkus-app", "quarkus-run.jar");
    private static EmbeddingServiceProcess instance;

    private final int port;
    private final Path log;
    private Process process;

    private EmbeddingServiceProcess(int port, Path log) {
        this.port = port;
        this.log = log;
    }

    public static synchronized EmbeddingServiceProcess get() {
        if (instance == null) {
            if (!Files.exists(JAR)) {
                throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build embedding-service first "
                        + "(./mvnw verify from the root builds the modules in order)");
            }
            try (ServerSocket socket = new ServerSocket(0)) {
                instance = new EmbeddingServiceProcess(socket.getLocalPort(), Files.createTempFile("embedding-service", ".log"));
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
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBin(), "-Xmx1g", "-jar", JAR.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("ENGRAM_EMBEDDING_PORT", String.valueOf(port));
        builder.environment().put("ENGRAM_BIND_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedding-service", e);
        }
        awaitReady();
    }

    /** Stops it the hard way, as a crash would. */
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
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("embedding-service exited: see " + log);
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
        throw new IllegalStateException("embedding-service did not become ready: see " + log);
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
