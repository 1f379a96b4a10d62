package dev.engram.memory.index;

/** Vector checks shared by passages and queries. */
public final class Vectors {

    private Vectors() {
    }

    /**
     * A unit-length copy. Both adapters score by dot product on unit vectors (cosine), so a vector that is not
     * quite normalised must not skew scores; a zero or non-finite vector has no direction and is rejected.
     */
    public static float[] normalized(float[] vector) {
        if (vector.length == 0) {
            throw new IllegalArgumentException("vector must not be empty");
        }
        double sum = 0;
        for (float v : vector) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("vector must be finite");
            }
            sum += (double) v * v;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("vector must not be zero");
        }
        double norm = Math.sqrt(sum);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }
}
