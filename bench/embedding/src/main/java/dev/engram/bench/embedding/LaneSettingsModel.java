package dev.engram.bench.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.InputStream;

/**
 * The same MiniLM encoder with the ONNX session settings embedding-service uses (one thread per call, no
 * spin-waiting), so that the benchmark can also show what the model does in-process under those settings.
 */
final class LaneSettingsModel extends AbstractInProcessEmbeddingModel {

    private final OnnxBertBiEncoder encoder;

    LaneSettingsModel(String modelName) throws Exception {
        super(null);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(resource(modelName + ".onnx").readAllBytes(), options);
            encoder = new OnnxBertBiEncoder(environment, session, resource(modelName + "-tokenizer.json"), PoolingMode.MEAN);
        }
    }

    private static InputStream resource(String name) {
        return LaneSettingsModel.class.getClassLoader().getResourceAsStream(name);
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return 384;
    }
}
