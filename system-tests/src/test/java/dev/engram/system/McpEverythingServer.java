package dev.engram.system;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference MCP server, {@code @modelcontextprotocol/server-everything}, over streamable HTTP on a free loopback
 * port. It is the one agent-service's tests use, pinned by {@code agent-service/src/test/mcp-server/package-lock.json}
 * (one lock file for both modules), installed with {@code npm ci} from the npm registry under {@code target/mcp-server}.
 */
final class McpEverythingServer implements AutoCloseable {

    private static final Path SOURCE = Engram.CHECKOUT.resolve("agent-service/src/test/mcp-server");
    private static final Path DIR = Path.of("target", "mcp-server").toAbsolutePath();

    private final Process process;
    private final int port;

    private McpEverythingServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Installs the server when its lock file changed, starts it and waits until it listens. */
    static McpEverythingServer start() throws IOException, InterruptedException {
        install();
        int port = Engram.freePort();
        Path log = DIR.resolve("streamableHttp.log");
        Path entry = DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        ProcessBuilder builder = new ProcessBuilder("node", "--require", DIR.resolve("loopback.cjs").toString(), entry.toString(),
                "streamableHttp").directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", String.valueOf(port));
        Process p = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the MCP server exited: " + Files.readString(log));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new McpEverythingServer(p, port);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("the MCP server did not listen on " + port + ": " + Files.readString(log));
    }

    /** The streamable HTTP endpoint. */
    String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        Path lock = DIR.resolve("package-lock.json");
        boolean current = Files.exists(DIR.resolve("node_modules/@modelcontextprotocol/server-everything/package.json"))
                && Files.exists(lock) && Files.mismatch(lock, SOURCE.resolve("package-lock.json")) == -1;
        for (String f : List.of("package.json", "package-lock.json", "loopback.cjs")) {
            Files.copy(SOURCE.resolve(f), DIR.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (current) {
            return;
        }
        Path log = DIR.resolve("npm-ci.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts").directory(DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci for the MCP server failed (Node 20+ and npm are needed): " + Files.readString(log));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
