package dev.engram.memory.index;

import dev.engram.memory.index.embedded.LuceneVectorIndex;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The contract against the embedded Lucene adapter, in a temporary directory per test. */
class EmbeddedIndexContractTest extends VectorIndexContract {

    @TempDir
    Path directory;

    @Override
    VectorIndex open() {
        return LuceneVectorIndex.open(directory.resolve("index"), FusionSettings.DEFAULTS);
    }

    @Override
    VectorIndex reopen(VectorIndex index) {
        index.close();
        return open();
    }
}
