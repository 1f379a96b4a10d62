package dev.engram.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests read (set by the build: {@code engram.root}). */
public final class Repo {

    private Repo() {
    }

    public static Path root() {
        Path root = Path.of(System.getProperty("engram.root", "..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("k8s/base/kustomization.yaml"))) {
            throw new IllegalStateException("not the repository root: " + root);
        }
        return root;
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }
}
