package dev.engram.agent.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference MCP server, {@code @modelcontextprotocol/server-everything} from the npm registry (pinned by
 * {@code src/test/mcp-server/package-lock.json}), run by the tests over streamable HTTP and over SSE, each on a free
 * loopback port. Installed with {@code npm ci} under {@code target/} once, started once per test JVM.
 */
public final class McpTestServers {

    private static final Path SOURCE = Path.of("src", "test", "mcp-server").toAbsolutePath();
    private static final Path DIR = Path.of("target", "mcp-server").toAbsolutePath();
    private static McpTestServers instance;
    private static boolean installed;

    private final Process streamable;
    private final Process sse;
    private final int streamablePort;
    private final int ssePort;

    private McpTestServers() throws IOException, InterruptedException {
        install();
        streamablePort = freePort();
        ssePort = freePort();
        streamable = start("streamableHttp", streamablePort);
        sse = start("sse", ssePort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streamable.destroy();
            sse.destroy();
        }));
    }

    public static synchronized McpTestServers get() {
        if (instance == null) {
            try {
                instance = new McpTestServers();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** The streamable HTTP endpoint. */
    public String streamableUrl() {
        return "http://127.0.0.1:" + streamablePort + "/mcp";
    }

    /** The HTTP+SSE endpoint (the event stream; messages go where it says). */
    public String sseUrl() {
        return "http://127.0.0.1:" + ssePort + "/sse";
    }

    /** A loopback URL where nothing listens. */
    public static String deadUrl() {
        return "http://127.0.0.1:" + freePort() + "/mcp";
    }

    /** The server's entry point, installed: {@code node <it> stdio} runs it over stdio. */
    public static synchronized String entryPoint() {
        try {
            install();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js").toString();
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (installed) {
            return;
        }
        Files.createDirectories(DIR);
        Path lock = DIR.resolve("package-lock.json");
        boolean current = Files.exists(DIR.resolve("node_modules/@modelcontextprotocol/server-everything/package.json"))
                && Files.exists(lock) && Files.mismatch(lock, SOURCE.resolve("package-lock.json")) == -1;
        for (String f : List.of("package.json", "package-lock.json", "loopback.cjs")) {
            Files.copy(SOURCE.resolve(f), DIR.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (current) {
            installed = true;
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts").directory(DIR.toFile())
                .redirectErrorStream(true).redirectOutput(DIR.resolve("npm-ci.log").toFile()).start();
        if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci for the test MCP server failed (Node 20+ and npm are needed): "
                    + Files.readString(DIR.resolve("npm-ci.log")));
        }
        installed = true;
    }

    private static Process start(String transport, int port) throws IOException, InterruptedException {
        Path log = DIR.resolve(transport + ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "--require", DIR.resolve("loopback.cjs").toString(), entryPoint(), transport)
                .directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", String.valueOf(port));
        Process p = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the test MCP server (" + transport + ") exited: " + Files.readString(log));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("the test MCP server (" + transport + ") did not listen on " + port + ": " + Files.readString(log));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
