package dev.engram.agent.folder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a file is ingested from: its bytes (read as its type says: PDF or UTF-8 text), or its text already extracted. */
public sealed interface FileContent {

    /** The file's bytes, kept in memory. */
    record Bytes(byte[] bytes) implements FileContent {
    }

    /** The file's bytes in a file of the ingest's own, removed once read. */
    record Spooled(Path path) implements FileContent {
    }

    /** Text already extracted (an Agent File's file carries it): not parsed again, whatever the file's type. */
    record Text(String text) implements FileContent {
    }

    static FileContent bytes(byte[] bytes) {
        return new Bytes(bytes);
    }

    static FileContent text(String text) {
        return new Text(text);
    }

    /** The file's text; blocking (reads a file, parses a PDF). */
    default String extract(FileTypes.Type type) throws TextExtractor.ParseFailure {
        return switch (this) {
            case Text t -> {
                String s = t.text() == null ? "" : t.text().replace("\u0000", "");
                if (s.isBlank()) {
                    throw new TextExtractor.ParseFailure("No text could be extracted from the file", null);
                }
                yield s;
            }
            case Bytes b -> TextExtractor.text(type, b.bytes());
            case Spooled s -> {
                byte[] read;
                try {
                    read = Files.readAllBytes(s.path());
                } catch (IOException e) {
                    throw new TextExtractor.ParseFailure("Could not read the upload: " + e.getMessage(), e);
                }
                yield TextExtractor.text(type, read);
            }
        };
    }

    /** Frees what holds the content (the spooled file). */
    default void discard() {
        if (this instanceof Spooled s) {
            try {
                Files.deleteIfExists(s.path());
            } catch (IOException ignored) {
                // a temporary file: the system's cleanup takes it
            }
        }
    }
}
