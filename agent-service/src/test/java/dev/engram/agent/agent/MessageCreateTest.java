package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.engram.agent.json.JsonText;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageCreateTest {

    /** The mapper a run's request is stored and read back with. */
    private static final ObjectMapper JSON = JsonText.MAPPER;

    @Test
    void a_message_without_type_read_back_from_its_stored_form_is_still_a_message() throws Exception {
        MessageCreate sent = JSON.readValue("{\"role\":\"user\",\"content\":\"I moved to Lisbon.\"}", MessageCreate.class);
        String stored = JSON.valueToTree(sent).toString(); // explicit nulls, "approvals": null among them

        MessageCreate resumed = JSON.readValue(stored, MessageCreate.class);

        assertEquals(MessageCreate.MESSAGE, resumed.kind());
    }

    @Test
    void an_item_without_type_that_carries_approvals_or_approve_is_an_approval() throws Exception {
        assertEquals(MessageCreate.APPROVAL, JSON.readValue(
                "{\"approvals\":[{\"tool_call_id\":\"c1\",\"approve\":true}]}", MessageCreate.class).kind());
        assertEquals(MessageCreate.APPROVAL, JSON.readValue(
                "{\"approve\":false,\"approval_request_id\":\"message-1\"}", MessageCreate.class).kind());
    }
}
