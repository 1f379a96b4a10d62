package dev.engram.embedding.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service in {@code prepare-only} mode, as the JVM image's build runs it: it loads the default model,
 * leaving the model's optimised graph and the ONNX runtime's native libraries in the directory, and exits 0; a service
 * started on that directory (a pod from the image) then reads both and writes nothing.
 */
class PrepareOnlyIT {

    private static final String TOKEN = "prepare-only-token";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private Process launch(Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String argLine = System.getProperty("quarkus.test.arg-line", "");
        if (!argLine.isBlank()) {
            command.addAll(List.of(argLine.trim().split("\\s+")));
        }
        command.addAll(List.of("-Xmx512m", "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("ENGRAM_SERVICE_TOKEN", TOKEN, "ENGRAM_BIND_HOST", "127.0.0.1"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Every file under {@code root} with its modification time. */
    private static Map<Path, FileTime> files(Path root) throws IOException {
        Map<Path, FileTime> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p), Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void an_image_build_prepares_the_default_model_once_and_a_service_on_that_directory_reads_it_and_writes_nothing()
            throws Exception {
        Path seed = dir.resolve("image/onnx");
        Path buildLog = dir.resolve("prepare.log");
        Process prepare = launch(Map.of("ENGRAM_EMBEDDING_LOCAL_PREPARE_ONLY", "true",
                "ENGRAM_EMBEDDING_LOCAL_OPTIMIZED_MODEL_DIR", seed.toString(), "ENGRAM_HOME", dir.resolve("build-home").toString(),
                "ENGRAM_EMBEDDING_PORT", "0"), buildLog);
        assertTrue(prepare.waitFor(3, TimeUnit.MINUTES), "prepare-only ends by itself: " + Files.readString(buildLog));
        assertEquals(0, prepare.exitValue(), Files.readString(buildLog));
        assertTrue(Files.readString(buildLog).contains("prepare-only: local/all-minilm-l6-v2-q is ready"), Files.readString(buildLog));
        Map<Path, FileTime> made = files(seed);
        assertTrue(made.keySet().stream().anyMatch(p -> p.getNameCount() == 1 && p.toString().startsWith("all-minilm-l6-v2-q-")
                && p.toString().endsWith(".onnx")), "the optimised graph: " + made.keySet());
        assertTrue(made.keySet().stream().anyMatch(p -> p.startsWith("native") && p.endsWith("libonnxruntime.so")),
                "the runtime's library: " + made.keySet());
        assertTrue(made.keySet().stream().anyMatch(p -> p.startsWith("native") && p.endsWith("libonnxruntime4j_jni.so")),
                "its JNI library: " + made.keySet());

        int port = freePort();
        Path podLog = dir.resolve("pod.log");
        Process pod = launch(Map.of("ENGRAM_EMBEDDING_LOCAL_OPTIMIZED_MODEL_DIR", seed.toString(),
                "ENGRAM_HOME", dir.resolve("pod-home").toString(), "ENGRAM_EMBEDDING_PORT", String.valueOf(port)), podLog);
        try {
            String base = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            int ready = 0;
            while (ready != 200 && System.nanoTime() < deadline && pod.isAlive()) {
                try {
                    ready = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertEquals(200, ready, Files.readString(podLog));
            HttpResponse<String> embedded = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/embeddings"))
                    .header("Content-Type", "application/json").header("X-Engram-Service-Token", TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"local/all-minilm-l6-v2-q\", \"input\": \"from the image\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, embedded.statusCode(), embedded.body());
            assertTrue(embedded.body().contains("\"embedding\""), embedded.body());
        } finally {
            pod.destroy();
            pod.waitFor(1, TimeUnit.MINUTES);
        }
        assertEquals(made, files(seed), "the service read the prepared files and wrote nothing there");
        assertFalse(Files.readString(podLog).contains("rebuilding it"), Files.readString(podLog));
    }

    @Test
    void prepare_only_with_a_remote_default_model_has_nothing_to_make_and_exits_0() throws Exception {
        Path seed = dir.resolve("image/onnx");
        Path log = dir.resolve("prepare-remote.log");
        Process prepare = launch(Map.of("ENGRAM_EMBEDDING_LOCAL_PREPARE_ONLY", "true", "LETTA_DEFAULT_EMBEDDING_HANDLE",
                "openai/text-embedding-3-small", "ENGRAM_EMBEDDING_LOCAL_OPTIMIZED_MODEL_DIR", seed.toString(),
                "ENGRAM_HOME", dir.resolve("home").toString(), "ENGRAM_EMBEDDING_PORT", "0"), log);
        assertTrue(prepare.waitFor(2, TimeUnit.MINUTES), Files.readString(log));
        assertEquals(0, prepare.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("nothing to prepare"), Files.readString(log));
        assertFalse(Files.exists(seed), "nothing made");
    }
}
