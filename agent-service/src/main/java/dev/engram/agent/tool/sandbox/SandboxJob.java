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
 * @param addressMb   the address space limit in MiB; 0 for the configured memory limit (runtimes that reserve large
 *                    address ranges up front, as V8 does, need more and cap their heap themselves)
 */
public record SandboxJob(List<String> command, Map<String, String> files, Map<String, String> environment, boolean network,
                         List<Path> readOnly, List<Path> writable, Duration timeout, int addressMb) {

    public SandboxJob(List<String> command, Map<String, String> files, Map<String, String> environment, boolean network,
                      List<Path> readOnly, List<Path> writable, Duration timeout) {
        this(command, files, environment, network, readOnly, writable, timeout, 0);
    }

    public SandboxJob {
        command = List.copyOf(command);
        files = Map.copyOf(files);
        environment = Map.copyOf(environment);
        readOnly = List.copyOf(readOnly);
        writable = List.copyOf(writable);
    }
}
