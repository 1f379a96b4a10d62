package dev.engram.deploy.nativeimage;

import dev.engram.deploy.Repo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each service's two images (src/main/docker/Dockerfile.jvm and Dockerfile.native): a base image with a version tag,
 * an unprivileged user from before the entrypoint on, the service's port. No image is built here (no container
 * engine on the build machines).
 */
class DockerfilesTest {

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
}
