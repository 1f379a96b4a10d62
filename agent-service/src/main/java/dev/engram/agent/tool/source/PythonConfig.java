package dev.engram.agent.tool.source;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The Python interpreter that reads custom tools' source code. */
@ConfigMapping(prefix = "engram.tools")
public interface PythonConfig {

    /** Interpreter command or path ({@code ENGRAM_TOOLS_PYTHON}); Python 3.9 or newer, standard library only. */
    @WithDefault("python3")
    String python();

    /** How long one static parse of a tool's source may take before the interpreter is killed. */
    @WithDefault("10s")
    Duration parseTimeout();
}
