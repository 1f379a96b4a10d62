package dev.engram.agent.message;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.support.Agents;
import dev.engram.agent.support.Db;
import dev.engram.agent.support.Sse;
import dev.engram.agent.support.Suite;
import dev.engram.agent.support.llm.ScriptedOpenAiServer;
import dev.engram.agent.support.llm.ScriptedReply;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static dev.engram.agent.support.llm.ScriptedReply.call;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Background runs: every frame carries a seq_id and is stored, so a client that left resumes from its last seq_id
 * and gets every frame exactly once; the run goes on without it; resuming past the end is an empty stream.
 */
@QuarkusTest
class BackgroundStreamTest {

    private final ScriptedOpenAiServer llm = Suite.get().llm;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        llm.reset();
    }

    private static Map<String, Object> background(String text, boolean tokens) {
        Map<String, Object> body = new HashMap<>(Map.of("messages", List.of(Map.of("role", "user", "content", text))));
        body.put("streaming", true);
        body.put("background", true);
        body.put("stream_tokens", tokens);
        return body;
    }

    private static List<Sse.Frame> resume(String runId, Map<String, Object> body) {
        String raw = given().contentType(ContentType.JSON).body(body).post("/v1/runs/{id}/stream", runId).then().statusCode(200)
                .header("Content-Type", startsWith("text/event-stream")).extract().asString();
        return Sse.parse(raw);
    }

    private static List<Long> seqs(List<Sse.Frame> frames) {
        List<Long> out = new ArrayList<>();
        for (Sse.Frame f : frames) {
            if (!f.done() && f.json().has("seq_id") && !f.json().get("seq_id").isNull()) {
                out.add(f.json().get("seq_id").asLong());
            }
        }
        return out;
    }

    @Test
    void every_frame_of_a_background_stream_has_a_seq_id_and_a_resume_replays_them_exactly() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Likes tea.\"}")),
                ScriptedReply.text("Tea it is."));
        String raw = given().contentType(ContentType.JSON).body(background("I like tea", true)).post("/v1/agents/{id}/messages", agent)
                .then().statusCode(200).extract().asString();
        List<Sse.Frame> live = Sse.parse(raw);
        assertTrue(live.getLast().done(), raw);
        List<Sse.Frame> data = live.stream().filter(f -> !f.done()).toList();
        assertEquals("ping", data.getFirst().type());
        String runId = data.getFirst().json().path("run_id").asText();
        List<Long> liveSeqs = seqs(live);
        List<Sse.Frame> closing = data.subList(data.size() - 2, data.size());
        assertEquals(List.of("stop_reason", "usage_statistics"), closing.stream().map(Sse.Frame::type).toList());
        assertTrue(closing.stream().noneMatch(f -> f.json().has("seq_id")), "Letta's schemas of these have no seq_id: " + raw);
        assertEquals(data.size() - 2, liveSeqs.size(), "every message and ping carries a seq_id: " + raw);
        for (int i = 0; i < liveSeqs.size(); i++) {
            assertEquals(i + 1, liveSeqs.get(i));
        }
        given().get("/v1/runs/{id}", runId).then().body("background", equalTo(true)).body("status", equalTo("completed"));

        List<Sse.Frame> replay = resume(runId, Map.of("starting_after", 0));
        assertEquals(live.stream().map(Sse.Frame::data).toList(), replay.stream().map(Sse.Frame::data).toList(),
                "the replay is the stream as it was sent");

        int cut = 3;
        List<Sse.Frame> rest = resume(runId, Map.of("starting_after", cut));
        assertEquals(live.subList(cut, live.size()).stream().map(Sse.Frame::data).toList(), rest.stream().map(Sse.Frame::data).toList());

        List<Sse.Frame> none = resume(runId, Map.of("starting_after", 10_000));
        assertTrue(none.stream().noneMatch(f -> !f.done() && !"ping".equals(f.type())), "past the end: nothing to send " + none);
    }

    @Test
    void a_client_that_leaves_mid_run_resumes_from_its_last_seq_id_and_gets_every_frame_once() throws Exception {
        String agent = Agents.create();
        CountDownLatch hold = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.toolCalls(call("c1", "memory_insert", "{\"label\": \"human\", \"new_string\": \"Likes jazz.\"}")),
                ScriptedReply.text("Jazz, noted.").heldUntil(hold));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/agents/" + agent + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Sse.JSON.writeValueAsString(background("I like jazz", false)))).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<JsonNode> seen = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // read up to the first step's tool return, then leave while the model is held on the second step
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: {")) {
                    JsonNode frame = Sse.JSON.readTree(line.substring(6));
                    seen.add(frame);
                    if ("tool_return_message".equals(frame.path("message_type").asText())) {
                        break;
                    }
                }
            }
        }
        String runId = seen.getFirst().path("run_id").asText();
        long last = seen.getLast().path("seq_id").asLong();
        hold.countDown(); // the run goes on without its client
        List<Sse.Frame> rest = resume(runId, Map.of("starting_after", last, "include_pings", false));
        assertTrue(rest.getLast().done(), rest.toString());
        List<Long> all = new ArrayList<>(seqs(seen.stream().map(n -> new Sse.Frame(null, n.toString())).toList()));
        all.addAll(seqs(rest));
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i), "each frame exactly once, in order: " + all);
        }
        assertTrue(rest.stream().anyMatch(f -> !f.done() && "assistant_message".equals(f.type())
                && "Jazz, noted.".equals(f.json().path("content").asText())), rest.toString());
        assertTrue(rest.stream().anyMatch(f -> !f.done() && "stop_reason".equals(f.type())), rest.toString());
    }

    @Test
    void a_resume_follows_a_run_that_is_still_going() throws Exception {
        String agent = Agents.create();
        CountDownLatch hold = new CountDownLatch(1);
        llm.enqueue(ScriptedReply.text("Finally.").heldUntil(hold));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/agents/" + agent + "/messages"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Sse.JSON.writeValueAsString(background("take your time", false)))).build();
        HttpResponse<InputStream> first = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String runId;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            while (line != null && !line.startsWith("data: {")) {
                line = reader.readLine();
            }
            runId = Sse.JSON.readTree(line.substring(6)).path("run_id").asText();
        }
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            hold.countDown();
        });
        release.start();
        List<Sse.Frame> followed = resume(runId, Map.of("starting_after", 1, "poll_interval", 0.05));
        assertTrue(followed.getLast().done(), followed.toString());
        assertTrue(followed.stream().anyMatch(f -> !f.done() && "Finally.".equals(f.json().path("content").asText())), followed.toString());
    }

    @Test
    void runs_that_cannot_be_resumed_are_refused_with_lettas_errors() {
        String agent = Agents.create();
        llm.enqueue(ScriptedReply.text("foreground"));
        Agents.send(agent, "hi").statusCode(200);
        String foreground = given().queryParam("agent_id", agent).get("/v1/runs/").then().extract().path("[0].id");
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/runs/{id}/stream", foreground).then().statusCode(400)
                .body("detail", equalTo("INVALID_ARGUMENT: Run was not created in background mode, so it cannot be retrieved."));
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/runs/{id}/stream", "run-00000000-0000-4000-8000-000000000000")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("starting_after", -1)).post("/v1/runs/{id}/stream", foreground).then()
                .statusCode(422).body("detail", startsWith("starting_after:"));

        llm.enqueue(ScriptedReply.text("old"));
        String raw = given().contentType(ContentType.JSON).body(background("old news", false)).post("/v1/agents/{id}/messages", agent)
                .then().statusCode(200).extract().asString();
        String old = Sse.parse(raw).getFirst().json().path("run_id").asText();
        Db.update("UPDATE agent.runs SET created_at = created_at - interval '4 hours' WHERE id = ?", old);
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/runs/{id}/stream", old).then().statusCode(410)
                .body("detail", equalTo("EXPIRED: Run was created more than 3 hours ago, and is now expired."));

        Db.update("UPDATE agent.runs SET organization_id = 'org-00000000-0000-4000-8000-00000000abcd', created_at = now() WHERE id = ?", old);
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/runs/{id}/stream", old).then().statusCode(404);
    }

    @Test
    void background_needs_streaming() {
        String agent = Agents.create();
        Map<String, Object> body = background("hi", false);
        body.put("streaming", false);
        given().contentType(ContentType.JSON).body(body).post("/v1/agents/{id}/messages", agent).then().statusCode(422)
                .body("detail", startsWith("background:"));
        assertFalse(llm.requests().iterator().hasNext());
    }
}
