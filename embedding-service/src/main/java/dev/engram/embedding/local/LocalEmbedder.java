package dev.engram.embedding.local;

import dev.engram.embedding.batch.MicroBatcher;
import dev.engram.embedding.local.TokenWindow.Fitted;
import dev.engram.embedding.service.EmbeddedText;
import dev.engram.embedding.service.Embedder;
import dev.engram.embedding.service.InputRejected;
import dev.engram.embedding.service.ModelInfo;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Serves one in-process model. The caller's thread (an event loop) only queues the texts: tokenizing, fitting to the
 * window and the ONNX call run on the model's micro-batcher lanes (default) or, with batching off, on a worker thread
 * per request through LangChain4j's own {@code embedAll} (the naive baseline the benchmark compares against).
 */
final class LocalEmbedder implements Embedder, AutoCloseable {

    /** Builds the batcher of a loaded model (the factory itself is {@code null} when batching is off). */
    interface BatcherFactory {
        MicroBatcher<String, EmbeddedText> create(String name, Function<String, EmbeddedText> work);
    }

    /** An input in which the tokenizer finds nothing to read (e.g. only control characters). */
    private static final class NoTokens extends RuntimeException {
        NoTokens() {
            super(null, null, false, false);
        }
    }

    private final ModelInfo info;
    private final EmbeddingModel onnx;
    private final TokenWindow window;
    private final MicroBatcher<String, EmbeddedText> batcher;
    private final Executor unbatched;

    private LocalEmbedder(ModelInfo info, EmbeddingModel onnx, TokenWindow window,
            MicroBatcher<String, EmbeddedText> batcher, Executor unbatched) {
        this.info = info;
        this.onnx = onnx;
        this.window = window;
        this.batcher = batcher;
        this.unbatched = unbatched;
    }

    /**
     * Loads the model's weights and tokenizer and runs one embedding so that the first request pays no warm-up.
     *
     * @param unbatched where requests run when {@code batchers} is {@code null} (batching off)
     */
    static LocalEmbedder load(LocalModel model, ModelInfo info, LocalConfig config, BatcherFactory batchers,
            Executor unbatched) {
        // the window's tokenizer (a JSON parse, and the tokenizer's native library on first use) loads beside the session
        InputStream tokenizerJson = ShippedFile.of(model.tokenizerResource()).open();
        FutureTask<TokenWindow> loadingWindow = new FutureTask<>(
                () -> new TokenWindow(tokenizerJson, LocalModel.MAX_INPUT_TOKENS));
        Thread.ofPlatform().name("load-" + model.modelName() + "-tokenizer").start(loadingWindow);
        EmbeddingModel onnx = LaneEmbeddingModel.load(model, config, new OptimizedModels(config.optimizedModelDir()));
        onnx.embed("warm up");
        TokenWindow window = joined(loadingWindow);
        LocalEmbedder embedder = new LocalEmbedder(info, onnx, window, null, unbatched);
        return batchers == null ? embedder
                : new LocalEmbedder(info, onnx, window, batchers.create(info.handle().toString(), embedder::embedOne),
                        unbatched);
    }

    private static TokenWindow joined(FutureTask<TokenWindow> loading) {
        try {
            return loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading a tokenizer", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public CompletableFuture<List<EmbeddedText>> embed(List<String> texts, Integer dimensions) {
        if (batcher == null) {
            return CompletableFuture.supplyAsync(() -> embedAllHere(texts), unbatched);
        }
        List<CompletableFuture<EmbeddedText>> pending = batcher.submitAll(texts);
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .handle((done, error) -> collect(pending));
    }

    /** One text, on a lane. LangChain4j's encoder returns unit vectors, so they are used as they are. */
    private EmbeddedText embedOne(String text) {
        Fitted f = window.fit(text);
        if (f.tokens() == 0) {
            throw new NoTokens();
        }
        return new EmbeddedText(onnx.embed(f.text()).content().vector(), f.tokens(), f.truncated());
    }

    private List<EmbeddedText> embedAllHere(List<String> texts) {
        List<Fitted> fitted = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Fitted f = window.fit(texts.get(i));
            if (f.tokens() == 0) {
                throw rejected(i);
            }
            fitted.add(f);
        }
        List<Embedding> vectors = onnx.embedAll(fitted.stream().map(f -> TextSegment.from(f.text())).toList()).content();
        List<EmbeddedText> out = new ArrayList<>(fitted.size());
        for (int i = 0; i < fitted.size(); i++) {
            out.add(new EmbeddedText(vectors.get(i).vector(), fitted.get(i).tokens(), fitted.get(i).truncated()));
        }
        return out;
    }

    private List<EmbeddedText> collect(List<CompletableFuture<EmbeddedText>> pending) {
        List<EmbeddedText> out = new ArrayList<>(pending.size());
        for (int i = 0; i < pending.size(); i++) {
            try {
                out.add(pending.get(i).join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof NoTokens ? rejected(i) : e;
            }
        }
        return out;
    }

    private InputRejected rejected(int index) {
        return new InputRejected(index, "has no token that " + info.handle() + " can read");
    }

    @Override
    public void close() {
        if (batcher != null) {
            batcher.close();
        }
    }
}
