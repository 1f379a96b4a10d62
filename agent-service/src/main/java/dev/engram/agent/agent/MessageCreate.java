package dev.engram.agent.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.engram.agent.json.JsonText;

/**
 * One item of a request's {@code messages}: Letta's MessageCreate (a message from the user, or system/assistant for
 * initial sequences; {@code content} is a string or a list of parts), ApprovalCreate ({@code type: "approval"} with
 * {@code approvals}, or the older {@code approve}/{@code approval_request_id}/{@code reason}) or ToolReturnCreate
 * ({@code type: "tool_return"} with {@code tool_returns}). Without a type, an item that approves is an approval.
 */
public record MessageCreate(String type, String role, JsonNode content, String name, String otid, String senderId,
                            String batchItemId, String groupId, JsonNode approvals, Boolean approve, String approvalRequestId,
                            String reason, JsonNode toolReturns) {

    public static final String MESSAGE = "message";
    public static final String APPROVAL = "approval";
    public static final String TOOL_RETURN = "tool_return";

    /** A JSON {@code null} is no value (a stored request reads its nulls back as null nodes). */
    public MessageCreate {
        approvals = JsonText.present(approvals);
        toolReturns = JsonText.present(toolReturns);
    }

    /** A plain message. */
    public static MessageCreate of(String role, JsonNode content) {
        return new MessageCreate(MESSAGE, role, content, null, null, null, null, null, null, null, null, null, null);
    }

    /** The item's kind, as Letta infers it when the type is left out. */
    public String kind() {
        if (type != null) {
            return type;
        }
        return approve != null || approvalRequestId != null || approvals != null ? APPROVAL : MESSAGE;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isMessage() {
        return MESSAGE.equals(kind());
    }
}
