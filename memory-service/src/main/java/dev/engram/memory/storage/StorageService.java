package dev.engram.memory.storage;

import dev.engram.memory.passage.PassageService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An organization's storage. The passage count comes from {@link PassageService}, the same count as
 * /v1/passages/count, so that the usage snapshot and the storage quota never disagree.
 */
@ApplicationScoped
public class StorageService {

    private final PassageService passages;
    private final StorageRepository storage;

    public StorageService(PassageService passages, StorageRepository storage) {
        this.passages = passages;
        this.storage = storage;
    }

    public Uni<Storage> of(String org) {
        return passages.countInOrganization(org).chain(count -> storage.sizes(org).map(s ->
                new Storage(org, count, s.passageBytes(), s.messages(), s.messageBytes(), s.blocks(), s.blockBytes())));
    }
}
