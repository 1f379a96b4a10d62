package dev.engram.agent.memory;

import dev.engram.agent.web.ApiException;

/** memory-service cannot be reached or cannot serve: 503 to our client, and a reason to retry. */
public class MemoryUnavailable extends ApiException {

    public MemoryUnavailable(String detail) {
        super(503, detail);
    }
}
