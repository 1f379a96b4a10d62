package dev.engram.agent.group;

import dev.engram.agent.support.Agents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Multi-agent groups through the public API: CRUD, manager settings, validation, shared blocks, the agent's groups. */
@QuarkusTest
class GroupApiTest {

    static final String UNKNOWN_AGENT = "agent-123e4567-e89b-42d3-8456-426614174000";
    static final String UNKNOWN_GROUP = "group-123e4567-e89b-42d3-8456-426614174000";

    private static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    static String group(Map<String, Object> body) {
        return json().body(body).post("/v1/groups/").then().statusCode(200).extract().path("id");
    }

    private static List<String> labels(String agent) {
        return given().get("/v1/agents/{id}/core-memory/blocks", agent).then().statusCode(200).extract().path("label");
    }

    private static String block(String label) {
        return json().body(Map.of("label", label, "value", "shared by the team")).post("/v1/blocks/").then().statusCode(200)
                .extract().path("id");
    }

    @Test
    void a_round_robin_group_is_created_read_listed_counted_changed_and_deleted() {
        String a = Agents.create();
        String b = Agents.create();
        long before = given().get("/v1/groups/count").then().statusCode(200).extract().as(Long.class);
        String id = json().body(Map.of("agent_ids", List.of(b, a), "description", "planning crew"))
                .post("/v1/groups/").then().statusCode(200)
                .body("id", startsWith("group-"))
                .body("manager_type", equalTo("round_robin"))
                .body("agent_ids", contains(b, a))
                .body("description", equalTo("planning crew"))
                .body("shared_block_ids", org.hamcrest.Matchers.empty())
                .body("manager_agent_id", nullValue())
                .body("max_turns", nullValue())
                .extract().path("id");
        assertEquals(before + 1, given().get("/v1/groups/count").then().statusCode(200).extract().as(Long.class));
        given().get("/v1/groups/{id}", id).then().statusCode(200).body("agent_ids", contains(b, a));
        given().queryParam("manager_type", "round_robin").queryParam("limit", 1000).get("/v1/groups/").then().statusCode(200)
                .body("id", hasItem(id));
        given().queryParam("manager_type", "supervisor").queryParam("limit", 1000).get("/v1/groups/").then().statusCode(200)
                .body("id", not(hasItem(id)));

        json().body(Map.of("description", "planning crew v2", "agent_ids", List.of(a, b),
                        "manager_config", Map.of("manager_type", "round_robin", "max_turns", 3)))
                .patch("/v1/groups/{id}", id).then().statusCode(200)
                .body("description", equalTo("planning crew v2"))
                .body("agent_ids", contains(a, b))
                .body("max_turns", equalTo(3));
        json().body(Map.of("manager_config", Map.of("manager_type", "supervisor", "manager_agent_id", a)))
                .patch("/v1/groups/{id}", id).then().statusCode(422).body("detail", containsString("manager_config.manager_type"));
        given().get("/v1/groups/{id}", id).then().statusCode(200).body("manager_type", equalTo("round_robin")).body("max_turns", equalTo(3));

        given().delete("/v1/groups/{id}", id).then().statusCode(200).body("message", containsString(id));
        given().get("/v1/groups/{id}", id).then().statusCode(404);
        given().delete("/v1/groups/{id}", id).then().statusCode(404);
        // the agents stay
        given().get("/v1/agents/{id}", a).then().statusCode(200);
    }

    @Test
    void manager_settings_are_kept_per_manager_type() {
        String manager = Agents.create();
        String worker = Agents.create();
        String supervised = json().body(Map.of("agent_ids", List.of(worker), "description", "supervised",
                        "manager_config", Map.of("manager_type", "supervisor", "manager_agent_id", manager)))
                .post("/v1/groups/").then().statusCode(200)
                .body("manager_type", equalTo("supervisor")).body("manager_agent_id", equalTo(manager)).extract().path("id");
        // the manager's state names the group it manages; a member's does not
        given().get("/v1/agents/{id}", manager).then().statusCode(200)
                .body("managed_group.id", equalTo(supervised)).body("managed_group.agent_ids", contains(worker))
                .body("multi_agent_group.id", equalTo(supervised));
        given().get("/v1/agents/{id}", worker).then().statusCode(200).body("managed_group", nullValue());
        json().body(Map.of("agent_ids", List.of(worker), "description", "dynamic",
                        "manager_config", Map.of("manager_type", "dynamic", "manager_agent_id", manager, "max_turns", 4)))
                .post("/v1/groups/").then().statusCode(200)
                .body("manager_type", equalTo("dynamic")).body("termination_token", equalTo("DONE!")).body("max_turns", equalTo(4));
        json().body(Map.of("agent_ids", List.of(worker), "description", "sleeptime",
                        "manager_config", Map.of("manager_type", "sleeptime", "manager_agent_id", manager, "sleeptime_agent_frequency", 2)))
                .post("/v1/groups/").then().statusCode(200)
                .body("sleeptime_agent_frequency", equalTo(2)).body("turns_counter", equalTo(-1));
        json().body(Map.of("agent_ids", List.of(worker), "description", "voice",
                        "manager_config", Map.of("manager_type", "voice_sleeptime", "manager_agent_id", manager,
                                "max_message_buffer_length", 10, "min_message_buffer_length", 5)))
                .post("/v1/groups/").then().statusCode(200)
                .body("max_message_buffer_length", equalTo(10)).body("min_message_buffer_length", equalTo(5));
        json().body(Map.of("agent_ids", List.of(worker), "description", "voice",
                        "manager_config", Map.of("manager_type", "voice_sleeptime", "manager_agent_id", manager,
                                "max_message_buffer_length", 5, "min_message_buffer_length", 10)))
                .post("/v1/groups/").then().statusCode(422).body("detail", containsString("max_message_buffer_length"));
    }

