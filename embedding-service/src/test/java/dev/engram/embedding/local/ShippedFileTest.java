package dev.engram.embedding.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedFileTest {

    @TempDir
    Path dir;

    @Test
    void a_file_in_a_jar_is_fingerprinted_from_the_jar_directory_as_its_content_would_be() throws IOException {
        ShippedFile weights = ShippedFile.of(LocalModel.ALL_MINILM_L6_V2_Q.onnxResource());
        assertEquals("jar", weights.url().getProtocol(), "the weights ship in a jar");

        byte[] content;
        try (InputStream in = weights.open()) {
            content = in.readAllBytes();
        }

        assertEquals(ShippedFile.fingerprint(content), weights.fingerprint());
        assertArrayEquals(content, weights.bytes());
    }

    @Test
    void a_file_outside_a_jar_is_fingerprinted_by_reading_it() throws IOException {
        Path file = Files.writeString(dir.resolve("f.txt"), "some bytes");
        ShippedFile shipped = new ShippedFile("f.txt", file.toUri().toURL());

        assertEquals(ShippedFile.fingerprint("some bytes".getBytes(StandardCharsets.UTF_8)), shipped.fingerprint());
        assertEquals(10, shipped.fingerprint().size());
    }

    @Test
    void fingerprints_differ_with_content_and_size() {
        ShippedFile.Fingerprint a = ShippedFile.fingerprint(new byte[] {1, 2, 3});
        assertTrue(!a.equals(ShippedFile.fingerprint(new byte[] {1, 2, 4})));
        assertTrue(!a.equals(ShippedFile.fingerprint(new byte[] {1, 2, 3, 0})));
        assertEquals(a.text(), ShippedFile.fingerprint(new byte[] {1, 2, 3}).text());
    }

    @Test
    void a_missing_resource_is_named() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ShippedFile.of("no/such/file.onnx"));
        assertTrue(e.getMessage().contains("no/such/file.onnx"), e.getMessage());
    }

    @Test
    void an_unreadable_url_is_named_when_read() throws IOException {
        ShippedFile gone = new ShippedFile("gone.txt", URI.create("file:" + dir.resolve("gone.txt")).toURL());
        Exception e = assertThrows(RuntimeException.class, gone::bytes);
        assertTrue(e.getMessage().contains("gone.txt"), e.getMessage());
    }
}
