package dev.engram.agent.llm;

/**
 * A model handle, {@code provider/model-name}. The model name may itself contain slashes
 * ({@code openai/meta-llama/Llama-3.1-8B-Instruct} on a vLLM server): only the first one separates.
 */
public record ModelHandle(String provider, String model) {

    public static ModelHandle parse(String handle) {
        int slash = handle == null ? -1 : handle.indexOf('/');
        if (slash <= 0 || slash == handle.length() - 1 || handle.isBlank()) {
            throw new LlmException(LlmException.Kind.BAD_REQUEST,
                    "Handle must be provider/model-name, got: " + handle);
        }
        return new ModelHandle(handle.substring(0, slash), handle.substring(slash + 1));
    }

    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
