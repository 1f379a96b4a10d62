package dev.engram.agent.tool.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where and how custom tools and {@code run_code} run: never in the service's own process. */
@ConfigMapping(prefix = "engram.tools.sandbox")
public interface SandboxConfig {

    /**
     * {@code bubblewrap} (the default: a fresh process in its own namespaces) or {@code none} (a plain subprocess with
     * an empty environment and resource limits but no isolation; for machines without user namespaces, and only
     * when said explicitly: ENGRAM_TOOLS_SANDBOX).
     */
    @WithDefault("bubblewrap")
    String mode();

    /** The bubblewrap executable. */
    @WithDefault("bwrap")
    String bwrap();

    /** The Python interpreter custom tools run with (ENGRAM_TOOLS_PYTHON); its installation is mounted read-only. */
    @WithDefault("/usr/bin/python3")
    String python();

    /** The Node.js executable for {@code run_code} in JavaScript. */
    @WithDefault("/usr/bin/node")
    String node();

    /** Wall-clock limit of one call (Letta's tool_sandbox_timeout). */
    @WithDefault("180s")
    Duration timeout();

    /** Address space limit of a call, in MiB (Python sees MemoryError past it). */
    @WithDefault("512")
    int memoryMb();

    /** Processes (and threads) a call may run at once: a fork bomb stops here. */
    @WithDefault("64")
    int maxProcesses();

    /** Size of the private /tmp and largest file a call may write, in MiB. */
    @WithDefault("64")
    int diskMb();

    /** stdout and stderr kept per stream, in characters; the rest is cut with a note. */
    @WithDefault("100000")
    int outputChars();

    /** Where per-tool virtualenvs for pip_requirements are kept. */
    @WithDefault("${ENGRAM_HOME:./.engram}/tool-venvs")
    String venvDir();

    /**
     * A local directory of wheels and sdists pip installs from, without any package index (ENGRAM_TOOLS_PIP_FIND_LINKS);
     * unset: pip uses its own configuration (PIP_INDEX_URL, a mirror, ...).
     */
    Optional<String> pipFindLinks();

    /** How long creating a virtualenv and installing its requirements may take. */
    @WithDefault("600s")
    Duration venvTimeout();
}
