package dev.engram.embedding.api;

import dev.engram.embedding.service.EmbeddingFailure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** The two wire encodings of a vector that OpenAI's API defines. */
enum VectorEncoding {
    FLOAT, BASE64;

    static VectorEncoding of(String format) {
        if (format == null || format.equals("float")) {
            return FLOAT;
        }
        if (format.equals("base64")) {
            return BASE64;
        }
        throw EmbeddingFailure.invalid("encoding_format: must be 'float' or 'base64', not '" + format + "'");
    }

    Object encode(float[] vector) {
        if (this == FLOAT) {
            return vector;
        }
        // little-endian float32, as OpenAI sends it and its clients decode it
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
