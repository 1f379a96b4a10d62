package dev.engram.deploy.nativeimage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * What a service's native build would register, read from its native-sources runner jar: every
 * META-INF/native-image/**&#47;reflect-config.json, jni-config.json and resource-config.json in it (Quarkus' generated
 * ones and the service's own), and the native-image arguments.
 */
final class NativeConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Registered type name to its flags (allDeclaredConstructors, methods, ...), merged over all files. */
    final Map<String, Map<String, JsonNode>> reflection = new HashMap<>();
    final Map<String, Map<String, JsonNode>> jni = new HashMap<>();
    final List<Pattern> resources = new ArrayList<>();
    final String args;

    private NativeConfig(String args) {
        this.args = args;
    }

    static NativeConfig of(Path nativeSources) {
        try {
            Path jar;
            try (Stream<Path> files = Files.list(nativeSources)) {
                jar = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                        .orElseThrow(() -> new AssertionError("no runner jar in " + nativeSources));
            }
            NativeConfig config = new NativeConfig(Files.readString(nativeSources.resolve("native-image.args")));
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                var entries = zip.entries();
                while (entries.hasMoreElements()) {
                    var e = entries.nextElement();
                    String name = e.getName();
                    if (!name.startsWith("META-INF/native-image/")) {
                        continue;
                    }
                    if (name.endsWith("reflect-config.json") || name.endsWith("jni-config.json")) {
                        var target = name.endsWith("reflect-config.json") ? config.reflection : config.jni;
                        for (JsonNode entry : JSON.readTree(zip.getInputStream(e))) {
                            var flags = target.computeIfAbsent(entry.path("name").asText(), k -> new HashMap<>());
                            entry.properties().forEach(p -> flags.put(p.getKey(), p.getValue()));
                        }
                    } else if (name.endsWith("resource-config.json")) {
                        JsonNode resources = JSON.readTree(zip.getInputStream(e)).path("resources");
                        JsonNode includes = resources.isArray() ? resources : resources.path("includes");
                        includes.forEach(i -> config.resources.add(Pattern.compile(i.path("pattern").asText())));
                    }
                }
            }
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether Jackson can build and read {@code type} in the native image: constructors and accessors registered. */
    boolean registeredForJackson(String type) {
        Map<String, JsonNode> f = reflection.get(type);
        if (f == null) {
            return false;
        }
        boolean constructors = flag(f, "allDeclaredConstructors") || flag(f, "allPublicConstructors") || f.containsKey("methods");
        boolean members = flag(f, "allDeclaredMethods") || flag(f, "allPublicMethods") || flag(f, "allDeclaredFields")
                || flag(f, "allPublicFields") || f.containsKey("methods");
        return constructors && members;
    }

    /** Whether a resource of this name would be in the image. */
    boolean includesResource(String name) {
        return resources.stream().anyMatch(p -> p.matcher(name).matches());
    }

    private static boolean flag(Map<String, JsonNode> flags, String key) {
        return flags.containsKey(key) && flags.get(key).asBoolean();
    }
}
