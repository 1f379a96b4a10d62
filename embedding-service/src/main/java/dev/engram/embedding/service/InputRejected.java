package dev.engram.embedding.service;

/** One input of a batch cannot be embedded; {@link #index()} is relative to the list the embedder received. */
public final class InputRejected extends RuntimeException {

    private final int index;

    public InputRejected(int index, String reason) {
        super(reason, null, false, false);
        this.index = index;
    }

    public int index() {
        return index;
    }
}
