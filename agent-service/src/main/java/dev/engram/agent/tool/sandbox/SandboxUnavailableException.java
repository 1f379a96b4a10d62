package dev.engram.agent.tool.sandbox;

/** The sandbox cannot run programs on this machine (bubblewrap missing or refused); the message says why. */
public class SandboxUnavailableException extends RuntimeException {

    public SandboxUnavailableException(String reason) {
        super(reason, null, false, false);
    }
}
