package dev.engram.deploy.nativeimage;

import dev.engram.deploy.Repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The services built as Quarkus "native sources" (`-Pnative -Dquarkus.native.sources-only=true`): everything a native
 * build would hand to GraalVM's native-image (its arguments, the runner jar with the reflection, resource and JNI
 * configuration Quarkus generated), without GraalVM. The build runs on a copy of the services' sources under this
 * module's target directory, so the services' own build output is never touched. Once per test JVM.
 */
final class NativeSourcesBuild {

    static final List<String> SERVICES = List.of("agent-service", "memory-service", "embedding-service");
    private static Path built;

    private NativeSourcesBuild() {
    }

    /** The copy's root, with {@code <service>/target/native-sources} and {@code <service>/target/classes} built. */
    static synchronized Path get() {
        if (built == null) {
            built = build();
        }
        return built;
    }

    private static Path build() {
        Path root = Repo.root();
        Path copy = root.resolve("deploy-tests/target/native-sources-build");
        // local iteration on the checks only: -Dengram.native-sources.reuse=true keeps the last build
        if (Boolean.getBoolean("engram.native-sources.reuse") && Files.isRegularFile(copy.resolve("build.log"))) {
            return copy;
        }
        try {
            delete(copy);
            Files.createDirectories(copy);
            String pom = Files.readString(root.resolve("pom.xml"));
            int start = pom.indexOf("<modules>");
            int end = pom.indexOf("</modules>") + "</modules>".length();
            StringBuilder modules = new StringBuilder("<modules>\n    <module>suite-token</module>\n");
            SERVICES.forEach(s -> modules.append("    <module>").append(s).append("</module>\n"));
            Files.writeString(copy.resolve("pom.xml"), pom.substring(0, start) + modules + "  </modules>" + pom.substring(end));
            for (String module : Stream.concat(Stream.of("suite-token"), SERVICES.stream()).toList()) {
                Files.copy(root.resolve(module + "/pom.xml"), Files.createDirectories(copy.resolve(module)).resolve("pom.xml"));
                copyTree(root.resolve(module + "/src/main"), copy.resolve(module + "/src/main"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(maven(root), "-B", "-q", "-f", copy.resolve("pom.xml").toString(),
                "package", "-Pnative", "-Dquarkus.native.sources-only=true", "-Dmaven.test.skip=true"));
        if (Boolean.getBoolean("engram.offline")) {
            cmd.add("-o");
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(copy.resolve("build.log").toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("the native-sources build did not finish; log: " + copy.resolve("build.log"));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("the native-sources build failed (exit " + p.exitValue() + "):\n"
                        + tail(copy.resolve("build.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return copy;
    }

    /** The Maven running this build (maven.home), else the repository's wrapper. */
    private static String maven(Path root) {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return root.resolve("mvnw").toString();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
