package dev.engram.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new user's first command: {@code ./engram up} in a fresh clone (no {@code target/} anywhere) builds what is
 * missing with a progress line per module, starts everything with the internal services on loopback only, and every
 * failure says what failed and where its log is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FreshCloneIT {

    private static final Set<String> NOT_IN_A_CLONE = Set.of("target", "node_modules", ".engram", ".git", ".idea");

    private static Path clone;
    private static Engram engram;
    private static Engram.Result firstUp;

    @BeforeAll
    static void cloneAndUp() throws Exception {
        clone = freshClone("clone");
        Path home = Files.createTempDirectory(Path.of("target"), "engram-fresh-home").toAbsolutePath();
        engram = new Engram(clone, home, Engram.Ports.free(), Map.of("ENGRAM_NO_BUILD", ""));
        firstUp = engram.run("up");
    }

    @AfterAll
    static void down() throws Exception {
        if (engram != null) {
            engram.run("down");
        }
    }

    /** What a clone of the repository holds: every source file, nothing built. */
    static Path freshClone(String name) throws IOException {
        Path to = Files.createTempDirectory(Path.of("target"), "fresh-" + name).toAbsolutePath();
        Path from = Engram.CHECKOUT;
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                boolean skipped = false;
                for (Path part : rel) {
                    skipped |= NOT_IN_A_CLONE.contains(part.toString());
                }
                if (skipped || rel.toString().isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to.resolve(rel));
                } else {
                    Files.copy(p, to.resolve(rel), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    @Test
    @Order(1)
    void up_in_a_fresh_clone_builds_each_module_with_a_progress_line_then_starts_everything() throws Exception {
        assertEquals(0, firstUp.exitCode(), firstUp.output());
        for (String module : List.of("embedded PostgreSQL", "embedding-service", "memory-service", "agent-service")) {
            assertTrue(firstUp.output().contains("building " + module), "no progress line for " + module + ":\n" + firstUp.output());
        }
        assertTrue(Files.isRegularFile(clone.resolve("agent-service/target/quarkus-app/quarkus-run.jar")));
        assertEquals(200, engram.get("/v1/health/").statusCode());
        assertTrue(firstUp.output().contains("Engram is up."), firstUp.output());
    }

    @Test
    @Order(2)
    void only_loopback_addresses_are_bound_by_default() throws Exception {
        Engram.Ports ports = engram.ports();
        for (int port : new int[] {ports.agent(), ports.memory(), ports.embedding(), ports.postgres()}) {
            List<String> bound = Listeners.addresses(port);
            assertFalse(bound.isEmpty(), "nothing listens on " + port);
            assertTrue(bound.stream().allMatch(Listeners::isLoopback), "port " + port + " is bound to " + bound);
        }
    }

    @Test
    @Order(3)
    void bind_host_exposes_agent_service_and_nothing_else() throws Exception {
        assertEquals(0, engram.run("down").exitCode());
        Engram exposed = new Engram(clone, engram.home(), engram.ports(), Map.of("ENGRAM_BIND_HOST", "0.0.0.0"));
        Engram.Result up = exposed.run("up");
        assertEquals(0, up.exitCode(), up.output());
        Engram.Ports ports = engram.ports();
        assertTrue(Listeners.addresses(ports.agent()).stream().noneMatch(Listeners::isLoopback),
                "agent-service should listen on every address: " + Listeners.addresses(ports.agent()));
        for (int port : new int[] {ports.memory(), ports.embedding(), ports.postgres()}) {
            assertTrue(Listeners.addresses(port).stream().allMatch(Listeners::isLoopback), "port " + port + ": " + Listeners.addresses(port));
        }
        assertEquals(0, exposed.run("down").exitCode());
    }

    @Test
    @Order(4)
    void a_service_that_cannot_start_is_named_with_its_log() throws Exception {
        // the agent port is taken by something that is not Engram: agent-service cannot bind it and stops
        try (ServerSocket squatter = new ServerSocket(engram.ports().agent(), 50, InetAddress.getByName("127.0.0.1"))) {
            Engram.Result up = engram.run("up");
            assertNotEquals(0, up.exitCode(), up.output());
            Path log = engram.home().resolve("logs").resolve("agent-service.log");
            assertTrue(up.output().contains("agent-service") && up.output().contains(log.toString()), up.output());
        }
        engram.run("down");
    }

    @Test
    @Order(5)
    void a_failed_build_says_so_and_where_its_log_is() throws Exception {
        Path broken = freshClone("broken");
        Path source;
        try (Stream<Path> files = Files.walk(broken.resolve("memory-service/src/main/java"))) {
            source = files.filter(p -> p.toString().endsWith(".java")).findFirst().orElseThrow();
        }
        Files.writeString(source, "this is not Java\n", java.nio.file.StandardOpenOption.APPEND);
        Path home = Files.createTempDirectory(Path.of("target"), "engram-broken-home").toAbsolutePath();
        Engram.Result up = new Engram(broken, home, Engram.Ports.free(), Map.of("ENGRAM_NO_BUILD", "")).run("up");
        assertNotEquals(0, up.exitCode(), up.output());
        Path log = home.resolve("logs").resolve("build.log");
        assertTrue(up.output().contains("build failed") && up.output().contains(log.toString()), up.output());
        assertTrue(Files.readString(log).contains("BUILD FAILURE"));
    }
}
