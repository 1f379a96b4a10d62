package dev.engram.agent.tool.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Sandbox settings for tests that build the sandbox without Quarkus: the defaults, with a short timeout. */
public record TestSandboxConfig(String mode, Duration timeout, int memoryMb, Path venvs, Optional<String> pipFindLinks) implements SandboxConfig {

    public static TestSandboxConfig defaults(Path venvs) {
        return new TestSandboxConfig("bubblewrap", Duration.ofSeconds(5), 256, venvs, Optional.empty());
    }

    public TestSandboxConfig withFindLinks(Path dir) {
        return new TestSandboxConfig(mode, timeout, memoryMb, venvs, Optional.of(dir.toString()));
    }

    public TestSandboxConfig withMode(String m) {
        return new TestSandboxConfig(m, timeout, memoryMb, venvs, pipFindLinks);
    }

    @Override
    public String bwrap() {
        return "bwrap";
    }

    @Override
    public String python() {
        return "/usr/bin/python3";
    }

    @Override
    public String node() {
        return "/usr/bin/node";
    }

    @Override
    public int maxProcesses() {
        return 32;
    }

    @Override
    public int diskMb() {
        return 16;
    }

    @Override
    public int outputChars() {
        return 10_000;
    }

    @Override
    public String venvDir() {
        return venvs.toString();
    }

    @Override
    public Duration venvTimeout() {
        return Duration.ofSeconds(120);
    }
}
