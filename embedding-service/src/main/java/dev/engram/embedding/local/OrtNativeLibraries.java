package dev.engram.embedding.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps one copy of the ONNX runtime's native libraries on disk. Left to itself the runtime inflates its 16 MB library
 * from its jar into a new temporary directory at every start, a noticeable part of the time to ready; pointed at a
 * directory ({@code onnxruntime.native.path}) it loads the libraries from there. The copy sits in a directory named
 * after the platform and the libraries' CRC32 and size (from the jar's directory), so another runtime version never
 * loads it; each file is written beside its place and moved in when complete, so replicas sharing the directory never
 * load half a file. A path set by the operator ({@code -Donnxruntime.native.path}) is left alone.
 */
final class OrtNativeLibraries {

    static final String PATH_PROPERTY = "onnxruntime.native.path";
    private static final Logger LOG = Logger.getLogger(OrtNativeLibraries.class);
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

    private OrtNativeLibraries() {
    }

    /**
     * Points the runtime at the copy under {@code directory}, making it first if need be; called before the runtime
     * loads. With no directory, on a platform without shipped libraries, or when the copy cannot be made, the runtime
     * extracts them as it always does.
     */
    static synchronized void keepIn(Optional<Path> directory) {
        if (System.getProperty(PATH_PROPERTY) != null || directory.isEmpty()) {
            return;
        }
        platform().flatMap(platform -> copy(directory.get(), platform))
                .ifPresent(copy -> System.setProperty(PATH_PROPERTY, copy.toString()));
    }

    /** The runtime's name for this platform's library folder, where it ships one. */
    static Optional<String> platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return Optional.empty();
        }
        return switch (arch) {
            case "amd64", "x86_64" -> Optional.of("linux-x64");
            case "aarch64" -> Optional.of("linux-aarch64");
            default -> Optional.empty();
        };
    }

    /** The directory holding the libraries of {@code platform} under {@code root}, copied there if missing. */
    static Optional<Path> copy(Path root, String platform) {
        try {
            List<ShippedFile> files = LIBRARIES.stream()
                    .map(name -> ShippedFile.of("ai/onnxruntime/native/" + platform + "/" + name)).toList();
            List<ShippedFile.Fingerprint> fingerprints = files.stream().map(ShippedFile::fingerprint).toList();
            StringBuilder key = new StringBuilder(platform);
            fingerprints.forEach(f -> key.append('-').append(f.text()));
            Path target = root.resolve("native").resolve(key.toString());
            Files.createDirectories(target);
            for (int i = 0; i < files.size(); i++) {
                place(files.get(i), fingerprints.get(i).size(), target.resolve(LIBRARIES.get(i)));
            }
            return Optional.of(target);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot keep the ONNX runtime's native libraries in %s (%s); it extracts them at every start",
                    root, e);
            return Optional.empty();
        }
    }

    private static void place(ShippedFile file, long size, Path target) throws IOException {
        if (Files.isRegularFile(target) && Files.size(target) == size) {
            return;
        }
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try (InputStream in = file.open()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(partial) != size) {
                throw new IOException(file.name() + ": copied " + Files.size(partial) + " bytes of " + size);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
