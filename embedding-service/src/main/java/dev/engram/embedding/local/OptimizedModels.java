package dev.engram.embedding.local;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Opens ONNX sessions from a graph optimised once and kept on disk. Creating a session from the shipped weights runs
 * the runtime's graph optimisations (operator fusions, constant folding) on every start; the first start saves the
 * optimised graph and later starts open it with optimisation off, which computes the same vectors for less start-up
 * work. A file is keyed by the weights' CRC32 and size (read from the jar's directory, not from the weights), the
 * runtime's version and the optimisation level, so other weights or another runtime never read it; one that does not
 * open (truncated, corrupt) is deleted and rebuilt.
 * The level is {@code EXTENDED}: the {@code ALL} level adds layout changes that the runtime documents as tied to the
 * machine that made them, which a directory shared between machines must not carry.
 */
final class OptimizedModels {

    private static final Logger LOG = Logger.getLogger(OptimizedModels.class);
    private static final OptLevel SAVED_LEVEL = OptLevel.EXTENDED_OPT;

    private final Optional<Path> directory;

    /** @param directory where optimised graphs are kept; empty: every session is optimised at creation */
    OptimizedModels(Optional<Path> directory) {
        this.directory = directory;
    }

    /**
     * A session over {@code weights}.
     *
     * @param options the session's settings (threads, spinning); a fresh instance per call, as options are consumed
     */
    OrtSession open(OrtEnvironment environment, String modelName, ShippedFile weights, Supplier<SessionOptions> options)
            throws OrtException {
        if (directory.isEmpty()) {
            try (SessionOptions o = options.get()) {
                return environment.createSession(weights.bytes(), o);
            }
        }
        // the fingerprint comes from the jar's directory: a start that finds the graph never inflates the weights
        Path file = directory.get().resolve(fileName(modelName, weights.fingerprint(), environment.getVersion()));
        if (Files.isRegularFile(file)) {
            try (SessionOptions o = options.get()) {
                o.setOptimizationLevel(OptLevel.NO_OPT);
                return environment.createSession(file.toString(), o);
            } catch (OrtException e) {
                LOG.warnf("the optimised graph %s does not open (%s); rebuilding it", file, e.getMessage());
                deleteQuietly(file);
            }
        }
        return optimiseAndSave(environment, weights, options, file);
    }

    private static OrtSession optimiseAndSave(OrtEnvironment environment, ShippedFile weights,
            Supplier<SessionOptions> options, Path file) throws OrtException {
        Path partial = null;
        try {
            Files.createDirectories(file.getParent());
            // a file of its own, moved in place when complete: replicas sharing the directory never read half a file
            partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
        } catch (IOException e) {
            LOG.warnf("cannot keep optimised ONNX graphs in %s (%s); optimising at every start", file.getParent(), e);
        }
        OrtSession session;
        try (SessionOptions o = options.get()) {
            o.setOptimizationLevel(SAVED_LEVEL);
            if (partial != null) {
                o.setOptimizedModelFilePath(partial.toString());
            }
            session = environment.createSession(weights.bytes(), o);
        } catch (OrtException | RuntimeException e) {
            deleteQuietly(partial);
            throw e;
        }
        if (partial != null) {
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                LOG.warnf("cannot keep the optimised ONNX graph %s (%s)", file, e);
                deleteQuietly(partial);
            }
        }
        return session;
    }

    /** {@code <model>-<crc32 of the weights>-<size>-ort<version>-<level>.onnx}. */
    static String fileName(String modelName, ShippedFile.Fingerprint weights, String runtimeVersion) {
        return "%s-%s-ort%s-%s.onnx".formatted(modelName, weights.text(),
                runtimeVersion.replaceAll("[^0-9A-Za-z.]", "_"), SAVED_LEVEL.name().toLowerCase());
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("cannot delete %s: %s", file, e);
        }
    }
}
