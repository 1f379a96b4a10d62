// Plain words for Letta's stop reasons.
export const STOP_REASONS = {
  end_turn: 'The agent finished its turn.',
  max_steps: 'Stopped: the step limit was reached.',
  tool_rule: 'Stopped by a tool rule (a terminal tool ran).',
  requires_approval: 'Waiting for your approval of a tool call.',
  no_tool_call: 'Stopped: the model called no tool when one was required.',
  invalid_tool_call: 'Stopped: the model called a tool that does not exist or with bad arguments.',
  llm_api_error: 'Stopped: the model provider answered with an error.',
  invalid_llm_response: 'Stopped: the model gave an answer that could not be read.',
  max_tokens_exceeded: 'Stopped: the answer hit the output token limit.',
  insufficient_credits: 'Stopped: the organization has used up its monthly budget.',
  cancelled: 'Cancelled.',
  error: 'Stopped by an error.',
};

export function stopReason(reason) {
  return STOP_REASONS[reason] ?? (reason ? `Stopped (${reason}).` : '');
}
