package dev.engram.memory.conversation;

import dev.engram.memory.message.Steps;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.engram.memory.conversation.Conversations.append;
import static dev.engram.memory.conversation.Conversations.context;
import static dev.engram.memory.conversation.Conversations.init;
import static dev.engram.memory.conversation.Conversations.rawMessages;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ConversationTest {

    @Test
    void each_conversation_has_its_own_window_and_version_beside_the_default_thread() {
        Conversations.Agent agent = Conversations.agent();
        String a = Steps.conversation();
        String b = Steps.conversation();
        String aSystem = Steps.id();
        init(agent.id(), a, null, aSystem, List.of(), null).statusCode(200).body("conversation_id", equalTo(a))
                .body("isolated_block_ids", hasSize(0));
        init(agent.id(), b, null).statusCode(200);
        String u1 = Steps.id();
        String u2 = Steps.id();
        List<String> window = append(agent.id(), a, List.of(aSystem), List.of(Steps.user(u1, "first in a")));
        append(agent.id(), a, window, List.of(Steps.user(u2, "second in a")));

        context(agent.id(), a).statusCode(200).body("version", is(3)).body("messages.id", contains(aSystem, u1, u2))
                .body("messages.conversation_id", everyItem(equalTo(a)))
                .body("recall_count", is(5));
        context(agent.id(), b).statusCode(200).body("version", is(1)).body("messages", hasSize(1));
        given().get("/v1/agents/{a}/context", agent.id()).then().statusCode(200).body("version", is(1))
                .body("messages.id", contains(agent.system())).body("messages[0].conversation_id", nullValue());
        context(agent.id(), "default").statusCode(200).body("version", is(1)).body("messages.id", contains(agent.system()));

        // a step computed from the default thread's version does not fit conversation a, and the other way round
        Map<String, Object> stale = Steps.step("step-" + UUID.randomUUID(), List.of(), List.of(aSystem));
        stale.put("conversation_id", a);
        stale.put("expected_version", 1);
        given().contentType(ContentType.JSON).body(stale).post("/v1/agents/{a}/steps", agent.id()).then().statusCode(409)
                .body("detail", containsString("conversation " + a));
    }

    @Test
    void a_conversation_without_a_window_is_404_for_its_context_and_its_commits() {
        Conversations.Agent agent = Conversations.agent();
        String unknown = Steps.conversation();
        context(agent.id(), unknown).statusCode(404).body("detail", equalTo("Conversation " + unknown + " not found"));
        String u = Steps.id();
        Steps.commit(Conversations.DEFAULT_ORG, agent.id(), unknown, List.of(Steps.user(u, "hi")), List.of(u)).statusCode(404)
                .body("detail", equalTo("Conversation " + unknown + " not found"));
        rawMessages(agent.id(), null).body("id", contains(agent.system()));
        context(agent.id(), "conv-1").statusCode(422).body("detail", containsString("conversation_id"));
    }

    @Test
    void isolated_blocks_stand_in_for_the_agents_blocks_in_the_conversation_only() {
        Conversations.Agent agent = Conversations.agent();
        String conv = Steps.conversation();
        String copy = init(agent.id(), conv, List.of("human")).statusCode(200)
                .body("isolated_block_ids", hasSize(1))
                .body("blocks.label", contains("human", "persona"))
                .body("blocks[1].id", equalTo(agent.blockIds().get("persona")))
                .extract().path("isolated_block_ids[0]");
        given().get("/v1/blocks/{id}", copy).then().statusCode(200).body("label", equalTo("human"))
                .body("value", equalTo(agent.value("human"))).body("description", equalTo("the human")).body("limit", is(5000))
                .body("metadata.kind", equalTo("human"));
        given().get("/v1/blocks/{id}/history", copy).then().body("operation", contains("create"));
        context(agent.id(), conv).body("blocks.id", contains(copy, agent.blockIds().get("persona")));

        Conversations.edit(agent.id(), "human", conv, "likes tea").statusCode(200).body("id", equalTo(copy));
        Conversations.edit(agent.id(), "persona", conv, "is brief").statusCode(200).body("id", equalTo(agent.blockIds().get("persona")));
        context(agent.id(), conv).body("blocks[0].value", equalTo(agent.value("human") + "\nlikes tea"))
                .body("blocks[1].value", equalTo(agent.value("persona") + "\nis brief"));
        given().get("/v1/agents/{a}/context", agent.id()).then().body("blocks.id", contains(agent.blockIds().get("human"),
                        agent.blockIds().get("persona")))
                .body("blocks[0].value", equalTo(agent.value("human")))
                .body("blocks[1].value", equalTo(agent.value("persona") + "\nis brief"));
        given().queryParam("conversation_id", conv).get("/v1/agents/{a}/blocks/{l}", agent.id(), "human").then().statusCode(200)
                .body("id", equalTo(copy));
        given().get("/v1/agents/{a}/blocks/{l}", agent.id(), "human").then().body("id", equalTo(agent.blockIds().get("human")));
        Conversations.edit(agent.id(), "human", null, "is a founder").statusCode(200).body("id", equalTo(agent.blockIds().get("human")));
        context(agent.id(), conv).body("blocks[0].value", equalTo(agent.value("human") + "\nlikes tea"));
    }

    @Test
    void an_init_naming_a_label_the_agent_lacks_is_400_and_leaves_nothing_behind() {
        Conversations.Agent agent = Conversations.agent();
        String conv = Steps.conversation();
        String system = Steps.id();
        init(agent.id(), conv, List.of("human", "nope"), system, List.of(), null).statusCode(400)
                .body("detail", equalTo("Block with label 'nope' not found on agent '" + agent.id() + "'"));
        context(agent.id(), conv).statusCode(404);
        rawMessages(agent.id(), null).body("id", contains(agent.system()));
        given().queryParam("value_search", agent.id()).get("/v1/blocks").then()
                .body("id", org.hamcrest.Matchers.containsInAnyOrder(agent.blockIds().values().toArray()));
        init(agent.id(), conv, List.of("human"), system, List.of(), null).statusCode(200);
        context(agent.id(), conv).statusCode(200).body("version", is(1)).body("messages.id", contains(system));
    }

    @Test
    void init_replays_by_idempotency_key_and_a_second_init_is_409() {
        Conversations.Agent agent = Conversations.agent();
        String conv = Steps.conversation();
        String system = Steps.id();
        String key = "init-" + UUID.randomUUID();
        Map<String, Object> body = Conversations.body(List.of("persona"), system, List.of());
        String copy = init(agent.id(), conv, body, key).statusCode(200).extract().path("isolated_block_ids[0]");
        init(agent.id(), conv, body, key).statusCode(200).body("isolated_block_ids", contains(copy));
        init(agent.id(), conv, List.of("persona"), Steps.id(), List.of(), null).statusCode(409)
                .body("detail", equalTo("Conversation " + conv + " already exists"));
        context(agent.id(), conv).body("version", is(1)).body("messages.id", contains(system)).body("blocks[1].id", equalTo(copy));
        init(agent.id(), "conv-x", null).statusCode(422).body("detail", containsString("conversation_id"));
    }

    @Test
    void a_forked_window_carries_messages_of_another_thread_and_lists_them() {
        Conversations.Agent agent = Conversations.agent();
        String u = Steps.id();
        String r = Steps.id();
        List<String> main = Steps.append(agent.id(), List.of(agent.system()), List.of(Steps.user(u, "hello"), Steps.reply(r, "hi")));
        String fork = Steps.conversation();
        String forkSystem = Steps.id();
        init(agent.id(), fork, null, forkSystem, main.subList(1, 3), null).statusCode(200);
        context(agent.id(), fork).body("messages.id", contains(forkSystem, u, r))
                .body("messages.conversation_id", contains(fork, null, null));
        String own = Steps.id();
        append(agent.id(), fork, List.of(forkSystem, u, r), List.of(Steps.user(own, "only in the fork")));

        rawMessages(agent.id(), fork).body("id", contains(u, r, forkSystem, own));
        rawMessages(agent.id(), "default").body("id", contains(agent.system(), u, r));
        rawMessages(agent.id(), null).body("id", contains(agent.system(), u, r, forkSystem, own));
        given().queryParam("conversation_id", fork).queryParam("order", "asc").get("/v1/agents/{a}/messages", agent.id()).then()
                .body("message_type", contains("user_message", "reasoning_message", "system_message", "user_message"));
        rawMessages(agent.id(), Steps.conversation()).body("", hasSize(0));
    }

    @Test
    void deleting_a_conversation_keeps_what_a_fork_holds_and_removes_the_rest_with_its_blocks() {
        Conversations.Agent agent = Conversations.agent();
        String source = Steps.conversation();
        String sourceSystem = Steps.id();
        String copy = init(agent.id(), source, List.of("human"), sourceSystem, List.of(), null).statusCode(200)
                .extract().path("isolated_block_ids[0]");
        String kept = Steps.id();
        String dropped = Steps.id();
        append(agent.id(), source, List.of(sourceSystem), List.of(Steps.user(kept, "shared"), Steps.user(dropped, "own")));
        String fork = Steps.conversation();
        String forkSystem = Steps.id();
        init(agent.id(), fork, null, forkSystem, List.of(kept), null).statusCode(200);

        given().delete("/v1/agents/{a}/conversations/{c}", agent.id(), source).then().statusCode(200)
                .body("deleted_messages", is(2));
        context(agent.id(), source).statusCode(404);
        given().get("/v1/blocks/{id}", copy).then().statusCode(404);
        rawMessages(agent.id(), null).body("id", contains(agent.system(), kept, forkSystem));
        context(agent.id(), fork).statusCode(200).body("messages.id", contains(forkSystem, kept));
        given().delete("/v1/agents/{a}/conversations/{c}", agent.id(), source).then().statusCode(404)
                .body("detail", equalTo("Conversation " + source + " not found"));
        given().get("/v1/agents/{a}/context", agent.id()).then().body("messages.id", contains(agent.system()))
                .body("blocks.id", contains(agent.blockIds().get("human"), agent.blockIds().get("persona")));
    }

    @Test
    void deleting_the_agent_removes_every_conversations_window_and_isolated_blocks() {
        Conversations.Agent agent = Conversations.agent();
        String conv = Steps.conversation();
        String copy = init(agent.id(), conv, List.of("persona")).statusCode(200).extract().path("isolated_block_ids[0]");
        given().delete("/v1/agents/{a}", agent.id()).then().statusCode(200);
        given().get("/v1/blocks/{id}", copy).then().statusCode(404);
        context(agent.id(), conv).statusCode(404);
        rawMessages(agent.id(), null).body("", hasSize(0));
    }

    /** Commits to one conversation from the same window apply one after another; other threads are not in the way. */
    @Test
    void concurrent_commits_to_one_conversation_let_exactly_one_through() throws Exception {
        Conversations.Agent agent = Conversations.agent();
        String conv = Steps.conversation();
        String system = Steps.id();
        init(agent.id(), conv, null, system, List.of(), null).statusCode(200);
        int writers = 8;
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Integer> codes = new ArrayList<>();
        List<Integer> defaultCodes = new ArrayList<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            List<Future<Integer>> defaultAnswers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < writers; i++) {
                answers.add(pool.submit(() -> commitFrom(agent.id(), conv, system, go)));
                defaultAnswers.add(pool.submit(() -> commitFrom(agent.id(), null, agent.system(), go)));
            }
            go.countDown();
            for (int i = 0; i < writers; i++) {
                codes.add(answers.get(i).get(60, TimeUnit.SECONDS));
                defaultCodes.add(defaultAnswers.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, codes.stream().filter(c -> c == 200).count(), "codes " + codes);
        assertEquals(writers - 1, codes.stream().filter(c -> c == 409).count(), "codes " + codes);
        assertEquals(1, defaultCodes.stream().filter(c -> c == 200).count(), "default thread codes " + defaultCodes);
        context(agent.id(), conv).body("version", is(2)).body("messages", hasSize(2));
        given().get("/v1/agents/{a}/context", agent.id()).then().body("version", is(2)).body("messages", hasSize(2))
                .body("recall_count", is(4));
    }

    private static int commitFrom(String agent, String conversation, String system, CountDownLatch go) throws InterruptedException {
        String u = Steps.id();
        Map<String, Object> body = Steps.step("step-" + UUID.randomUUID(), List.of(Steps.user(u, "x")), List.of(system, u));
        body.put("expected_version", 1);
        if (conversation != null) {
            body.put("conversation_id", conversation);
        }
        go.await();
        return given().contentType(ContentType.JSON).body(body).post("/v1/agents/{a}/steps", agent).then().extract().statusCode();
    }

    @Test
    void the_raw_view_says_which_conversation_a_message_was_written_in() {
        Conversations.Agent agent = Conversations.agent();
        String conv = Steps.conversation();
        String system = Steps.id();
        init(agent.id(), conv, null, system, List.of(), null).statusCode(200);
        rawMessages(agent.id(), null).body("conversation_id", contains(null, conv));
        Map<String, Object> bad = Steps.step("step-" + UUID.randomUUID(), List.of(), List.of(agent.system()));
        bad.put("conversation_id", "conversation-1");
        given().contentType(ContentType.JSON).body(bad).post("/v1/agents/{a}/steps", agent.id()).then().statusCode(422)
                .body("detail", containsString("conversation_id"));
    }
}
