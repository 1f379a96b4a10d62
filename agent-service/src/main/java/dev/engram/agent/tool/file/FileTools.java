package dev.engram.agent.tool.file;

/** What the file tools share. */
final class FileTools {

    /** Letta's tool type of the file tools. */
    static final String TYPE = "letta_files_core";

    private FileTools() {
    }
}