    @Test
    void invalid_groups_are_refused_naming_the_field_and_unknown_ids_are_not_found() {
        String a = Agents.create();
        json().body(Map.of("description", "no agents")).post("/v1/groups/").then().statusCode(422)
                .body("detail", containsString("agent_ids"));
        json().body(Map.of("agent_ids", List.of(a))).post("/v1/groups/").then().statusCode(422)
                .body("detail", containsString("description"));
        json().body(Map.of("agent_ids", List.of("not-an-agent"), "description", "x")).post("/v1/groups/").then().statusCode(422)
                .body("detail", containsString("agent_ids[0]"));
        json().body(Map.of("agent_ids", List.of(a, a), "description", "x")).post("/v1/groups/").then().statusCode(422)
                .body("detail", containsString("agent_ids[1]"));
        json().body(Map.of("agent_ids", List.of(a), "description", "x", "manager_config", Map.of("manager_type", "supervisor")))
                .post("/v1/groups/").then().statusCode(422).body("detail", containsString("manager_config.manager_agent_id"));
        json().body(Map.of("agent_ids", List.of(a), "description", "x", "manager_config", Map.of("manager_type", "committee")))
                .post("/v1/groups/").then().statusCode(422).body("detail", containsString("manager_config.manager_type"));
        json().body(Map.of("agent_ids", List.of(a), "description", "x", "manager_config", Map.of("max_turns", 0)))
                .post("/v1/groups/").then().statusCode(422).body("detail", containsString("manager_config.max_turns"));
        json().body(Map.of("agent_ids", List.of(a), "description", "x", "shared_block_ids", List.of("block-1")))
                .post("/v1/groups/").then().statusCode(422).body("detail", containsString("shared_block_ids[0]"));

        json().body(Map.of("agent_ids", List.of(a, UNKNOWN_AGENT), "description", "x")).post("/v1/groups/").then().statusCode(404)
                .body("detail", containsString(UNKNOWN_AGENT));
        String foreign = Agents.ofAnotherOrganization();
        json().body(Map.of("agent_ids", List.of(foreign), "description", "x")).post("/v1/groups/").then().statusCode(404)
                .body("detail", containsString(foreign));
        json().body(Map.of("agent_ids", List.of(a), "description", "x",
                        "manager_config", Map.of("manager_type", "supervisor", "manager_agent_id", UNKNOWN_AGENT)))
                .post("/v1/groups/").then().statusCode(404).body("detail", containsString(UNKNOWN_AGENT));
        json().body(Map.of("agent_ids", List.of(a), "description", "x",
                        "shared_block_ids", List.of("block-123e4567-e89b-42d3-8456-426614174000")))
                .post("/v1/groups/").then().statusCode(404);

        given().get("/v1/groups/not-a-group").then().statusCode(422).body("detail", containsString("group_id"));
        given().get("/v1/groups/{id}", UNKNOWN_GROUP).then().statusCode(404);
        json().body(Map.of("description", "x")).patch("/v1/groups/{id}", UNKNOWN_GROUP).then().statusCode(404);
        String id = group(Map.of("agent_ids", List.of(a), "description", "x"));
        json().body(Map.of("agent_ids", List.of(UNKNOWN_AGENT))).patch("/v1/groups/{id}", id).then().statusCode(404)
                .body("detail", containsString(UNKNOWN_AGENT));
        given().get("/v1/groups/{id}", id).then().statusCode(200).body("agent_ids", contains(a));
        given().queryParam("after", UNKNOWN_GROUP).get("/v1/groups/").then().statusCode(404);
        given().queryParam("limit", 0).get("/v1/groups/").then().statusCode(422).body("detail", containsString("limit"));
        given().queryParam("manager_type", "committee").get("/v1/groups/").then().statusCode(422)
                .body("detail", containsString("manager_type"));
    }

