package dev.engram.agent.tool.sandbox;

/**
 * How a sandboxed program ended.
 *
 * @param exitCode the exit status (128 + signal when killed); -1 when it was stopped at the time limit
 * @param timedOut whether the wall-clock limit stopped it
 */
public record SandboxResult(int exitCode, String stdout, String stderr, boolean timedOut, long millis) {
}
