package dev.engram.memory.block;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class AttachmentTest {

    @Test
    void agent_blocks_come_in_attachment_order_and_by_label() {
        String agent = Blocks.newAgentId();
        String persona = Blocks.create("persona", "I help");
        String human = Blocks.create("human", "Ann");
        Blocks.attach(agent, persona);
        Blocks.attach(agent, human);
        given().get("/v1/agents/{a}/blocks", agent).then().statusCode(200).body("id", contains(persona, human));
        given().get("/v1/agents/{a}/blocks/{l}", agent, "human").then().statusCode(200).body("value", equalTo("Ann"));
        given().get("/v1/agents/{a}/blocks/{l}", agent, "nope").then().statusCode(404);
    }

    @Test
    void one_label_per_agent_and_shared_blocks_across_agents() {
        String a = Blocks.newAgentId();
        String b = Blocks.newAgentId();
        String shared = Blocks.create("team", "shared notes");
        Blocks.attach(a, shared);
        Blocks.attach(b, shared);
        Blocks.attach(a, shared); // attaching twice is a no-op
        given().put("/v1/agents/{a}/attachments/{b}", a, Blocks.create("team", "other")).then().statusCode(409)
                .body("detail", containsString("label 'team'"));
        given().get("/v1/blocks/{id}/agents", shared).then().body("", contains(a, b));
        Blocks.editForAgent(b, "team", Map.of("op", "append", "content", "from b")).statusCode(200);
        given().get("/v1/agents/{a}/blocks/team", a).then().body("value", equalTo("shared notes\nfrom b"));
    }

    @Test
    void renaming_a_block_onto_an_agents_existing_label_is_409() {
        String agent = Blocks.newAgentId();
        Blocks.attach(agent, Blocks.create("human", "x"));
        String persona = Blocks.create("persona", "y");
        Blocks.attach(agent, persona);
        given().contentType(ContentType.JSON).body(Map.of("label", "human")).patch("/v1/blocks/{id}", persona).then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("label", "self")).patch("/v1/blocks/{id}", persona).then().statusCode(200);
        given().get("/v1/agents/{a}/blocks/self", agent).then().statusCode(200).body("id", equalTo(persona));
    }

    @Test
    void detach_keeps_the_block() {
        String agent = Blocks.newAgentId();
        String id = Blocks.create("human", "x");
        Blocks.attach(agent, id);
        given().delete("/v1/agents/{a}/attachments/{b}", agent, id).then().statusCode(200);
        given().get("/v1/agents/{a}/blocks", agent).then().body("", org.hamcrest.Matchers.hasSize(0));
        given().get("/v1/blocks/{id}", id).then().statusCode(200);
        given().delete("/v1/agents/{a}/attachments/{b}", agent, id).then().statusCode(404);
    }

    @Test
    void create_for_agent_attaches_atomically_and_a_clash_leaves_nothing() {
        String agent = Blocks.newAgentId();
        given().contentType(ContentType.JSON).body(Map.of("label", "human", "value", "Ann")).post("/v1/agents/{a}/blocks", agent)
                .then().statusCode(200);
        String label = "human";
        long before = Long.parseLong(given().queryParam("label", label).get("/v1/blocks/count").asString());
        given().contentType(ContentType.JSON).body(Map.of("label", label, "value", "Bob")).post("/v1/agents/{a}/blocks", agent)
                .then().statusCode(409);
        given().queryParam("label", label).get("/v1/blocks/count").then().body(equalTo(String.valueOf(before)));
        given().get("/v1/agents/{a}/blocks/human", agent).then().body("value", equalTo("Ann"));
    }
}
