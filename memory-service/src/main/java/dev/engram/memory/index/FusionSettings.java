package dev.engram.memory.index;

/**
 * Fusion parameters shared by both adapters.
 *
 * @param mode        default fusion when a query names none
 * @param rrfK        RRF constant k
 * @param denseWeight weight of the dense ranking in WEIGHTED fusion, in [0, 1]
 * @param candidates  depth of each ranking fetched before fusion (at least top_k)
 */
public record FusionSettings(FusionMode mode, int rrfK, double denseWeight, int candidates) {

    /** RRF with k = 5 and a dense weight of 0.2: tuned on LoCoMo with the default local model (see the README). */
    public static final FusionSettings DEFAULTS = new FusionSettings(FusionMode.RRF, 5, 0.2, 100);

    public FusionSettings {
        if (mode == null) {
            throw new IllegalArgumentException("fusion mode must be set");
        }
        if (rrfK < 1) {
            throw new IllegalArgumentException("rrf k must be positive");
        }
        if (denseWeight < 0 || denseWeight > 1) {
            throw new IllegalArgumentException("dense weight must be between 0 and 1");
        }
        if (candidates < 1) {
            throw new IllegalArgumentException("candidates must be positive");
        }
    }

    /** How deep each ranking goes for a hybrid query. */
    public int depth(int topK) {
        return Math.max(topK, candidates);
    }

    public FusionMode modeFor(IndexQuery query) {
        return query.fusion() == null ? mode : query.fusion();
    }
}
