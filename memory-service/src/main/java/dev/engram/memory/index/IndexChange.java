package dev.engram.memory.index;

import java.util.Objects;

/** One change of an outbox batch, applied in order by {@link VectorIndex#apply}. */
public sealed interface IndexChange {

    /** Adds the passage or replaces the one with the same (organization, id). */
    record Upsert(IndexedPassage passage) implements IndexChange {
        public Upsert {
            Objects.requireNonNull(passage, "passage");
        }
    }

    record Delete(String organizationId, String passageId) implements IndexChange {
        public Delete {
            IndexedPassage.requireText(organizationId, "organizationId");
            IndexedPassage.requireText(passageId, "passageId");
        }
    }

    record DeleteAgent(String organizationId, String agentId) implements IndexChange {
        public DeleteAgent {
            IndexedPassage.requireText(organizationId, "organizationId");
            IndexedPassage.requireText(agentId, "agentId");
        }
    }
}
