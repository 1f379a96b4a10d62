package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.message.LettaRequest;

import static dev.engram.agent.web.Requests.unsupported;

/**
 * Options of Letta's contract that Engram does not implement yet. Setting one to anything but its default is a 422
 * {@code "<field>: not supported yet"}: accepting it and doing nothing would tell the user it works. The README lists
 * them; the issue that implements one removes it here.
 */
public final class NotSupportedYet {

    private NotSupportedYet() {
    }

    public static void check(CreateAgent r) {
        unsupported("enable_sleeptime", Boolean.TRUE.equals(r.enableSleeptime()));
        unsupported("response_format", responseFormat(r.responseFormat()));
    }

    public static void check(UpdateAgent r) {
        unsupported("enable_sleeptime", Boolean.TRUE.equals(r.enableSleeptime()));
        unsupported("response_format", responseFormat(r.responseFormat()));
    }

    public static void check(LettaRequest r) {
        unsupported("enable_thinking", Boolean.FALSE.equals(r.enableThinking()));
        unsupported("return_logprobs", Boolean.TRUE.equals(r.returnLogprobs()));
        unsupported("top_logprobs", r.topLogprobs() != null);
        unsupported("return_token_ids", Boolean.TRUE.equals(r.returnTokenIds()));
    }

    /** Something other than null, an empty list or an empty object. */
    private static boolean given(JsonNode value) {
        return value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty());
    }

    /** Plain text is the default answer format; anything else (JSON object, JSON schema) is not offered yet. */
    private static boolean responseFormat(JsonNode value) {
        return given(value) && !"text".equals(value.path("type").asText());
    }
}
