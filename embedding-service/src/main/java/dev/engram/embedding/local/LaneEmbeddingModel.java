package dev.engram.embedding.local;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * LangChain4j's in-process MiniLM encoder (its tokenization, mean pooling and normalisation, unchanged) on an ONNX
 * session configured for the lanes: by default one thread per call and no spin-waiting, so that {@code lanes} = CPUs
 * keeps every core on useful work. LangChain4j's own model classes use the runtime's defaults (a call spreads over all
 * cores and idle threads spin), which oversubscribes the CPUs as soon as two calls run at once.
 */
final class LaneEmbeddingModel extends AbstractInProcessEmbeddingModel {

    private final OnnxBertBiEncoder encoder;

    private LaneEmbeddingModel(OnnxBertBiEncoder encoder) {
        super(null); // embedAll (batching off) fans out over LangChain4j's default pool, as the library ships
        this.encoder = encoder;
    }

    /** Reads the model's ONNX weights and tokenizer from its jar; the session's graph comes from {@code graphs}. */
    static LaneEmbeddingModel load(LocalModel model, LocalConfig config, OptimizedModels graphs) {
        try {
            OrtNativeLibraries.keepIn(config.optimizedModelDir());
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = graphs.open(environment, model.modelName(), ShippedFile.of(model.onnxResource()),
                    () -> options(config));
            return new LaneEmbeddingModel(new OnnxBertBiEncoder(environment, session,
                    ShippedFile.of(model.tokenizerResource()).open(), PoolingMode.MEAN));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open the ONNX session of " + model.modelName(), e);
        }
    }

    private static OrtSession.SessionOptions options(LocalConfig config) {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(config.onnxThreads());
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", config.onnxSpinning() ? "1" : "0");
            return options;
        } catch (OrtException e) {
            options.close();
            throw new IllegalStateException("cannot configure an ONNX session", e);
        }
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return LocalModel.DIMENSIONS;
    }
}