    @Test
    void groups_are_listed_with_cursors_in_creation_order() {
        String a = Agents.create();
        String project = "proj-" + UUID.randomUUID();
        String first = group(Map.of("agent_ids", List.of(a), "description", "1", "project_id", project));
        String second = group(Map.of("agent_ids", List.of(a), "description", "2", "project_id", project));
        String third = group(Map.of("agent_ids", List.of(a), "description", "3", "project_id", project));
        given().queryParam("project_id", project).get("/v1/groups/").then().statusCode(200).body("id", contains(first, second, third));
        given().queryParam("project_id", project).queryParam("order", "desc").get("/v1/groups/").then().statusCode(200)
                .body("id", contains(third, second, first));
        given().queryParam("project_id", project).queryParam("after", first).queryParam("limit", 1).get("/v1/groups/").then()
                .statusCode(200).body("id", contains(second));
        given().queryParam("project_id", project).queryParam("before", third).get("/v1/groups/").then().statusCode(200)
                .body("id", contains(first, second));
        String hidden = group(Map.of("agent_ids", List.of(a), "description", "h", "project_id", project, "hidden", true));
        given().queryParam("project_id", project).get("/v1/groups/").then().statusCode(200).body("id", not(hasItem(hidden)));
        given().queryParam("project_id", project).queryParam("show_hidden_groups", true).get("/v1/groups/").then().statusCode(200)
                .body("id", hasItem(hidden));
    }

    @Test
    void a_shared_block_is_attached_to_every_agent_of_the_group_and_detached_from_them() {
        String manager = Agents.create();
        String a = Agents.create();
        String b = Agents.create();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String plan = block("plan_" + suffix);
        String id = group(Map.of("agent_ids", List.of(a, b), "description", "shared",
                "manager_config", Map.of("manager_type", "supervisor", "manager_agent_id", manager), "shared_block_ids", List.of(plan)));
        given().get("/v1/groups/{id}", id).then().statusCode(200).body("shared_block_ids", contains(plan));
        for (String agent : List.of(manager, a, b)) {
            assertTrue(labels(agent).contains("plan_" + suffix), agent + " has the block the group shares");
        }

        String notes = block("notes_" + suffix);
        given().patch("/v1/groups/{g}/blocks/attach/{b}", id, notes).then().statusCode(200);
        given().patch("/v1/groups/{g}/blocks/attach/{b}", id, notes).then().statusCode(200); // again: nothing changes
        given().get("/v1/groups/{id}", id).then().statusCode(200).body("shared_block_ids", contains(plan, notes));
        for (String agent : List.of(manager, a, b)) {
            assertTrue(labels(agent).contains("notes_" + suffix), agent + " got the newly shared block");
        }
        // the block is in the members' compiled system prompt too
        String system = given().queryParam("order", "asc").get("/v1/agents/{id}/messages", a).then().statusCode(200)
                .extract().path("[0].content");
        assertTrue(system.contains("notes_" + suffix), "the system prompt shows the shared block");

        given().patch("/v1/groups/{g}/blocks/detach/{b}", id, notes).then().statusCode(200);
        given().get("/v1/groups/{id}", id).then().statusCode(200).body("shared_block_ids", contains(plan));
        for (String agent : List.of(manager, a, b)) {
            assertFalse(labels(agent).contains("notes_" + suffix), agent + " lost the block the group stopped sharing");
        }

        // an agent that joins gets the shared blocks
        String c = Agents.create();
        json().body(Map.of("agent_ids", List.of(a, b, c))).patch("/v1/groups/{id}", id).then().statusCode(200);
        assertTrue(labels(c).contains("plan_" + suffix));

        given().patch("/v1/groups/{g}/blocks/attach/{b}", id, "block-123e4567-e89b-42d3-8456-426614174000").then().statusCode(404);
        given().patch("/v1/groups/{g}/blocks/attach/{b}", UNKNOWN_GROUP, notes).then().statusCode(404);
        given().patch("/v1/groups/{g}/blocks/attach/{b}", id, "not-a-block").then().statusCode(422)
                .body("detail", containsString("block_id"));
    }

    @Test
    void an_agent_lists_its_groups_and_leaves_them_when_deleted() {
        String manager = Agents.create();
        String a = Agents.create();
        String b = Agents.create();
        String rr = group(Map.of("agent_ids", List.of(a, b), "description", "rr"));
        String sup = group(Map.of("agent_ids", List.of(a), "description", "sup",
                "manager_config", Map.of("manager_type", "supervisor", "manager_agent_id", manager)));
        given().queryParam("order", "asc").get("/v1/agents/{id}/groups", a).then().statusCode(200).body("id", contains(rr, sup));
        given().get("/v1/agents/{id}/groups", a).then().statusCode(200).body("id", contains(sup, rr));
        given().queryParam("manager_type", "supervisor").get("/v1/agents/{id}/groups", a).then().statusCode(200).body("id", contains(sup));
        given().get("/v1/agents/{id}/groups", manager).then().statusCode(200).body("id", contains(sup));
        given().get("/v1/agents/{id}/groups", UNKNOWN_AGENT).then().statusCode(404);

        given().delete("/v1/agents/{id}", a).then().statusCode(200);
        given().get("/v1/groups/{id}", rr).then().statusCode(200).body("agent_ids", contains(b));
        // a supervisor group goes with its manager
        given().delete("/v1/agents/{id}", manager).then().statusCode(200);
        given().get("/v1/groups/{id}", sup).then().statusCode(404);
    }
}
