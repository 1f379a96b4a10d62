package dev.engram.embedding.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * A file shipped on the class path (model weights, a native library), with a fingerprint taken without reading it when
 * it sits in a jar: the jar's directory records each entry's CRC32 and size, so the fingerprint of a 20 MB entry costs
 * nothing, where inflating it to checksum it costs a noticeable part of the start-up.
 *
 * @param name the resource name
 * @param url where the class loader finds it
 */
record ShippedFile(String name, URL url) {

    /** The file's CRC32 and uncompressed size. */
    record Fingerprint(long crc32, long size) {

        String text() {
            return "%08x-%d".formatted(crc32, size);
        }
    }

    /** The resource as the context class loader sees it. */
    static ShippedFile of(String name) {
        URL url = Thread.currentThread().getContextClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return new ShippedFile(name, url);
    }

    InputStream open() {
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false); // a cached JarFile would stay open for the life of the process
            return connection.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from " + url, e);
        }
    }

    byte[] bytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from " + url, e);
        }
    }

    /** From the jar's directory when the file is in a jar; otherwise by reading it. */
    Fingerprint fingerprint() {
        try {
            if (url.openConnection() instanceof JarURLConnection jar) {
                jar.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    JarEntry entry = file.getJarEntry(jar.getEntryName());
                    if (entry != null && entry.getCrc() != -1 && entry.getSize() != -1) {
                        return new Fingerprint(entry.getCrc(), entry.getSize());
                    }
                }
            }
        } catch (IOException e) {
            // read it below
        }
        return fingerprint(bytes());
    }

    static Fingerprint fingerprint(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return new Fingerprint(crc.getValue(), content.length);
    }
}
