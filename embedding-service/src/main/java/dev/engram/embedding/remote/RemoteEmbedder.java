package dev.engram.embedding.remote;

import dev.engram.embedding.service.EmbeddedText;
import dev.engram.embedding.service.Embedder;
import dev.engram.embedding.service.EmbeddingFailure;
import dev.engram.embedding.service.ModelInfo;
import dev.engram.embedding.service.Vectors;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * One remote model behind LangChain4j. A request is sent as one provider call (the providers batch natively) on a
 * virtual thread, guarded by {@link RemoteCallGuard}. Vectors are L2-normalised here because not every
 * OpenAI-compatible server returns unit vectors.
 */
final class RemoteEmbedder implements Embedder {

    /** Counts and cuts with the model's own tokenizer, where the service knows it. */
    interface Tokenizer {
        int count(String text);

        String cut(String text, int maxTokens);
    }

    // blocking HTTP calls park cheaply on virtual threads; no pool to size
    private static final ExecutorService CALLS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("remote-embed-", 0).factory());

    private final ModelInfo info;
    private final Function<Integer, EmbeddingModel> factory;
    private final Map<Optional<Integer>, EmbeddingModel> byDimensions = new ConcurrentHashMap<>();
    private final RemoteCallGuard guard;
    private final Tokenizer tokenizer;

    /**
     * @param factory   builds the LangChain4j model for a requested size ({@code null}: the model's own)
     * @param tokenizer {@code null} when the model's tokenizer is unknown here: inputs go as they are and the
     *                  provider applies its own limit
     */
    RemoteEmbedder(ModelInfo info, Function<Integer, EmbeddingModel> factory, RemoteConfig config, Tokenizer tokenizer) {
        this.info = info;
        this.factory = factory;
        this.guard = new RemoteCallGuard(info.handle().toString(), config);
        this.tokenizer = tokenizer;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public CompletableFuture<List<EmbeddedText>> embed(List<String> texts, Integer dimensions) {
        // counting tokens of up to 2048 long inputs is real work: it runs on the call's virtual thread too
        return CompletableFuture.supplyAsync(() -> call(texts, dimensions), CALLS);
    }

    private List<EmbeddedText> call(List<String> texts, Integer dimensions) {
        List<String> sent = new ArrayList<>(texts.size());
        int[] tokens = new int[texts.size()];
        boolean[] truncated = new boolean[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (tokenizer != null && info.maxInputTokens() != null) {
                tokens[i] = tokenizer.count(text);
                if (tokens[i] > info.maxInputTokens()) {
                    text = tokenizer.cut(text, info.maxInputTokens());
                    tokens[i] = info.maxInputTokens();
                    truncated[i] = true;
                }
            }
            sent.add(text);
        }
        EmbeddingModel model = byDimensions.computeIfAbsent(Optional.ofNullable(dimensions),
                d -> factory.apply(d.orElse(null)));
        List<TextSegment> segments = sent.stream().map(TextSegment::from).toList();
        Response<List<Embedding>> response = guard.call(() -> model.embedAll(segments));
        return combine(response, sent, dimensions, tokens, truncated);
    }

    private List<EmbeddedText> combine(Response<List<Embedding>> response, List<String> sent, Integer dimensions,
            int[] tokens, boolean[] truncated) {
        List<Embedding> vectors = response.content();
        if (vectors == null || vectors.size() != sent.size()) {
            throw badAnswer("answered " + (vectors == null ? 0 : vectors.size()) + " vectors for " + sent.size()
                    + " inputs");
        }
        if (tokenizer == null) {
            apportion(usage(response), sent, tokens);
        }
        List<EmbeddedText> out = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            float[] v = vectors.get(i).vector();
            if (dimensions != null && v.length != dimensions) {
                throw badAnswer("returned " + v.length + " dimensions where " + dimensions + " were asked for");
            }
            out.add(new EmbeddedText(Vectors.normalize(v), tokens[i], truncated[i]));
        }
        return out;
    }

    private static int usage(Response<?> response) {
        TokenUsage usage = response.tokenUsage();
        return usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
    }

    /**
     * Without the model's tokenizer only the provider's total is known: it is shared out by text length so that the
     * request's total is exact and each cached text keeps a fair share.
     */
    private static void apportion(int total, List<String> sent, int[] tokens) {
        long chars = sent.stream().mapToLong(String::length).sum();
        int given = 0;
        for (int i = 0; i < sent.size(); i++) {
            tokens[i] = i == sent.size() - 1 ? total - given : (int) (total * sent.get(i).length() / Math.max(1, chars));
            given += tokens[i];
        }
    }

    private EmbeddingFailure badAnswer(String what) {
        return EmbeddingFailure.upstream(502, info.handle() + " " + what, OptionalLong.empty(), null);
    }
}
