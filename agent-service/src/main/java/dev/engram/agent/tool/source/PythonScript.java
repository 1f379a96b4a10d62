package dev.engram.agent.tool.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One Python program shipped as a resource, run once per request: JSON in on stdin, JSON out on stdout. The
 * interpreter starts isolated ({@code -I -S}: no environment variables, user or site packages), with only the
 * variables it needs to start, and is killed with its children when it overruns.
 */
final class PythonScript {

    /** Enough to find and start the interpreter; agent secrets and API keys in the server's environment stay out. */
    private static final Set<String> PASSED_ENV = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR");

    private final String python;
    private final Duration timeout;
    private final String program;
    private final ObjectMapper json;

    PythonScript(String python, Duration timeout, String resource, ObjectMapper json) {
        this.python = python;
        this.timeout = timeout;
        this.program = load(resource);
        this.json = json;
    }

    JsonNode run(JsonNode request) {
        byte[] input = bytes(request);
        ProcessBuilder builder = new ProcessBuilder(python, "-I", "-S", "-c", program);
        builder.environment().keySet().retainAll(PASSED_ENV);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PythonParserException("Cannot start the Python interpreter '" + python + "': " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        feed(process.getOutputStream(), input);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new PythonParserException("Parsing the tool's source took longer than " + timeout.toMillis()
                        + " ms; the Python parser was stopped", null);
            }
            byte[] out = stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                throw new PythonParserException("The Python parser failed (exit " + process.exitValue() + "): "
                        + tail(stderr.getNow(new byte[0])), null);
            }
            return json.readTree(out);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new PythonParserException("Interrupted while parsing the tool's source", e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            kill(process);
            throw new PythonParserException("The Python parser gave no readable answer: " + e.getMessage(), e);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Written from its own thread: an interpreter that never reads must not block the caller past the timeout. */
    private static void feed(OutputStream stdin, byte[] input) {
        Thread.ofVirtual().start(() -> {
            try (stdin) {
                stdin.write(input);
            } catch (IOException ignored) {
                // the interpreter exited or was killed before reading everything; its exit status tells the rest
            }
        });
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                bytes.complete(stream.readAllBytes());
            } catch (IOException e) {
                bytes.completeExceptionally(e);
            }
        });
        return bytes;
    }

    private static String tail(byte[] stderr) {
        String text = new String(stderr, StandardCharsets.UTF_8).strip();
        return text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
    }

    private byte[] bytes(JsonNode request) {
        try {
            return json.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String load(String resource) {
        try (InputStream in = PythonScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
