package dev.engram.agent.tool.sandbox;

/** Letta's PipRequirement: a package name and an optional exact version. */
public record PipRequirement(String name, String version) {

    /** As pip takes it: {@code name==version}, or the bare name. */
    public String spec() {
        return version == null || version.isBlank() ? name : name + "==" + version;
    }
}
