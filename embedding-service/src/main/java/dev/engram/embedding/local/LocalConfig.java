package dev.engram.embedding.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the in-process ONNX sessions run. */
@ConfigMapping(prefix = "engram.embedding.local")
public interface LocalConfig {

    /** Threads one ONNX call may use; 1 lets the lanes (one per CPU) own the parallelism instead. */
    @WithDefault("1")
    int onnxThreads();

    /** Whether idle ONNX threads spin-wait for work; spinning burns CPU that the HTTP threads and other lanes need. */
    @WithDefault("false")
    boolean onnxSpinning();
}
