package dev.engram.agent.tool.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One program to run in the sandbox.
 *
 * @param command     the program and its arguments, as seen inside (the job's files are under {@link Sandbox#WORKDIR})
 * @param files       files to place in the read-only working directory, by name
 * @param environment the only variables the program sees, besides PATH, HOME and LANG
 * @param network     whether the program may open sockets to the outside
 * @param readOnly    host paths mounted read-only at the same path (a virtualenv, a wheel directory)
 * @param writable    host paths mounted read-write at the same path (a virtualenv being built)
 * @param timeout     the wall-clock limit
 */
public record SandboxJob(List<String> command, Map<String, String> files, Map<String, String> environment, boolean network,
                         List<Path> readOnly, List<Path> writable, Duration timeout) {

    public SandboxJob {
        command = List.copyOf(command);
        files = Map.copyOf(files);
        environment = Map.copyOf(environment);
        readOnly = List.copyOf(readOnly);
        writable = List.copyOf(writable);
    }
}
