package dev.engram.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Node scripts under {@code src/test/js} that drive the suite with the official Letta client. {@link #install()}
 * runs {@code npm ci} once per JVM; {@link #run} runs a script and answers the JSON object it printed.
 */
final class NodeScripts {

    static final Path DIR = Path.of("src", "test", "js").toAbsolutePath();
    private static boolean installed;

    private NodeScripts() {
    }

    /** Installs the client exactly as pinned by package-lock.json; fails clearly when Node 20+ or npm is missing. */
    static synchronized void install() throws IOException, InterruptedException {
        if (installed) {
            return;
        }
        Output node = exec(List.of("node", "--version"), Map.of(), 30, "node");
        String version = node.stdout().strip();
        int major = version.startsWith("v") ? Integer.parseInt(version.substring(1, version.indexOf('.'))) : 0;
        if (node.exitCode() != 0 || major < 20) {
            fail("the Letta client tests need Node 20 or newer on the PATH; found: " + version);
        }
        exec(List.of("npm", "--version"), Map.of(), 30, "npm");
        Output ci = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300, "npm");
        if (ci.exitCode() != 0) {
            fail("npm ci failed in " + DIR + ":\n" + ci.stdout() + ci.stderr());
        }
        installed = true;
    }

    /**
     * Runs {@code node script args...} against the suite at {@code baseUrl}; answers the script's {@code result}.
     * A script that threw fails the test with what the client reported (error class, status, server body).
     */
    static JsonNode run(String baseUrl, String script, String... args) throws IOException, InterruptedException {
        return run(baseUrl, Map.of(), script, args);
    }

    /** {@link #run(String, String, String...)} with more environment for the script (LETTA_API_KEY, say). */
    static JsonNode run(String baseUrl, Map<String, String> env, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("LETTA_BASE_URL", baseUrl);
        Output out = exec(command, all, 300, "node");
        String[] lines = out.stdout().strip().split("\n");
        String last = lines[lines.length - 1];
        JsonNode printed;
        try {
            printed = Engram.JSON.readTree(last);
        } catch (IOException e) {
            return fail(script + " printed no JSON (exit " + out.exitCode() + "):\n" + out.stdout() + out.stderr());
        }
        if (!printed.path("ok").asBoolean(false)) {
            fail(script + " " + String.join(" ", args) + " failed: " + printed.toPrettyString() + "\n" + out.stderr());
        }
        return printed.path("result");
    }

    private record Output(int exitCode, String stdout, String stderr) {
    }

    private static Output exec(List<String> command, Map<String, String> env, int timeoutSeconds, String tool)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile());
        builder.environment().putAll(env);
        Process p;
        try {
            p = builder.start();
        } catch (IOException e) {
            return fail(tool + " is not on the PATH: the Letta client tests need Node 20+ and npm (" + e.getMessage() + ")");
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + stdout.getNow("") + stderr.getNow(""));
        }
        return new Output(p.exitValue(), stdout.join(), stderr.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
