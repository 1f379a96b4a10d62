package dev.engram.bench.locomo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Embedded PostgreSQL, embedding-service and memory-service from the packaged jars, on free ports, with a throw-away
 * ENGRAM_HOME. memory-service and embedding-service can be restarted with other settings; PostgreSQL and the index
 * directory stay.
 */
final class Services implements AutoCloseable {

    private final Path root;
    private final Path home;
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private ChildProcess postgres;
    private ChildProcess embedding;
    private ChildProcess memory;
    private String pgUri;
    private int embeddingPort;
    private int memoryPort;

    private Services(Path root, Path home) {
        this.root = root;
        this.home = home;
    }

    /** Starts all three; {@code memorySettings}/{@code embeddingSettings} are extra -D properties. */
    static Services start(Path root, Map<String, String> embeddingSettings, Map<String, String> memorySettings)
            throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("engram-locomo-bench");
        Services s = new Services(root, home);
        try {
            s.startPostgres();
            s.startEmbedding(embeddingSettings);
            s.startMemory(memorySettings);
        } catch (IOException | RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        }
        return s;
    }

    String memoryUrl() {
        return "http://127.0.0.1:" + memoryPort;
    }

    Path home() {
        return home;
    }

    private void startPostgres() throws IOException, InterruptedException {
        Path jar = single(root.resolve("embedded-pg/target"), "embedded-pg-", "-runner.jar");
        Path uriFile = home.resolve("pg.uri");
        int port = freePort();
        postgres = ChildProcess.start("embedded PostgreSQL",
                List.of(java, "-jar", jar.toString(), home.resolve("postgres").toString(), Integer.toString(port), "engram",
                        uriFile.toString()),
                Map.of(), home.resolve("postgres.log"));
        postgres.await(() -> Files.exists(uriFile) && size(uriFile) > 0, Duration.ofSeconds(120));
        pgUri = Files.readString(uriFile).trim();
    }

    void startEmbedding(Map<String, String> settings) throws IOException, InterruptedException {
        if (embedding != null) {
            embedding.close();
        }
        if (embeddingPort == 0) {
            embeddingPort = freePort();
        }
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", root.resolve("embedding-service/target/quarkus-app/quarkus-run.jar").toString()));
        embedding = ChildProcess.start("embedding-service", command,
                Map.of("ENGRAM_EMBEDDING_PORT", Integer.toString(embeddingPort), "ENGRAM_BIND_HOST", "127.0.0.1"),
                home.resolve("embedding-service.log"));
        embedding.await(ChildProcess.httpOk("http://127.0.0.1:" + embeddingPort + "/q/health/ready"), Duration.ofSeconds(120));
    }

    void startMemory(Map<String, String> settings) throws IOException, InterruptedException {
        if (memory != null) {
            memory.close();
        }
        if (memoryPort == 0) {
            memoryPort = freePort();
        }
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED"));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", root.resolve("memory-service/target/quarkus-app/quarkus-run.jar").toString()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LETTA_PG_URI", pgUri);
        env.put("ENGRAM_MEMORY_PORT", Integer.toString(memoryPort));
        env.put("ENGRAM_BIND_HOST", "127.0.0.1");
        env.put("ENGRAM_EMBEDDING_URL", "http://127.0.0.1:" + embeddingPort);
        env.put("ENGRAM_HOME", home.toString());
        memory = ChildProcess.start("memory-service", command, env, home.resolve("memory-service.log"));
        memory.await(ChildProcess.httpOk(memoryUrl() + "/q/health/ready"), Duration.ofSeconds(180));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Path single(Path dir, String prefix, String suffix) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(suffix))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no " + prefix + "*" + suffix + " in " + dir));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Bytes under a directory (index and database size). */
    static long du(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(Services::size).sum();
        }
    }

    @Override
    public void close() throws InterruptedException {
        // memory-service first (it holds connections to the others), PostgreSQL last so it stops cleanly
        for (ChildProcess p : new ChildProcess[] {memory, embedding, postgres}) {
            if (p != null) {
                p.close();
            }
        }
        try (var files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + home + ": " + e);
        }
    }
}
