package dev.engram.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Letta's CLI agent, {@code @letta-ai/letta-code}, as its users run it, installed from the npm registry: the package's
 * own tarball (its bundle holds almost everything; a plain {@code npm install} cannot resolve two dependencies the
 * registry does not serve), plus the few modules it loads beside the bundle, pinned in {@code src/test/letta-code}.
 * Runs headless ({@code letta -p}) against a suite, with no API key, telemetry and self-update off and a home of its
 * own.
 */
final class LettaCode {

    static final String VERSION = "0.32.18";
    private static final Path RUNTIME = Path.of("src", "test", "letta-code").toAbsolutePath();
    private static final Path DIR = Path.of("target", "letta-code").toAbsolutePath();

    private LettaCode() {
    }

    /** The CLI's entry point, installed once per build directory. */
    static synchronized Path install() throws IOException, InterruptedException {
        Path cli = DIR.resolve("package").resolve("letta.js");
        if (Files.exists(cli)) {
            return cli;
        }
        Files.createDirectories(DIR);
        Output pack = exec(List.of("npm", "pack", "@letta-ai/letta-code@" + VERSION, "--pack-destination", DIR.toString()), DIR, Map.of(), 300);
        if (pack.code() != 0) {
            fail("npm pack @letta-ai/letta-code@" + VERSION + " failed:\n" + pack.out());
        }
        Path tarball = DIR.resolve("letta-ai-letta-code-" + VERSION + ".tgz");
        Output untar = exec(List.of("tar", "xzf", tarball.toString(), "-C", DIR.toString()), DIR, Map.of(), 120);
        if (untar.code() != 0) {
            fail("unpacking " + tarball + " failed:\n" + untar.out());
        }
        Path runtime = DIR.resolve("runtime");
        Files.createDirectories(runtime);
        Files.copy(RUNTIME.resolve("package.json"), runtime.resolve("package.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(RUNTIME.resolve("package-lock.json"), runtime.resolve("package-lock.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Output ci = exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), runtime, Map.of(), 300);
        if (ci.code() != 0) {
            fail("npm ci in " + runtime + " failed:\n" + ci.out());
        }
        Path modules = DIR.resolve("package").resolve("node_modules");
        if (!Files.exists(modules)) {
            Files.createSymbolicLink(modules, runtime.resolve("node_modules"));
        }
        return cli;
    }

    record Output(int code, String out) {
    }

    /** {@code letta <args>} in {@code workdir}, with a home of its own under it, against the suite at {@code baseUrl}. */
    static Output run(String baseUrl, Path workdir, Path home, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", install().toString()));
        command.addAll(args);
        return exec(command, workdir, Map.of(
                "HOME", home.toString(),
                "LETTA_BASE_URL", baseUrl,
                "LETTA_CODE_TELEM", "0",
                "DO_NOT_TRACK", "1",
                "DISABLE_AUTOUPDATER", "1",
                "NO_COLOR", "1"), 300);
    }

    private static Output exec(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().remove("LETTA_API_KEY");
        builder.environment().putAll(env);
        Process p = builder.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + out.getNow(""));
        }
        return new Output(p.exitValue(), out.join());
    }
}
