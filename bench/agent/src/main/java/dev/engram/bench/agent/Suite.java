package dev.engram.bench.agent;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The suite as users run it: {@code ./engram up} with a data directory and ports of its own (so that it never meets
 * another checkout's suite), every service pointed at the scripted LLM.
 */
final class Suite implements AutoCloseable {

    final Path root;
    final Path home;
    final int agentPort = freePort();
    final int memoryPort = freePort();
    final int embeddingPort = freePort();
    final int pgPort = freePort();
    private final Map<String, String> env;

    Suite(Path root, Path home, Map<String, String> env) {
        this.root = root;
        this.home = home;
        this.env = env;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + agentPort;
    }

    void up() throws IOException, InterruptedException {
        run("up");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("down");
    }

    long pid(String service) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("run").resolve(service + ".pid")).trim());
    }

    /** The PostgreSQL server process (the embedded launcher's child): its backends are its children. */
    long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(home.resolve("postgres").resolve("data").resolve("postmaster.pid")).getFirst().trim());
    }

    private void run(String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("engram").toString(), command).directory(root.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("LETTA_PG_URI");
        pb.environment().putAll(env);
        pb.environment().put("ENGRAM_HOME", home.toString());
        pb.environment().put("ENGRAM_AGENT_PORT", String.valueOf(agentPort));
        pb.environment().put("ENGRAM_MEMORY_PORT", String.valueOf(memoryPort));
        pb.environment().put("ENGRAM_EMBEDDING_PORT", String.valueOf(embeddingPort));
        pb.environment().put("ENGRAM_PG_PORT", String.valueOf(pgPort));
        pb.environment().put("ENGRAM_NO_BUILD", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("./engram " + command + " failed:\n" + out);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
