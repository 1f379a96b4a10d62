package dev.engram.agent.support;

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
import java.util.Map;

/**
 * A service of the suite run from its packaged jar (built earlier in the reactor) on a free port. Tests can kill and
 * restart it to see how agent-service copes.
 */
public final class ServiceProcess {

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    public ServiceProcess(String name, String portVariable, Map<String, String> env) {
        this.name = name;
        this.jar = Path.of("..", name, "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build " + name
                    + " first (./mvnw verify from the root builds the modules in order)");
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
            this.log = Files.createTempFile(name, ".log");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.env = new java.util.HashMap<>(env);
        this.env.put(portVariable, String.valueOf(port));
        this.env.put("ENGRAM_BIND_HOST", "127.0.0.1");
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized ServiceProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBin(), "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector", "-jar", jar.toAbsolutePath().toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
        awaitReady();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        return this;
    }

    /** The process id, for signals a test sends itself (kill -TERM). */
    public synchronized long pid() {
        return process.pid();
    }

    /** Waits until the process has exited; false when it still runs after {@code limit}. */
    public boolean awaitExit(Duration limit) throws InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        return p.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** What the process wrote (stdout and stderr). */
    public String output() throws IOException {
        return Files.readString(log);
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
                throw new IllegalStateException(name + " exited: see " + log);
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
        throw new IllegalStateException(name + " did not become ready: see " + log);
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
