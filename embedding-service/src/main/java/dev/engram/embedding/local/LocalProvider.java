package dev.engram.embedding.local;

import dev.engram.embedding.batch.BatchingConfig;
import dev.engram.embedding.batch.MicroBatcher;
import dev.engram.embedding.service.EmbeddedText;
import dev.engram.embedding.service.Embedder;
import dev.engram.embedding.service.EmbeddingConfig;
import dev.engram.embedding.service.EmbeddingFailure;
import dev.engram.embedding.service.EmbeddingProvider;
import dev.engram.embedding.service.ModelHandle;
import dev.engram.embedding.service.ModelInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * The {@code local/*} models. Each is loaded once, on first use; the default model is loaded right after start-up
 * (off the start-up thread, so that liveness answers at once and readiness turns UP when the model is in).
 */
@ApplicationScoped
public class LocalProvider implements EmbeddingProvider {

    private static final Logger LOG = Logger.getLogger(LocalProvider.class);

    private final Map<LocalModel, CompletableFuture<LocalEmbedder>> loaded = new EnumMap<>(LocalModel.class);
    private final BatchingConfig batching;
    private final LocalConfig local;
    private final MeterRegistry registry;
    private final String defaultModel;

    public LocalProvider(BatchingConfig batching, LocalConfig local, EmbeddingConfig config, MeterRegistry registry) {
        this.batching = batching;
        this.local = local;
        this.registry = registry;
        this.defaultModel = config.defaultModel();
    }

    void preloadDefault(@Observes StartupEvent start) {
        ModelHandle handle = ModelHandle.parse(defaultModel);
        Optional<CompletableFuture<LocalEmbedder>> preloading = handle.provider().equals(name())
                ? LocalModel.byName(handle.name()).map(this::loading) : Optional.empty();
        if (local.prepareOnly()) {
            exitWhenLoaded(preloading);
        }
    }

    /** {@code prepare-only}: the process ends once the default model is in (0), or could not be loaded (1). */
    private void exitWhenLoaded(Optional<CompletableFuture<LocalEmbedder>> preloading) {
        if (preloading.isEmpty()) {
            LOG.infof("prepare-only: the default model %s is not a local one; nothing to prepare", defaultModel);
            Quarkus.asyncExit(0);
            return;
        }
        preloading.get().whenComplete((embedder, error) -> {
            if (error == null) {
                LOG.infof("prepare-only: %s is ready in %s; exiting", defaultModel, local.optimizedModelDir().map(Path::toString)
                        .orElse("(no directory: nothing kept)"));
            }
            Quarkus.asyncExit(error == null ? 0 : 1);
        });
    }

    void closeAll(@Observes ShutdownEvent stop) {
        synchronized (loaded) {
            loaded.values().forEach(f -> f.thenAccept(LocalEmbedder::close));
        }
    }

    /** Whether the default model is loaded (true when the default is not a local model). */
    public boolean defaultModelReady() {
        ModelHandle handle = ModelHandle.parse(defaultModel);
        if (!handle.provider().equals(name())) {
            return true;
        }
        return LocalModel.byName(handle.name()).map(m -> {
            CompletableFuture<LocalEmbedder> f;
            synchronized (loaded) {
                f = loaded.get(m);
            }
            return f != null && f.isDone() && !f.isCompletedExceptionally();
        }).orElse(false);
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public String configurationVariable() {
        return "nothing";
    }

    @Override
    public List<ModelInfo> models() {
        return Arrays.stream(LocalModel.values()).map(LocalProvider::info).toList();
    }

    @Override
    public Embedder embedder(String name) {
        LocalModel model = LocalModel.byName(name).orElseThrow(() -> EmbeddingFailure.badRequest("model: unknown local model '"
                + name + "'; local models: " + String.join(", ", models().stream().map(m -> m.handle().toString()).toList())));
        return new Embedder() {
            @Override
            public ModelInfo info() {
                return LocalProvider.info(model);
            }

            @Override
            public CompletableFuture<List<EmbeddedText>> embed(List<String> texts, Integer dimensions) {
                // the first request for a model not loaded yet waits for the load without holding a thread
                return loading(model)
                        .exceptionally(error -> {
                            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                            throw EmbeddingFailure.unavailable("local/" + model.modelName() + " could not be loaded: "
                                    + cause, cause);
                        })
                        .thenCompose(embedder -> embedder.embed(texts, dimensions));
            }
        };
    }

    private static ModelInfo info(LocalModel model) {
        return new ModelInfo(new ModelHandle("local", model.modelName()), LocalModel.DIMENSIONS,
                LocalModel.MAX_INPUT_TOKENS, false);
    }

    private CompletableFuture<LocalEmbedder> loading(LocalModel model) {
        synchronized (loaded) {
            return loaded.computeIfAbsent(model, m -> {
                CompletableFuture<LocalEmbedder> f = new CompletableFuture<>();
                ClassLoader appLoader = Thread.currentThread().getContextClassLoader();
                Thread.ofPlatform().name("load-" + m.modelName()).start(() -> {
                    // the weights and tokenizer are read through the context class loader
                    Thread.currentThread().setContextClassLoader(appLoader);
                    long start = System.nanoTime();
                    try {
                        f.complete(LocalEmbedder.load(m, info(m), local, batchers(), Infrastructure.getDefaultWorkerPool()));
                        LOG.infof("loaded local/%s in %d ms (batching %s)", m.modelName(),
                                (System.nanoTime() - start) / 1_000_000, batching.enabled() ? "on" : "off");
                    } catch (Throwable t) {
                        LOG.errorf(t, "could not load local/%s", m.modelName());
                        f.completeExceptionally(t);
                    }
                });
                return f;
            });
        }
    }

    private LocalEmbedder.BatcherFactory batchers() {
        if (!batching.enabled()) {
            return null;
        }
        int lanes = batching.lanes().orElse(Runtime.getRuntime().availableProcessors());
        return (name, work) -> new MicroBatcher<>(name, work, lanes, batching.maxBatchSize(), batching.maxWait(),
                batching.queueCapacity(), registry);
    }
}
