package dev.engram.memory.index.qdrant;

import dev.engram.memory.index.TextAnalyzer;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * BM25 as sparse vectors for Qdrant. The client computes the term-frequency half of BM25 (saturation and length
 * normalisation); the collection's IDF modifier supplies the other half at query time, from Qdrant's own document
 * counts, so scores stay right as the corpus grows.
 *
 * <p>Terms come from the same {@link TextAnalyzer} as the Lucene index and map to sparse dimensions by a 32-bit
 * murmur3 hash of their UTF-8 bytes (stable across JVMs and releases; collisions only merge two rare terms).
 */
final class Bm25Encoder {

    /** Lucene's defaults, so both adapters weigh term frequency alike. */
    static final double K1 = 1.2;
    static final double B = 0.75;

    /** Sparse vector in Qdrant's shape: unique indices (Qdrant reads them as unsigned 32-bit numbers). */
    record Sparse(List<Integer> indices, List<Float> values) {

        boolean isEmpty() {
            return indices.isEmpty();
        }
    }

    private final double averageLength;

    Bm25Encoder(double averageLength) {
        if (!(averageLength > 0)) {
            throw new IllegalArgumentException("BM25 average length must be positive");
        }
        this.averageLength = averageLength;
    }

    /** A passage: tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / averageLength)) per term. */
    Sparse document(String text) {
        List<String> terms = TextAnalyzer.INSTANCE.terms(text);
        Map<Integer, Integer> frequencies = new TreeMap<>();
        for (String term : terms) {
            frequencies.merge(index(term), 1, Integer::sum);
        }
        double lengthNorm = K1 * (1 - B + B * terms.size() / averageLength);
        List<Integer> indices = new ArrayList<>(frequencies.size());
        List<Float> values = new ArrayList<>(frequencies.size());
        frequencies.forEach((index, tf) -> {
            indices.add(index);
            values.add((float) (tf * (K1 + 1) / (tf + lengthNorm)));
        });
        return new Sparse(indices, values);
    }

    /**
     * A query: each distinct topical term ({@link TextAnalyzer#queryTerms}) once with weight 1, so the score is the
     * sum of IDF-weighted passage terms.
     */
    Sparse query(String text) {
        Map<Integer, Float> distinct = new TreeMap<>();
        for (String term : TextAnalyzer.INSTANCE.queryTerms(text)) {
            distinct.put(index(term), 1f);
        }
        return new Sparse(List.copyOf(distinct.keySet()), List.copyOf(distinct.values()));
    }

    static int index(String term) {
        return StringHelper.murmurhash3_x86_32(new BytesRef(term), 0);
    }
}
