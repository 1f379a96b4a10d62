package dev.engram.agent.support.llm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Locale;

/**
 * Deterministic stand-in embeddings: each lower-cased word is hashed to a dimension and a sign (feature hashing), and
 * the sum is scaled to unit length. The same text always gives the same vector, and texts that share words are close,
 * so vector search behaves sensibly in tests without a model. A text without words gets a fixed unit vector.
 */
public final class HashedEmbeddings {

    /** The size of OpenAI's text-embedding-3-small vectors. */
    public static final int DEFAULT_DIMENSIONS = 1536;

    private HashedEmbeddings() {
    }

    public static float[] embed(String text, int dimensions) {
        float[] v = new float[dimensions];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            int h = mix(word.hashCode());
            v[Math.floorMod(h, dimensions)] += (h & 0x8000_0000) == 0 ? 1f : -1f;
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            v[0] = 1f;
            return v;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    /** OpenAI's {@code encoding_format: base64}: the float32 values, little-endian, base64-encoded. */
    public static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : vector) {
            bytes.putFloat(x);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** Spreads String.hashCode's bits (murmur3's finaliser) so that similar words land far apart. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85eb_ca6b;
        h ^= h >>> 13;
        h *= 0xc2b2_ae35;
        h ^= h >>> 16;
        return h;
    }
}
