package dev.engram.embedding.service;

import dev.engram.embedding.cache.EmbeddingCache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Embeds a request's inputs: routes the handle, answers what it can from the cache, sends each distinct missing
 * text once to the model, and reassembles the vectors in input order.
 */
@ApplicationScoped
public class EmbeddingService {

    private final ProviderRegistry registry;
    private final EmbeddingCache cache;

    public EmbeddingService(ProviderRegistry registry, EmbeddingCache cache) {
        this.registry = registry;
        this.cache = cache;
    }

    /**
     * @param handle     a model handle, or {@code null} for the default model
     * @param inputs     validated inputs: non-empty list, no blank item
     * @param dimensions requested size, or {@code null}
     */
    public CompletableFuture<EmbeddingResult> embed(String handle, List<String> inputs, Integer dimensions) {
        ModelHandle model = ModelHandle.parse(handle == null ? registry.defaultModel() : handle);
        Embedder embedder = registry.resolve(model);
        checkDimensions(embedder.info(), dimensions);

        EmbeddedText[] found = new EmbeddedText[inputs.size()];
        // distinct missing texts, each mapped to the input positions waiting for it
        Map<String, List<Integer>> missing = new HashMap<>();
        List<String> toEmbed = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String text = inputs.get(i);
            EmbeddedText hit = cache.get(model, dimensions, text);
            if (hit != null) {
                found[i] = hit;
            } else {
                missing.computeIfAbsent(text, t -> {
                    toEmbed.add(t);
                    return new ArrayList<>(1);
                }).add(i);
            }
        }
        if (toEmbed.isEmpty()) {
            return CompletableFuture.completedFuture(assemble(model, found));
        }

        CompletableFuture<List<EmbeddedText>> pending;
        try {
            pending = embedder.embed(toEmbed, dimensions);
        } catch (InputRejected e) {
            throw rejected(e, missing, toEmbed);
        }
        return pending.handle((embedded, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof InputRejected r) {
                    throw rejected(r, missing, toEmbed);
                }
                throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
            }
            for (int j = 0; j < toEmbed.size(); j++) {
                EmbeddedText e = embedded.get(j);
                cache.put(model, dimensions, toEmbed.get(j), e);
                for (int i : missing.get(toEmbed.get(j))) {
                    found[i] = e;
                }
            }
            return assemble(model, found);
        });
    }

    private static void checkDimensions(ModelInfo info, Integer dimensions) {
        if (dimensions == null) {
            return;
        }
        if (dimensions < 1) {
            throw EmbeddingFailure.invalid("dimensions: must be a positive integer");
        }
        Integer own = info.embeddingDim();
        if (!info.supportsDimensions() && !dimensions.equals(own)) {
            throw EmbeddingFailure.invalid("dimensions: " + info.handle() + " does not support choosing dimensions"
                    + (own == null ? "" : "; it always returns " + own));
        }
        if (own != null && dimensions > own) {
            throw EmbeddingFailure.invalid("dimensions: " + info.handle() + " returns at most " + own);
        }
    }

    private static EmbeddingFailure rejected(InputRejected e, Map<String, List<Integer>> missing, List<String> toEmbed) {
        int index = missing.get(toEmbed.get(e.index())).getFirst();
        return EmbeddingFailure.invalid("input[" + index + "]: " + e.getMessage());
    }

    private static EmbeddingResult assemble(ModelHandle model, EmbeddedText[] embedded) {
        List<float[]> vectors = new ArrayList<>(embedded.length);
        List<Integer> truncated = new ArrayList<>();
        int tokens = 0;
        for (int i = 0; i < embedded.length; i++) {
            vectors.add(embedded[i].vector());
            tokens += embedded[i].tokens();
            if (embedded[i].truncated()) {
                truncated.add(i);
            }
        }
        return new EmbeddingResult(model, vectors, tokens, truncated);
    }
}
