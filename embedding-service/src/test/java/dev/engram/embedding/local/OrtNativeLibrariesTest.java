package dev.engram.embedding.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtNativeLibrariesTest {

    private static final String PLATFORM = OrtNativeLibraries.platform().orElseThrow(); // the build runs on Linux

    @TempDir
    Path dir;

    private static byte[] shipped(String name) {
        return ShippedFile.of("ai/onnxruntime/native/" + PLATFORM + "/" + name).bytes();
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void the_libraries_are_copied_once_into_a_folder_named_after_them_and_kept() throws IOException {
        Path copy = OrtNativeLibraries.copy(dir, PLATFORM).orElseThrow();

        assertEquals(dir.resolve("native"), copy.getParent());
        assertTrue(copy.getFileName().toString().startsWith(PLATFORM + "-"), copy.toString());
        assertEquals(List.of(copy.resolve("libonnxruntime.so"), copy.resolve("libonnxruntime4j_jni.so")).stream().sorted()
                .toList(), files(copy), "both libraries, no partial file left");
        assertArrayEquals(shipped("libonnxruntime.so"), Files.readAllBytes(copy.resolve("libonnxruntime.so")));
        assertArrayEquals(shipped("libonnxruntime4j_jni.so"), Files.readAllBytes(copy.resolve("libonnxruntime4j_jni.so")));

        FileTime written = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(copy.resolve("libonnxruntime.so"), written);
        assertEquals(Optional.of(copy), OrtNativeLibraries.copy(dir, PLATFORM));
        assertEquals(written, Files.getLastModifiedTime(copy.resolve("libonnxruntime.so")), "kept, not rewritten");
    }

    @Test
    void a_truncated_copy_is_replaced() throws IOException {
        Path copy = OrtNativeLibraries.copy(dir, PLATFORM).orElseThrow();
        Files.write(copy.resolve("libonnxruntime4j_jni.so"), new byte[] {1, 2, 3});

        OrtNativeLibraries.copy(dir, PLATFORM);

        assertArrayEquals(shipped("libonnxruntime4j_jni.so"), Files.readAllBytes(copy.resolve("libonnxruntime4j_jni.so")));
    }

    @Test
    void a_directory_that_cannot_be_written_leaves_the_runtime_to_extract_as_usual() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");

        assertEquals(Optional.empty(), OrtNativeLibraries.copy(file, PLATFORM));
    }

    @Test
    void a_path_the_operator_set_is_left_alone() {
        String before = System.getProperty(OrtNativeLibraries.PATH_PROPERTY);
        System.setProperty(OrtNativeLibraries.PATH_PROPERTY, "/opt/ort");
        try {
            OrtNativeLibraries.keepIn(Optional.of(dir));
            assertEquals("/opt/ort", System.getProperty(OrtNativeLibraries.PATH_PROPERTY));
            assertTrue(!Files.exists(dir.resolve("native")), "nothing copied");
        } finally {
            restore(before);
        }
    }

    @Test
    void keeping_them_points_the_runtime_at_the_copy() throws IOException {
        String before = System.getProperty(OrtNativeLibraries.PATH_PROPERTY);
        System.clearProperty(OrtNativeLibraries.PATH_PROPERTY);
        try {
            OrtNativeLibraries.keepIn(Optional.of(dir));
            Path copy = Path.of(System.getProperty(OrtNativeLibraries.PATH_PROPERTY));
            assertEquals(files(dir.resolve("native")), List.of(copy));
            assertTrue(Files.isRegularFile(copy.resolve("libonnxruntime.so")));
        } finally {
            restore(before);
        }
    }

    private static void restore(String value) {
        if (value == null) {
            System.clearProperty(OrtNativeLibraries.PATH_PROPERTY);
        } else {
            System.setProperty(OrtNativeLibraries.PATH_PROPERTY, value);
        }
    }
}
