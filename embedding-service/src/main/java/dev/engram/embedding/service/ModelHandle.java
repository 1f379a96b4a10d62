package dev.engram.embedding.service;

/**
 * A model handle {@code provider/name}, e.g. {@code local/all-minilm-l6-v2} or {@code openai/text-embedding-3-small}.
 * Only the first slash separates the provider, so names such as {@code openai/BAAI/bge-m3} keep theirs.
 */
public record ModelHandle(String provider, String name) {

    public static ModelHandle parse(String handle) {
        int slash = handle == null ? -1 : handle.indexOf('/');
        if (slash <= 0 || slash == handle.length() - 1) {
            throw EmbeddingFailure.badRequest(
                    "model: '" + handle + "' is not a handle of the form provider/name (e.g. local/all-minilm-l6-v2)");
        }
        return new ModelHandle(handle.substring(0, slash), handle.substring(slash + 1));
    }

    @Override
    public String toString() {
        return provider + "/" + name;
    }
}
