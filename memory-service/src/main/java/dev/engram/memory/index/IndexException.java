package dev.engram.memory.index;

/** The index could not be read or written (disk, network, Qdrant); the caller may retry later. */
public class IndexException extends RuntimeException {

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
