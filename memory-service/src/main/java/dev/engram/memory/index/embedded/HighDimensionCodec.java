package dev.engram.memory.index.embedded;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

import java.io.IOException;

/**
 * Lucene's default codec with the vector dimension cap raised from 1024 to {@value #MAX_DIMENSIONS}: common
 * embedding models have 1536 or 3072 dimensions.
 *
 * <p>The cap is only checked when indexing, and the wrapper writes under the stock format's name with the stock
 * format's files, so segments read back with Lucene's own codec and no service registration is needed.
 */
final class HighDimensionCodec extends Lucene103Codec {

    static final int MAX_DIMENSIONS = 4096;

    /** The name Lucene99HnswVectorsFormat registers itself under. */
    static final String STOCK_NAME = "Lucene99HnswVectorsFormat";

    private final KnnVectorsFormat vectors = new HighDimensionHnsw();

    @Override
    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return vectors;
    }

    private static final class HighDimensionHnsw extends KnnVectorsFormat {

        private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat();

        HighDimensionHnsw() {
            super(STOCK_NAME);
        }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return delegate.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return delegate.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return MAX_DIMENSIONS;
        }
    }
}
