package dev.engram.embedding.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** How the in-process ONNX sessions run. */
@ConfigMapping(prefix = "engram.embedding.local")
public interface LocalConfig {

    /** Threads one ONNX call may use; 1 lets the lanes (one per CPU) own the parallelism instead. */
    @WithDefault("1")
    int onnxThreads();

    /** Whether idle ONNX threads spin-wait for work; spinning burns CPU that the HTTP threads and other lanes need. */
    @WithDefault("false")
    boolean onnxSpinning();

    /**
     * Where each model's optimised ONNX graph is kept, so that only the first start optimises it; set it empty to
     * optimise at every start.
     */
    @WithDefault("${ENGRAM_HOME:./.engram}/onnx")
    Optional<Path> optimizedModelDir();

    /**
     * Loads the default model (which leaves its optimised graph and the ONNX runtime's native libraries in
     * {@link #optimizedModelDir()}) and exits: an image build runs the service once so, and every pod started from
     * the image finds both made (exit status 0, or 1 when the model did not load).
     */
    @WithDefault("false")
    boolean prepareOnly();
}
