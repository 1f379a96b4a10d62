package dev.engram.agent.support.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scripted server's {@code /v1/embeddings} in OpenAI's wire format (embedding-service reads it through
 * LangChain4j's OpenAI client; the system tests cover that path end to end).
 */
class ScriptedEmbeddingsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    ScriptedOpenAiServer server;

    @BeforeEach
    void start() {
        server = new ScriptedOpenAiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void embeddings_are_unit_vectors_of_the_asked_size_and_the_same_text_gives_the_same_vector() throws Exception {
        JsonNode first = embed("{\"model\":\"text-embedding-3-small\",\"input\":[\"I'm using Nuxt\",\"\"]}");
        JsonNode again = embed("{\"model\":\"text-embedding-3-small\",\"input\":\"I'm using Nuxt\"}");
        JsonNode small = embed("{\"model\":\"text-embedding-3-small\",\"input\":[\"short\"],\"dimensions\":256}");

        assertEquals(2, first.path("data").size());
        assertEquals(1, first.path("data").get(1).path("index").asInt());
        float[] vector = floats(first.path("data").get(0).path("embedding"));
        assertEquals(HashedEmbeddings.DEFAULT_DIMENSIONS, vector.length);
        assertEquals(1.0, norm(vector), 1e-5);
        assertEquals(1.0, norm(floats(first.path("data").get(1).path("embedding"))), 1e-5);
        assertArrayEquals(vector, floats(again.path("data").get(0).path("embedding")));
        assertEquals(256, small.path("data").get(0).path("embedding").size());
        assertTrue(first.path("usage").path("total_tokens").asInt() > 0);
        assertEquals(3, server.embeddingCalls());
        assertEquals(0, server.requestCount(), "embedding calls are not model calls");
    }

    @Test
    void base64_encoding_carries_the_same_floats_little_endian() throws Exception {
        JsonNode answer = embed("{\"model\":\"m\",\"input\":[\"hello world\"],\"encoding_format\":\"base64\"}");
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(answer.path("data").get(0).path("embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(decoded);
        assertArrayEquals(HashedEmbeddings.embed("hello world", HashedEmbeddings.DEFAULT_DIMENSIONS), decoded);
    }

    @Test
    void texts_that_share_words_are_closer_than_unrelated_texts() {
        float[] nuxt = HashedEmbeddings.embed("The user builds a project with Nuxt", 1536);
        float[] alsoNuxt = HashedEmbeddings.embed("which framework? Nuxt", 1536);
        float[] other = HashedEmbeddings.embed("cooking pasta tonight", 1536);
        assertTrue(dot(nuxt, alsoNuxt) > dot(nuxt, other));
    }

    private JsonNode embed(String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/embeddings"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        }
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
