package dev.engram.agent.memory;

import dev.engram.agent.web.Actor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;
import java.util.function.Supplier;

/** The chunks of a folder's files in memory-service: stored and indexed like archival passages, owned by the folder. */
@ApplicationScoped
public class SourcePassages {

    /** memory-service's CreatePassages. */
    public record Batch(List<MemoryRecords.CreatePassage> passages) {
    }

    private final SourcePassagesApi api;

    public SourcePassages(@RestClient SourcePassagesApi api) {
        this.api = api;
    }

    public Uni<List<MemoryRecords.Passage>> insert(Actor actor, String key, String sourceId, List<MemoryRecords.CreatePassage> chunks) {
        return call(() -> api.insert(actor.organizationId(), actor.userId(), key, sourceId, new Batch(chunks)));
    }

    public Uni<List<MemoryRecords.Passage>> list(Actor actor, String sourceId, MultivaluedMap<String, String> query) {
        return call(() -> api.list(actor.organizationId(), sourceId, query));
    }

    public Uni<MemoryRecords.SearchResult> search(Actor actor, String sourceId, MultivaluedMap<String, String> query) {
        return call(() -> api.search(actor.organizationId(), sourceId, query));
    }

    /** Removes one file's chunks. */
    public Uni<Void> deleteFile(Actor actor, String sourceId, String fileId) {
        return call(() -> api.delete(actor.organizationId(), sourceId, fileId)).replaceWithVoid();
    }

    /** Removes every chunk of the folder. */
    public Uni<Void> deleteSource(Actor actor, String sourceId) {
        return call(() -> api.delete(actor.organizationId(), sourceId, null)).replaceWithVoid();
    }

    private static <T> Uni<T> call(Supplier<Uni<? extends T>> request) {
        return Uni.createFrom().deferred(request).onFailure().transform(MemoryClient::translate);
    }
}
