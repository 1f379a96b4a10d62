package dev.engram.agent.tool.sandbox;

import dev.engram.agent.loop.VertxContexts;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs programs the server did not write (custom tools, {@code run_code}) in a fresh process that sees nothing of the
 * server: bubblewrap gives it new namespaces (no network unless asked, its own process tree, an empty /tmp, the
 * system's /usr read-only), an environment of only what the job names, and resource limits (address space,
 * processes, file size) with a wall-clock timeout that kills the whole process tree.
 *
 * <p>When the server runs as root, the program runs as {@code nobody} (uid 65534) so the process limit holds: the
 * kernel does not count processes of root.
 */
@Startup
@ApplicationScoped
public class Sandbox {

    private static final Logger LOG = Logger.getLogger(Sandbox.class);
    /** The job's own files, read-only, inside the sandbox. */
    public static final String WORKDIR = "/sandbox";
    private static final int NOBODY = 65534;
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);

    private final SandboxConfig config;
    private final boolean isolated;
    private final String unavailable;
    private final List<Path> interpreterRoots;

    public Sandbox(SandboxConfig config) {
        this.config = config;
        this.isolated = !"none".equalsIgnoreCase(config.mode());
        this.interpreterRoots = interpreterRoots(List.of(config.python(), config.node()));
        if (!isolated) {
            LOG.warn("ENGRAM_TOOLS_SANDBOX=none: custom tools and run_code run as plain subprocesses, without isolation from this machine");
            this.unavailable = null;
        } else {
            this.unavailable = probe();
            if (unavailable != null) {
                LOG.warnf("custom tools and run_code are disabled: %s", unavailable);
            }
        }
    }

    /** Why programs cannot run here (bubblewrap missing or refused), or null when they can. */
    public String unavailable() {
        return unavailable;
    }

    public boolean isolated() {
        return isolated;
    }

    public SandboxConfig config() {
        return config;
    }

    /**
     * Runs the job on a worker thread, answering on the caller's Vert.x context (its database session lives there);
     * fails only when the sandbox itself could not start.
     */
    public Uni<SandboxResult> run(SandboxJob job) {
        return VertxContexts.onCaller(Uni.createFrom().item(() -> runBlocking(job)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /** Runs the job on the calling thread. */
    public SandboxResult runBlocking(SandboxJob job) {
        if (unavailable != null) {
            throw new SandboxUnavailableException(unavailable);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("engram-sandbox-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path work = Files.createDirectory(dir.resolve("work"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            for (Map.Entry<String, String> f : job.files().entrySet()) {
                Path file = work.resolve(f.getKey());
                Files.writeString(file, f.getValue(), StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            ProcessBuilder pb = new ProcessBuilder(commandLine(job, work)).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            if (!isolated) {
                pb.environment().putAll(insideEnvironment(job));
            }
            long start = System.nanoTime();
            Process p = pb.start();
            boolean done = p.waitFor(job.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                kill(p);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new SandboxResult(done ? p.exitValue() : -1, read(out), read(err), !done, millis);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run a sandboxed program", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a sandboxed program ran", e);
        } finally {
            delete(dir);
        }
    }

    private List<String> commandLine(SandboxJob job, Path work) {
        List<String> cmd = new ArrayList<>();
        boolean root = isRoot();
        if (root) {
            cmd.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--inh-caps=-all", "--"));
        }
        long mib = 1024L * 1024L;
        int addressMb = job.addressMb() > 0 ? job.addressMb() : config.memoryMb();
        cmd.addAll(List.of("prlimit", "--as=" + addressMb * mib, "--nproc=" + config.maxProcesses(),
                "--fsize=" + config.diskMb() * mib, "--nofile=256", "--core=0", "--"));
        if (!isolated) {
            cmd.addAll(job.command().stream().map(a -> a.replace(WORKDIR, work.toString())).toList());
            return cmd;
        }
        cmd.addAll(List.of(config.bwrap(), "--die-with-parent", "--new-session", "--unshare-all", "--unshare-user",
                "--uid", String.valueOf(NOBODY), "--gid", String.valueOf(NOBODY), "--hostname", "sandbox", "--clearenv"));
        if (job.network()) {
            cmd.add("--share-net");
        }
        insideEnvironment(job).forEach((k, v) -> cmd.addAll(List.of("--setenv", k, v)));
        // the private /tmp first: mounts made after it may lie under /tmp (venvs and wheel directories do when the
        // server's own directories are out of nobody's reach), and a tmpfs mounted later would hide them
        cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", String.valueOf(config.diskMb() * mib), "--tmpfs", "/tmp"));
        cmd.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String top : List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32")) {
            Path p = Path.of(top);
            if (Files.isSymbolicLink(p)) {
                try {
                    cmd.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), top));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isDirectory(p)) {
                cmd.addAll(List.of("--ro-bind", top, top));
            }
        }
        List<String> etc = new ArrayList<>(List.of("/etc/ld.so.cache", "/etc/alternatives", "/etc/localtime"));
        if (job.network()) {
            etc.addAll(List.of("/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/ssl", "/etc/ca-certificates", "/etc/pki"));
        }
        for (String e : etc) {
            cmd.addAll(List.of("--ro-bind-try", e, e));
        }
        for (Path root2 : interpreterRoots) {
            cmd.addAll(List.of("--ro-bind", root2.toString(), root2.toString()));
        }
        for (Path p : job.readOnly()) {
            cmd.addAll(List.of("--ro-bind", p.toString(), p.toString()));
        }
        for (Path p : job.writable()) {
            cmd.addAll(List.of("--bind", p.toString(), p.toString()));
        }
        cmd.addAll(List.of("--ro-bind", work.toString(), WORKDIR, "--chdir", WORKDIR, "--"));
        cmd.addAll(job.command());
        return cmd;
    }

    private Map<String, String> insideEnvironment(SandboxJob job) {
        Map<String, String> env = new java.util.LinkedHashMap<>(job.environment());
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", "/tmp");
        env.put("TMPDIR", "/tmp");
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    /** Kills the program and everything it started; bubblewrap's own child dies with it (--die-with-parent). */
    private static void kill(Process p) throws InterruptedException {
        List<ProcessHandle> tree = p.descendants().toList();
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(5, TimeUnit.SECONDS);
    }

    private String read(Path file) throws IOException {
        int limit = config.outputChars();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limit * 4 + 4);
            String text = new String(bytes, StandardCharsets.UTF_8);
            long size = Files.size(file);
            if (text.length() > limit || size > bytes.length) {
                return text.substring(0, Math.min(limit, text.length())) + "\n... [output cut at " + limit + " characters]";
            }
            return text;
        }
    }

    /** Whether a trivial program runs in the sandbox here; the reason when it does not. */
    private String probe() {
        try {
            SandboxResult r = runProbe();
            if (r.exitCode() == 0 && r.stdout().strip().equals("ok")) {
                return null;
            }
            return "bubblewrap cannot run here (" + (r.timedOut() ? "timed out" : "exit " + r.exitCode() + ": " + r.stderr().strip())
                    + "); set ENGRAM_TOOLS_SANDBOX=none to run tools without isolation";
        } catch (RuntimeException e) {
            return "bubblewrap cannot run here (" + e.getMessage() + "); install bubblewrap, or set ENGRAM_TOOLS_SANDBOX=none to run "
                    + "tools without isolation";
        }
    }

    private SandboxResult runProbe() {
        return runBlocking(new SandboxJob(List.of(config.python(), "-I", "-c", "print('ok')"), Map.of(), Map.of(), false, List.of(),
                List.of(), CHECK_TIMEOUT));
    }

    /** A text file shipped with the service (the runner scripts the sandbox executes). */
    public static String resource(String name) {
        try (InputStream in = Sandbox.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The installations of interpreters outside /usr (pyenv, a Node in /opt): mounted read-only as they are. */
    private static List<Path> interpreterRoots(List<String> interpreters) {
        List<Path> roots = new ArrayList<>();
        for (String i : interpreters) {
            try {
                Path real = Path.of(i).toRealPath();
                if (!real.startsWith("/usr") && real.getParent() != null && real.getParent().getParent() != null) {
                    roots.add(real.getParent().getParent());
                }
            } catch (IOException e) {
                // missing interpreter: the probe or the first call says so
            }
        }
        return roots;
    }

    /** Whether the sandbox's user could reach this path: every directory on the way open to others when we are root. */
    static boolean reachable(Path path) {
        if (!isRoot()) {
            return true;
        }
        for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                        return false;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isRoot() {
        try {
            return "0".equals(Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .findFirst().map(l -> l.split("\\s+")[2]).orElse(""));
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", dir, e);
        }
    }
}
