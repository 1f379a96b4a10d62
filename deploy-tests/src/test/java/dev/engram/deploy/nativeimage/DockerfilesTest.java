package dev.engram.deploy.nativeimage;

import dev.engram.deploy.AotFlags;
import dev.engram.deploy.Repo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service's two images (src/main/docker/Dockerfile.jvm and Dockerfile.native): a base image with a version tag,
 * an unprivileged user from before the entrypoint on, the service's port; the JVM image carries and uses the AOT cache
 * of a -Paot build. No image is built here (no container engine on the build machines).
 */
class DockerfilesTest {

    private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT\\s+\\[\"/bin/sh\", \"-c\", \"(.*)\"]\\s*$");
    private static final Pattern JAVA_OPTS = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"");

    @TempDir
    Path dir;

    private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)");

    @ParameterizedTest
    @CsvSource({
            "agent-service, Dockerfile.jvm, 8283", "agent-service, Dockerfile.native, 8283",
            "memory-service, Dockerfile.jvm, 8284", "memory-service, Dockerfile.native, 8284",
            "embedding-service, Dockerfile.jvm, 8285", "embedding-service, Dockerfile.native, 8285"})
    void runs_as_an_unprivileged_user_on_a_pinned_base(String service, String file, int port) throws IOException {
        String df = Files.readString(Repo.path(service + "/src/main/docker/" + file));
        Matcher from = FROM.matcher(df);
        List<String> bases = from.results().map(r -> r.group(1)).toList();
        assertFalse(bases.isEmpty(), file + " has a FROM");
        for (String base : bases) {
            assertTrue(base.matches("[^:]+:[^:]*\\d[^:]*") && !base.endsWith(":latest"), service + " " + file + ": base " + base + " is pinned");
        }
        Matcher user = USER.matcher(df);
        String last = null;
        int lastAt = -1;
        while (user.find()) {
            last = user.group(1);
            lastAt = user.start();
        }
        assertTrue(last != null, service + " " + file + " sets a USER");
        String uid = last.split(":")[0];
        assertTrue(uid.matches("\\d+") && Integer.parseInt(uid) >= 1000, service + " " + file + ": USER " + last + " is unprivileged");
        assertTrue(df.indexOf("ENTRYPOINT") > lastAt, service + " " + file + ": the entrypoint runs as that user");
        assertTrue(df.contains("EXPOSE " + port), service + " " + file + " exposes " + port);
        assertEquals(-1, df.indexOf("\nADD "), service + " " + file + ": COPY only, nothing fetched at build time by ADD");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent-service", "memory-service", "embedding-service"})
    void the_jvm_image_carries_the_aot_cache_on_the_jdk_that_recorded_it_with_the_same_module_flags(String service)
            throws IOException {
        String df = Files.readString(Repo.path(service + "/src/main/docker/Dockerfile.jvm"));
        String base = FROM.matcher(df).results().map(r -> r.group(1)).reduce((a, b) -> b).orElseThrow();
        // the cache is valid only on the runtime image it was recorded with: a JRE's modules image is another one
        assertTrue(base.startsWith("eclipse-temurin:" + Runtime.version().feature() + ".") && base.contains("-jdk-"),
                service + ": base " + base + " is the Temurin JDK the suite runs on, not a JRE");
        assertTrue(df.contains("COPY target/quarkus-app/*.jar target/quarkus-app/app.ao[t] /deployments/"),
                service + ": the image takes app.aot when the build made one");
        Matcher opts = JAVA_OPTS.matcher(df);
        assertTrue(opts.find(), service + " sets JAVA_OPTS");
        assertEquals(AotFlags.recordedWith(service), AotFlags.moduleOptions(opts.group(1)),
                service + ": the image's module flags are those its cache is recorded with");
    }

    @ParameterizedTest
    @ValueSource(strings = {"agent-service", "memory-service", "embedding-service"})
    void the_entrypoint_passes_the_cache_when_the_image_has_one_and_nothing_when_not(String service) throws Exception {
        String df = Files.readString(Repo.path(service + "/src/main/docker/Dockerfile.jvm"));
        Matcher entry = ENTRYPOINT.matcher(df);
        assertTrue(entry.find(), service + ": ENTRYPOINT runs /bin/sh -c");
        Path deployments = Files.createDirectories(dir.resolve(service).resolve("deployments"));
        // a java that prints its arguments, first on the PATH
        Path bin = Files.createDirectories(dir.resolve(service).resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        String script = entry.group(1).replace("/deployments", deployments.toString());

        String without = run(script, bin);
        assertFalse(without.contains("AOTCache"), without);
        assertTrue(without.contains("-jar " + deployments.resolve("quarkus-run.jar")), without);

        Files.writeString(deployments.resolve("app.aot"), "cache");
        String with = run(script, bin);
        assertTrue(with.contains("-XX:AOTCache=" + deployments.resolve("app.aot") + " -jar "), with);
        assertTrue(with.contains("--enable-native-access=ALL-UNNAMED"), "JAVA_OPTS still comes first: " + with);
    }

    private static String run(String script, Path bin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("JAVA_OPTS", "-XX:MaxRAMPercentage=70 --enable-native-access=ALL-UNNAMED");
        pb.environment().put("ENGRAM_JAVA_OPTS", "");
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the entrypoint script returned");
        return new String(p.getInputStream().readAllBytes()).trim();
    }

    @org.junit.jupiter.api.Test
    void the_embedding_image_prepares_its_default_model_at_build_time_where_the_service_reads_it() throws IOException {
        String df = Files.readString(Repo.path("embedding-service/src/main/docker/Dockerfile.jvm"));
        Matcher run = Pattern.compile("\nRUN ((?:[^\n]*\\\\\n)*[^\n]*)").matcher(df);
        String prepare = run.results().map(r -> r.group(1)).filter(r -> r.contains("ENGRAM_EMBEDDING_LOCAL_PREPARE_ONLY=true"))
                .findFirst().orElseThrow(() -> new AssertionError("no RUN prepares the model"));
        Matcher dirOf = Pattern.compile("ENGRAM_EMBEDDING_LOCAL_OPTIMIZED_MODEL_DIR=(\\S+)").matcher(prepare);
        assertTrue(dirOf.find(), prepare);
        String dir = dirOf.group(1);
        assertTrue(df.contains("\nENV ENGRAM_EMBEDDING_LOCAL_OPTIMIZED_MODEL_DIR=" + dir + "\n"), "the service reads " + dir);
        String root = dir.substring(0, dir.indexOf('/', 1));
        assertTrue(prepare.contains("chmod -R a+rX " + root), "readable by the unprivileged user: " + prepare);
        assertTrue(df.indexOf(prepare) > df.lastIndexOf("COPY target/quarkus-app/"), "the service is in the image when it runs");
        assertTrue(df.indexOf(prepare) < df.lastIndexOf("\nUSER "), "made as root, before the unprivileged user");
    }
}
