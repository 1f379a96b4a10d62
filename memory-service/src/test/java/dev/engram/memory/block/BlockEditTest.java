package dev.engram.memory.block;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.engram.memory.block.Blocks.edit;
import static dev.engram.memory.block.Blocks.editForAgent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class BlockEditTest {

    @Test
    void append_adds_content_on_a_new_line() {
        String id = Blocks.create("human", "Name: Ann");
        edit(id, Map.of("op", "append", "content", "Likes tea")).statusCode(200).body("value", equalTo("Name: Ann\nLikes tea"));
    }

    @Test
    void replace_all_replaces_every_occurrence_or_fails_with_letta_message() {
        String id = Blocks.create("human", "cat dog cat");
        edit(id, Map.of("op", "replace_all", "old_string", "cat", "new_string", "emu")).statusCode(200)
                .body("value", equalTo("emu dog emu"));
        edit(id, Map.of("op", "replace_all", "old_string", "cow", "new_string", "x")).statusCode(400)
                .body("detail", equalTo("Old content 'cow' not found in memory block 'human'"));
    }

    @Test
    void replace_unique_needs_exactly_one_occurrence() {
        String id = Blocks.create("human", "a cat\nthe cat\ndog");
        edit(id, Map.of("op", "replace_unique", "old_string", "cat", "new_string", "x")).statusCode(400)
                .body("detail", equalTo("No replacement was performed. Multiple occurrences of old_string `cat` in lines [1, 2]. "
                        + "Please ensure it is unique."));
        edit(id, Map.of("op", "replace_unique", "old_string", "cow", "new_string", "x")).statusCode(400)
                .body("detail", equalTo("No replacement was performed, old_string `cow` did not appear verbatim in memory block "
                        + "with label `human`."));
        edit(id, Map.of("op", "replace_unique", "old_string", "dog", "new_string", "")).statusCode(200)
                .body("value", equalTo("a cat\nthe cat\n"));
    }

    @Test
    void replace_unique_rejects_line_number_prefixes() {
        String id = Blocks.create("human", "Name: Ann");
        edit(id, Map.of("op", "replace_unique", "old_string", "1→ Name: Ann", "new_string", "Name: Bob")).statusCode(400)
                .body("detail", equalTo("old_string contains a line number prefix, which is not allowed. Do not include line "
                        + "numbers when calling memory tools (line numbers are for display purposes only)."));
        edit(id, Map.of("op", "replace_unique", "old_string", "Name: Ann", "new_string", "2→ Name: Bob")).statusCode(400);
        assertEquals("Name: Ann", Blocks.value(id));
    }

    @Test
    void insert_puts_lines_at_the_given_position() {
        String id = Blocks.create("todo", "one\ntwo");
        edit(id, Map.of("op", "insert", "content", "zero", "insert_line", 0)).statusCode(200).body("value", equalTo("zero\none\ntwo"));
        edit(id, Map.of("op", "insert", "content", "three")).statusCode(200).body("value", equalTo("zero\none\ntwo\nthree"));
        edit(id, Map.of("op", "insert", "content", "x", "insert_line", 9)).statusCode(400)
                .body("detail", equalTo("Invalid `insert_line` parameter: 9. It should be within the range of lines of the memory "
                        + "block: [0, 4], or -1 to append to the end of the memory block."));
    }

    @Test
    void rethink_rewrites_the_block_and_creates_it_when_missing() {
        String agent = Blocks.newAgentId();
        String id = Blocks.create("human", "old");
        Blocks.attach(agent, id);
        editForAgent(agent, "human", Map.of("op", "rethink", "content", "new")).statusCode(200).body("value", equalTo("new"));
        editForAgent(agent, "scratch", Map.of("op", "rethink", "content", "notes")).statusCode(200)
                .body("label", equalTo("scratch")).body("value", equalTo("notes"));
        given().get("/v1/agents/{a}/blocks", agent).then().body("label", contains("human", "scratch"));
    }

    @Test
    void editing_an_unknown_label_lists_the_available_ones() {
        String agent = Blocks.newAgentId();
        Blocks.attach(agent, Blocks.create("human", "x"));
        editForAgent(agent, "persona", Map.of("op", "append", "content", "y")).statusCode(404)
                .body("detail", equalTo("Block field persona does not exist (available sections = human)"));
    }

    @Test
    void read_only_blocks_reject_every_edit() {
        String id = Blocks.create(Map.of("label", "policy", "value", "fixed", "read_only", true));
        for (Map<String, ?> e : new Map[] {
                Map.of("op", "append", "content", "x"),
                Map.of("op", "replace_all", "old_string", "fixed", "new_string", "x"),
                Map.of("op", "replace_unique", "old_string", "fixed", "new_string", "x"),
                Map.of("op", "insert", "content", "x"),
                Map.of("op", "rethink", "content", "x")}) {
            edit(id, e).statusCode(400).body("detail", equalTo("Error This block is read-only and cannot be edited."));
        }
        assertEquals("fixed", Blocks.value(id));
    }

    @Test
    void edit_beyond_the_limit_is_rejected_and_changes_nothing() {
        String id = Blocks.create(Map.of("label", "human", "value", "12345", "limit", 8));
        edit(id, Map.of("op", "append", "content", "678")).statusCode(422)
                .body("detail", equalTo("Edit failed: Exceeds 8 character limit (requested 9)"));
        assertEquals("12345", Blocks.value(id));
    }

    @Test
    void missing_edit_fields_are_422_naming_them() {
        String id = Blocks.create("human", "x");
        edit(id, Map.of("op", "append")).statusCode(422).body("detail", equalTo("body.content: Field required"));
        edit(id, Map.of("op", "replace_unique", "old_string", "x")).statusCode(422).body("detail", equalTo("body.new_string: Field required"));
        edit(id, Map.of("content", "x")).statusCode(422);
        edit(id, Map.of("op", "explode", "content", "x")).statusCode(422);
    }

    @Test
    void every_edit_is_recorded_with_its_tool_call() {
        String agent = Blocks.newAgentId();
        String id = Blocks.create("human", "a");
        Blocks.attach(agent, id);
        editForAgent(agent, "human", Map.of("op", "append", "content", "b", "tool_call_id", "call_1", "reason", "user said so"))
                .statusCode(200).body("version", is(2));
        given().get("/v1/blocks/{id}/history", id).then().statusCode(200)
                .body("[1].operation", equalTo("append"))
                .body("[1].previous_value", equalTo("a"))
                .body("[1].new_value", equalTo("a\nb"))
                .body("[1].tool_call_id", equalTo("call_1"))
                .body("[1].agent_id", equalTo(agent))
                .body("[1].reason", equalTo("user said so"));
    }
}
