package dev.engram.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a Kustomize directory with {@code kubectl kustomize} (the kubectl on the PATH, or {@code $KUBECTL}). There is
 * no fallback: without kubectl these tests fail, they never skip.
 */
final class Kustomize {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

    private Kustomize() {
    }

    static String kubectl() {
        String configured = System.getenv("KUBECTL");
        return configured == null || configured.isBlank() ? "kubectl" : configured;
    }

    /** The rendered YAML stream of a Kustomize directory. */
    static String render(Path dir) {
        ProcessBuilder pb = new ProcessBuilder(kubectl(), "kustomize", dir.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render " + dir + " (install it: k8s/README.md, \"Validation\"): "
                    + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            var err = new java.io.ByteArrayOutputStream();
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // the exit code tells
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish");
            }
            drain.join();
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "): "
                        + err.toString(StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every document of a YAML stream, as trees. */
    static List<JsonNode> documents(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = YAML.createParser(yaml)) {
            var it = MAPPER.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("kubectl printed YAML that does not parse: " + e.getMessage(), e);
        }
        return docs;
    }
}
