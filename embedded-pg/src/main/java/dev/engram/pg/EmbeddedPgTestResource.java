package dev.engram.pg;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Quarkus test resource: a fresh embedded PostgreSQL per test run, wired into the datasource configuration.
 * The server is shared by every test class of one module (one JVM) and removed when the JVM ends.
 */
public class EmbeddedPgTestResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPg shared;

    /** The running test database (started on first use). */
    public static synchronized EmbeddedPg database() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("engram-test-pg");
                shared = EmbeddedPg.start(dir.resolve("data"), dir.resolve("bin"), 0, "engram");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        shared.close();
                    } catch (Exception ignored) {
                        // the JVM is going away anyway
                    }
                    deleteQuietly(dir);
                }));
            } catch (Exception e) {
                throw new IllegalStateException("could not start embedded PostgreSQL", e);
            }
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        return database().quarkusDatasourceProperties();
    }

    @Override
    public void stop() {
        // kept for the next test class; stopped with the JVM
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // best effort
        }
    }
}
