package dev.engram.agent.tool.sandbox;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Virtualenvs for tools with {@code pip_requirements}: one per set of requirements, built once (in the sandbox, with
 * network, since pip runs package build scripts) and kept under the venv directory; later calls mount it read-only.
 * A half-built venv (a crash, a failed install) has no ready mark and is built again.
 */
@ApplicationScoped
public class Venvs {

    private static final Logger LOG = Logger.getLogger(Venvs.class);
    private static final String READY = ".engram-ready";

    private final Sandbox sandbox;
    private final Path root;
    private final Map<String, Uni<Path>> building = new ConcurrentHashMap<>();

    public Venvs(Sandbox sandbox) {
        this.sandbox = sandbox;
        Path configured = Path.of(sandbox.config().venvDir()).toAbsolutePath();
        if (Sandbox.reachable(configured)) {
            this.root = configured;
        } else {
            // the sandbox runs as nobody when the server is root: a venv under a private directory (/root/...) is out of its reach
            this.root = Path.of(System.getProperty("java.io.tmpdir"), "engram-tool-venvs");
            LOG.warnf("%s is not reachable by the sandbox's user (nobody): tool virtualenvs go to %s instead", configured, root);
        }
    }

    /** The venv for these requirements (null for none: the plain interpreter), building it on first use. */
    public Uni<Path> forRequirements(List<PipRequirement> requirements) {
        if (requirements == null || requirements.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        List<String> specs = requirements.stream().map(PipRequirement::spec).sorted().toList();
        String key = key(specs);
        Path dir = root.resolve(key);
        if (Files.exists(dir.resolve(READY))) {
            return Uni.createFrom().item(dir);
        }
        return building.computeIfAbsent(key, k -> sandbox.run(build(dir, specs)).map(r -> finish(dir, specs, r))
                .onTermination().invoke(() -> building.remove(k))
                .memoize().indefinitely());
    }

    private SandboxJob build(Path dir, List<String> specs) {
        try {
            delete(dir);
            Files.createDirectories(dir);
            // the sandbox runs as nobody when the server is root: the venv must be writable for it while it is built
            dir.toFile().setWritable(true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir, e);
        }
        String python = sandbox.config().python();
        List<String> pip = new ArrayList<>(List.of(dir + "/bin/python3", "-m", "pip", "install", "--no-input", "--disable-pip-version-check",
                "--no-cache-dir"));
        List<Path> readOnly = new ArrayList<>();
        Optional<String> links = sandbox.config().pipFindLinks();
        if (links.isPresent()) {
            Path l = Path.of(links.get()).toAbsolutePath();
            pip.addAll(List.of("--no-index", "--find-links", l.toString()));
            readOnly.add(l);
        }
        pip.addAll(specs);
        String script = "set -e\n" + shell(List.of(python, "-m", "venv", dir.toString())) + "\n" + shell(pip) + "\n";
        return new SandboxJob(List.of("/bin/sh", Sandbox.WORKDIR + "/build.sh"), Map.of("build.sh", script), Map.of(), links.isEmpty(),
                readOnly, List.of(dir), sandbox.config().venvTimeout());
    }

    private Path finish(Path dir, List<String> specs, SandboxResult r) {
        if (r.timedOut() || r.exitCode() != 0) {
            delete(dir);
            String why = r.timedOut() ? "timed out" : tail(r.stderr().isBlank() ? r.stdout() : r.stderr());
            throw new VenvFailedException("Could not install pip requirements " + specs + ": " + why);
        }
        try {
            Files.writeString(dir.resolve(READY), String.join("\n", specs), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.infof("built a tool virtualenv for %s in %d ms", specs, r.millis());
        return dir;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() > 600 ? "..." + t.substring(t.length() - 600) : t;
    }

    private static String shell(List<String> args) {
        return String.join(" ", args.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
    }

    private static String key(List<String> specs) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\n", specs).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** pip could not install the requirements; the message has pip's last words. */
    public static class VenvFailedException extends RuntimeException {
        public VenvFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
