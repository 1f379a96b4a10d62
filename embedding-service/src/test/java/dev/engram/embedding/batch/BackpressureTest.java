package dev.engram.embedding.batch;

import static dev.engram.embedding.Api.embed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.engram.embedding.Profiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The queue holds 4 texts; 24 simultaneous requests of 4 texts each cannot all fit. */
@QuarkusTest
@TestProfile(Profiles.TinyQueue.class)
class BackpressureTest {

    @Test
    void a_full_queue_answers_429_with_retry_after_and_drops_nothing_it_accepted() throws Exception {
        int requests = 24;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Response>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(requests)) {
            for (int r = 0; r < requests; r++) {
                List<String> texts = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    texts.add("request " + r + " text " + t + " " + "with enough words to keep a lane busy ".repeat(8));
                }
                answers.add(CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return embed(texts).base64().post();
                }, clients));
            }
            start.countDown();
            int accepted = 0;
            int refused = 0;
            for (CompletableFuture<Response> answer : answers) {
                Response response = answer.get();
                if (response.statusCode() == 200) {
                    accepted++;
                    assertEquals(4, response.jsonPath().getList("data").size());
                } else {
                    refused++;
                    assertEquals(429, response.statusCode());
                    assertTrue(Integer.parseInt(response.header("Retry-After")) >= 1);
                    assertTrue(response.jsonPath().getString("detail").contains("queue"), response.asString());
                }
            }
            assertEquals(requests, accepted + refused);
            assertTrue(accepted >= 1, "at least the first request is served");
            assertTrue(refused >= 1, "simultaneous requests beyond the queue's capacity are refused");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
