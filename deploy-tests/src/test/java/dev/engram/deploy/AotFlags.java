package dev.engram.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's module options a service's AOT cache is recorded with ({@code engram.aot.jvm-args} in its pom, else the
 * root pom's). A JVM started with other module options ignores the cache ("Mismatched values for property
 * jdk.module..."), so every place that starts a service — images, manifests — must pass the same ones.
 */
public final class AotFlags {

    private static final Pattern PROPERTY = Pattern.compile("<engram\\.aot\\.jvm-args>([^<]*)</engram\\.aot\\.jvm-args>");
    private static final List<String> MODULE_OPTIONS = List.of("--enable-native-access", "--add-modules", "--limit-modules",
            "--add-opens", "--add-exports", "--add-reads", "--patch-module", "--upgrade-module-path", "--module-path");

    private AotFlags() {
    }

    /** The module options the service's cache is recorded with. */
    public static Set<String> recordedWith(String service) throws IOException {
        for (String pom : List.of(service + "/pom.xml", "pom.xml")) {
            Matcher m = PROPERTY.matcher(Files.readString(Repo.path(pom)));
            if (m.find()) {
                return moduleOptions(m.group(1));
            }
        }
        throw new AssertionError("no engram.aot.jvm-args for " + service);
    }

    /** The module options among JVM flags, each as {@code option=value} ({@code --add-modules x} and {@code =x} alike). */
    public static Set<String> moduleOptions(String flags) {
        List<String> tokens = new ArrayList<>(List.of(flags.trim().split("\\s+")));
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String name = t.contains("=") ? t.substring(0, t.indexOf('=')) : t;
            if (!MODULE_OPTIONS.contains(name)) {
                continue;
            }
            if (t.contains("=")) {
                out.add(t);
            } else if (i + 1 < tokens.size()) {
                out.add(t + "=" + tokens.get(++i));
            }
        }
        return out;
    }
}
