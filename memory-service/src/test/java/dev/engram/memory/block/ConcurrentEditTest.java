package dev.engram.memory.block;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ConcurrentEditTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void fifty_concurrent_appends_from_parallel_clients_all_land_exactly_once() throws Exception {
        String id = Blocks.create("log", "start");
        int n = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                String line = "entry-" + i;
                results.add(pool.submit(() -> {
                    // a client of its own per writer, as separate processes would have
                    try (HttpClient client = HttpClient.newHttpClient()) {
                        go.await();
                        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/blocks/" + id + "/edits"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"op\":\"append\",\"content\":\"" + line + "\"}"))
                                .build();
                        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                    }
                }));
            }
            go.countDown();
            for (Future<Integer> f : results) {
                assertEquals(200, f.get());
            }
        }
        List<String> lines = Arrays.asList(Blocks.value(id).split("\n"));
        assertEquals(n + 1, lines.size());
        for (int i = 0; i < n; i++) {
            assertEquals(1, lines.stream().filter(("entry-" + i)::equals).count(), "entry-" + i);
        }
        io.restassured.RestAssured.given().get("/v1/blocks/{id}", id).then().body("version", org.hamcrest.Matchers.is(n + 1));
    }
}
