package dev.engram.memory.message;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class StepCommitTest {

    @Test
    void a_step_writes_messages_and_window_together_and_replays_as_a_no_op() {
        String agent = Steps.agent();
        String sys = Steps.id();
        String u = Steps.id();
        String step = "step-" + UUID.randomUUID();
        List<Map<String, Object>> messages = List.of(Steps.system(sys, "You are helpful."), Steps.user(u, "hello"));
        Steps.commit(agent, step, messages, List.of(sys, u)).statusCode(200)
                .body("context_version", is(1)).body("in_context_message_ids", contains(sys, u));
        Steps.commit(agent, step, messages, List.of(sys, u)).statusCode(200).body("context_version", is(1));
        given().queryParam("view", "raw").get("/v1/agents/{a}/messages", agent).then().statusCode(200).body("", hasSize(2));
        given().get("/v1/agents/{a}/context", agent).then().statusCode(200)
                .body("version", is(1))
                .body("messages.id", contains(sys, u))
                .body("recall_count", is(2));
    }

    /** More requests at once than the database pool has connections: none may wait on a second connection. */
    @Test
    void contexts_and_commits_of_many_agents_at_once_all_answer() throws Exception {
        int agents = 64;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            ids.add(Steps.agent());
        }
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String agent : ids) {
                answers.add(pool.submit(() -> {
                    String u = Steps.id();
                    Steps.commit(agent, "step-" + UUID.randomUUID(), List.of(Steps.user(u, "hi")), List.of(u)).statusCode(200);
                    return given().get("/v1/agents/{a}/context", agent).then().statusCode(200).extract().path("recall_count");
                }));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(1, answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_window_naming_unknown_messages_is_422_and_writes_nothing() {
        String agent = Steps.agent();
        String u = Steps.id();
        Steps.commit(agent, "step-" + UUID.randomUUID(), List.of(Steps.user(u, "hi")), List.of(u, "message-" + UUID.randomUUID()))
                .statusCode(422).body("detail", containsString("in_context_message_ids"));
        given().queryParam("view", "raw").get("/v1/agents/{a}/messages", agent).then().body("", hasSize(0));
    }

    @Test
    void a_commit_from_a_stale_window_is_409() {
        String agent = Steps.agent();
        String sys = Steps.id();
        Steps.commit(agent, "step-" + UUID.randomUUID(), List.of(Steps.system(sys, "s")), List.of(sys)).statusCode(200);
        String u = Steps.id();
        given().contentType(ContentType.JSON)
                .body(Map.of("step_id", "step-" + UUID.randomUUID(), "messages", List.of(Steps.user(u, "x")),
                        "in_context_message_ids", List.of(sys, u), "expected_version", 0))
                .post("/v1/agents/{a}/steps", agent).then().statusCode(409);
    }

    /** Commits of one agent from the same window apply one after another: the first moves the window, the rest are 409. */
    @Test
    void concurrent_commits_from_one_window_let_exactly_one_through() throws Exception {
        String agent = Steps.agent();
        String sys = Steps.id();
        Steps.commit(agent, "step-" + UUID.randomUUID(), List.of(Steps.system(sys, "s")), List.of(sys)).statusCode(200);
        int writers = 8;
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < writers; i++) {
                answers.add(pool.submit(() -> {
                    String u = Steps.id();
                    go.await();
                    return given().contentType(ContentType.JSON)
                            .body(Map.of("step_id", "step-" + UUID.randomUUID(), "messages", List.of(Steps.user(u, "x")),
                                    "in_context_message_ids", List.of(sys, u), "expected_version", 1))
                            .post("/v1/agents/{a}/steps", agent).then().extract().statusCode();
                }));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                codes.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, codes.stream().filter(c -> c == 200).count(), "codes " + codes);
            assertEquals(writers - 1, codes.stream().filter(c -> c == 409).count(), "codes " + codes);
        } finally {
            pool.shutdownNow();
        }
        given().get("/v1/agents/{a}/context", agent).then().statusCode(200)
                .body("version", is(2)).body("messages", hasSize(2)).body("recall_count", is(2));
    }

    /** A window may bring back a stored message of the agent that had left it, never another agent's message. */
    @Test
    void a_window_may_name_the_agents_stored_messages_only() {
        String agent = Steps.agent();
        String sys = Steps.id();
        String old = Steps.id();
        Steps.commit(agent, "step-" + UUID.randomUUID(), List.of(Steps.system(sys, "s"), Steps.user(old, "old")), List.of(sys, old))
                .statusCode(200);
        String u = Steps.id();
        Steps.commit(agent, "step-" + UUID.randomUUID(), List.of(Steps.user(u, "new")), List.of(sys, u)).statusCode(200);
        Steps.commit(agent, "step-" + UUID.randomUUID(), List.of(), List.of(sys, old, u)).statusCode(200);
        given().get("/v1/agents/{a}/context", agent).then().body("messages.id", contains(sys, old, u));

        String other = Steps.agent();
        String theirs = Steps.id();
        Steps.commit(other, "step-" + UUID.randomUUID(), List.of(Steps.system(theirs, "s")), List.of(theirs)).statusCode(200);
        Steps.commit(agent, "step-" + UUID.randomUUID(), List.of(), List.of(sys, theirs)).statusCode(422)
                .body("detail", containsString("1 id(s) are neither stored for this agent nor in this step"));
        given().get("/v1/agents/{a}/context", agent).then().body("version", is(3)).body("messages.id", contains(sys, old, u));
    }

    @Test
    void only_the_system_message_is_rewritten_in_place() {
        String agent = Steps.agent();
        String sys = Steps.id();
        String u = Steps.id();
        Steps.commit(agent, "step-" + UUID.randomUUID(), List.of(Steps.system(sys, "old"), Steps.user(u, "hi")), List.of(sys, u))
                .statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("step_id", "step-" + UUID.randomUUID(), "in_context_message_ids", List.of(sys, u),
                        "rewrites", List.of(Map.of("id", sys, "content", List.of(Map.of("type", "text", "text", "new"))))))
                .post("/v1/agents/{a}/steps", agent).then().statusCode(200);
        given().get("/v1/agents/{a}/context", agent).then().body("messages[0].id", equalTo(sys))
                .body("messages[0].content[0].text", equalTo("new"));
        given().contentType(ContentType.JSON)
                .body(Map.of("step_id", "step-" + UUID.randomUUID(), "in_context_message_ids", List.of(sys, u),
                        "rewrites", List.of(Map.of("id", u, "content", List.of(Map.of("type", "text", "text", "edited"))))))
                .post("/v1/agents/{a}/steps", agent).then().statusCode(422).body("detail", containsString("system"));
    }

    @Test
    void malformed_messages_are_422_naming_the_field() {
        String agent = Steps.agent();
        Steps.commit(agent, "step-1", List.of(Map.of("id", "m1", "role", "user")), List.of("m1")).statusCode(422)
                .body("detail", containsString("messages[0].id"));
        String id = Steps.id();
        Steps.commit(agent, "step-2", List.of(Map.of("id", id, "role", "robot")), List.of(id)).statusCode(422)
                .body("detail", containsString("messages[0].role"));
    }

    @Test
    void messages_page_with_cursors_in_both_orders() {
        String agent = Steps.agent();
        String sys = Steps.id();
        List<String> window = Steps.append(agent, List.of(), List.of(Steps.system(sys, "s")));
        List<String> ids = new java.util.ArrayList<>(List.of(sys));
        for (int i = 0; i < 4; i++) {
            String id = Steps.id();
            ids.add(id);
            window = Steps.append(agent, window, List.of(Steps.user(id, "m" + i)));
        }
        given().queryParam("view", "raw").queryParam("order", "asc").get("/v1/agents/{a}/messages", agent).then().body("id", equalTo(ids));
        given().queryParam("view", "raw").queryParam("order", "asc").queryParam("after", ids.get(1)).queryParam("limit", 2)
                .get("/v1/agents/{a}/messages", agent).then().body("id", equalTo(ids.subList(2, 4)));
        given().queryParam("view", "raw").queryParam("limit", 2).get("/v1/agents/{a}/messages", agent)
                .then().body("id", equalTo(List.of(ids.get(4), ids.get(3))));
        given().queryParam("view", "raw").queryParam("before", ids.get(2)).get("/v1/agents/{a}/messages", agent)
                .then().body("id", equalTo(List.of(ids.get(4), ids.get(3))));
    }
}
