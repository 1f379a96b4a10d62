// Conversations, background streams and approvals with the official Letta client, as its users call them:
// `threads` creates an agent and two conversations (one with an isolated copy of `human`), talks to both at once,
//   forks one, and reads them back;
// `cut <conv_id> <marker_file>` sends a message to a conversation as a background stream, walks away after the first
//   tool result (writing its run id and last seq_id to the marker file for the test), and answers the frames it saw;
// `resume <run_id> <starting_after>` resumes that run's stream from the seq_id and answers every frame until the end;
// `approvals` runs a client-side tool and a tool that requires approval through their round trips;
// `pending <agent_id> <tool_call_id>` answers a call that was left waiting (after a restart);
// `rules` creates an agent with each of the nine tool rule types and runs a turn under them;
// `errors <finished_background_run>` collects the refusals a user meets, and a resume past a stream's end.
import { writeFileSync } from 'node:fs';
import { all, client, failure, run } from './lib.mjs';

const letta = client();
const READ_FILE = {
  name: 'read_file', description: 'Read a file from the user\'s disk',
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

async function newAgent() {
  return letta.agents.create({
    model: 'openai/gpt-4o-mini', embedding: 'openai/text-embedding-3-small',
    memory_blocks: [{ label: 'human', value: 'Name: Ann.' }, { label: 'persona', value: 'Helpful.' }],
  });
}

// the messages of a stream, without its opening ping (Letta's include_pings defaults to true) and closing
// stop_reason and usage_statistics frames
async function frames(streamPromise) {
  const out = [];
  for await (const frame of await streamPromise) {
    if (!['ping', 'stop_reason', 'usage_statistics'].includes(frame.message_type)) out.push(frame);
  }
  return out;
}

async function threads() {
  const agent = await newAgent();
  const a = await letta.conversations.create({ agent_id: agent.id, isolated_block_labels: ['human'], summary: 'private notes' });
  const b = await letta.conversations.create({ agent_id: agent.id, summary: 'shared' });
  // both threads at once: each has its own queue
  // the client reads a conversation's messages.create as a stream, always (streaming is Letta's default there)
  const [ra, rb] = await Promise.all([
    frames(letta.conversations.messages.create(a.id, { messages: [{ role: 'user', content: 'Remember: I like jazz.' }] })),
    frames(letta.conversations.messages.create(b.id, { messages: [{ role: 'user', content: 'Hello from B.' }] })),
  ]);
  const fork = await letta.conversations.fork(a.id);
  const forkReply = await frames(letta.conversations.messages.create(fork.id, {
    messages: [{ role: 'user', content: 'What do I like?' }],
  }));
  const listed = await letta.conversations.list({ agent_id: agent.id });
  const aState = await letta.conversations.retrieve(a.id);
  const forkState = await letta.conversations.retrieve(fork.id);
  const isolated = await letta.blocks.retrieve(a.isolated_block_ids[0]);
  const shared = await letta.agents.blocks.retrieve('human', { agent_id: agent.id });
  const aMessages = await all(letta.conversations.messages.list(a.id, { order: 'asc' }));
  const ownMessages = await all(letta.agents.messages.list(agent.id, { order: 'asc', conversation_id: 'default' }));
  const allMessages = await all(letta.agents.messages.list(agent.id, { order: 'asc' }));
  return {
    agent_id: agent.id, a: aState, b_id: b.id, fork: forkState, listed: listed.map((c) => c.id),
    replies: { a: ra.map((m) => m.message_type), b: rb.map((m) => m.message_type), fork: forkReply },
    isolated: isolated.value, shared: shared.value,
    a_messages: aMessages.map((m) => m.message_type), own_messages: ownMessages.map((m) => m.message_type),
    all_user_messages: allMessages.filter((m) => m.message_type === 'user_message').map((m) => m.content),
  };
}

async function cut(convId, marker) {
  const stream = await letta.conversations.messages.create(convId, {
    messages: [{ role: 'user', content: 'Note that I use Nuxt, then answer.' }], background: true,
  });
  const frames = [];
  for await (const frame of stream) {
    frames.push(frame);
    if (frame.message_type === 'tool_return_message') break; // the client goes away here
  }
  const last = frames[frames.length - 1];
  writeFileSync(marker, JSON.stringify({ run_id: last.run_id, seq_id: last.seq_id }));
  return { frames };
}

async function resume(runId, startingAfter) {
  const stream = await letta.runs.messages.stream(runId, { starting_after: Number(startingAfter) });
  const frames = [];
  for await (const frame of stream) frames.push(frame);
  const runState = await letta.runs.retrieve(runId);
  return { frames, run: runState };
}

async function approvals() {
  const agent = await newAgent();
  // a client-side tool: the run pauses, the client answers with the tool's result
  const paused = await letta.agents.messages.create(agent.id, {
    messages: [{ role: 'user', content: 'What is in notes.txt?' }], client_tools: [READ_FILE],
  });
  const request = paused.messages.find((m) => m.message_type === 'approval_request_message');
  const blocked = await failure(letta.agents.messages.create(agent.id, { messages: [{ role: 'user', content: 'hello?' }] }));
  const answered = await letta.agents.messages.create(agent.id, {
    messages: [{ type: 'approval', approvals: [{ type: 'tool', tool_call_id: request.tool_call.tool_call_id, tool_return: 'buy milk', status: 'success' }] }],
    client_tools: [READ_FILE],
  });
  // a server tool that requires approval: approved once, denied once
  await letta.agents.tools.updateApproval('memory_insert', { agent_id: agent.id, requires_approval: true });
  const gated = await letta.agents.messages.create(agent.id, { messages: [{ role: 'user', content: 'Remember I like tea.' }] });
  const gatedCall = gated.messages.find((m) => m.message_type === 'approval_request_message').tool_call.tool_call_id;
  const approved = await letta.agents.messages.create(agent.id, {
    messages: [{ type: 'approval', approvals: [{ type: 'approval', tool_call_id: gatedCall, approve: true }] }],
  });
  const gated2 = await letta.agents.messages.create(agent.id, { messages: [{ role: 'user', content: 'Remember I hate coffee.' }] });
  const gatedCall2 = gated2.messages.find((m) => m.message_type === 'approval_request_message').tool_call.tool_call_id;
  const denied = await letta.agents.messages.create(agent.id, {
    messages: [{ type: 'approval', approvals: [{ type: 'approval', tool_call_id: gatedCall2, approve: false, reason: 'no coffee talk' }] }],
  });
  const human = await letta.agents.blocks.retrieve('human', { agent_id: agent.id });
  const notPending = await failure(letta.agents.messages.create(agent.id, {
    messages: [{ type: 'approval', approvals: [{ type: 'approval', tool_call_id: gatedCall2, approve: true }] }],
  }));
  return {
    agent_id: agent.id, paused: { stop: paused.stop_reason.stop_reason, request },
    blocked: { status: blocked.status, detail: blocked.error?.detail ?? null },
    answered: { stop: answered.stop_reason.stop_reason, types: answered.messages.map((m) => m.message_type), first: answered.messages[0] },
    approved: { types: approved.messages.map((m) => m.message_type), status: approved.messages[0].status },
    denied: { first: denied.messages[0] }, human: human.value,
    not_pending: { status: notPending.status, detail: notPending.error?.detail ?? null },
  };
}

async function leavePending() {
  const agent = await newAgent();
  const paused = await letta.agents.messages.create(agent.id, {
    messages: [{ role: 'user', content: 'Read todo.txt' }], client_tools: [READ_FILE],
  });
  const request = paused.messages.find((m) => m.message_type === 'approval_request_message');
  return { agent_id: agent.id, tool_call_id: request.tool_call.tool_call_id, stop: paused.stop_reason.stop_reason };
}

async function pending(agentId, toolCallId) {
  const state = await letta.agents.retrieve(agentId, { include: ['agent.pending_approval'] });
  const answered = await letta.agents.messages.create(agentId, {
    messages: [{ type: 'approval', approvals: [{ type: 'tool', tool_call_id: toolCallId, tool_return: 'water the plants', status: 'success' }] }],
    client_tools: [READ_FILE],
  });
  const twice = await failure(letta.agents.messages.create(agentId, {
    messages: [{ type: 'approval', approvals: [{ type: 'tool', tool_call_id: toolCallId, tool_return: 'again', status: 'success' }] }],
    client_tools: [READ_FILE],
  }));
  return {
    pending_before: state.pending_approval, stop: answered.stop_reason.stop_reason,
    types: answered.messages.map((m) => m.message_type), twice: { status: twice.status, detail: twice.error?.detail ?? null },
  };
}

// every rule type through the client's own types, then a turn the rules shape (the model's calls are scripted)
async function rules() {
  const tool_rules = [
    { type: 'run_first', tool_name: 'conversation_search' },
    { type: 'constrain_child_tools', tool_name: 'conversation_search', children: ['memory_insert'] },
    { type: 'exit_loop', tool_name: 'memory_insert' },
    { type: 'continue_loop', tool_name: 'memory_replace' },
    { type: 'conditional', tool_name: 'archival_memory_insert', child_output_mapping: { None: 'memory_insert' } },
    { type: 'max_count_per_step', tool_name: 'archival_memory_search', max_count_limit: 2 },
    { type: 'parent_last_tool', tool_name: 'archival_memory_insert', children: ['archival_memory_search'] },
    { type: 'required_before_exit', tool_name: 'memory_insert' },
    { type: 'requires_approval', tool_name: 'memory_replace' },
  ];
  const agent = await letta.agents.create({
    model: 'openai/gpt-4o-mini', embedding: 'openai/text-embedding-3-small', include_base_tool_rules: false,
    memory_blocks: [{ label: 'human', value: 'Name: Ann.' }, { label: 'persona', value: 'Helpful.' }],
    tools: ['conversation_search', 'memory_insert', 'memory_replace', 'archival_memory_insert', 'archival_memory_search'], tool_rules,
  });
  const stored = await letta.agents.retrieve(agent.id);
  const turn = await letta.agents.messages.create(agent.id, { messages: [{ role: 'user', content: 'Look up tea, then note it.' }] });
  return {
    agent_id: agent.id, sent: tool_rules, stored: stored.tool_rules,
    turn: { stop: turn.stop_reason.stop_reason, types: turn.messages.map((m) => m.message_type) },
  };
}

async function errors(finishedRun) {
  const unknown = await failure(letta.conversations.retrieve('conv-00000000-0000-4000-8000-000000000000'));
  const unknownSend = await failure(letta.conversations.messages.create('conv-00000000-0000-4000-8000-000000000000', {
    messages: [{ role: 'user', content: 'hi' }], streaming: false,
  }));
  const unknownRun = await failure(letta.runs.messages.stream('run-00000000-0000-4000-8000-000000000000', {}));
  const pastTheEnd = [];
  for await (const frame of await letta.runs.messages.stream(finishedRun, { starting_after: 100000, include_pings: false })) {
    pastTheEnd.push(frame);
  }
  return {
    unknown: { status: unknown.status }, unknown_send: { status: unknownSend.status }, unknown_run: { status: unknownRun.status },
    past_the_end: pastTheEnd,
  };
}

run(async ([command, ...args]) => {
  switch (command) {
    case 'threads': return threads();
    case 'cut': return cut(args[0], args[1]);
    case 'resume': return resume(args[0], args[1]);
    case 'approvals': return approvals();
    case 'leave-pending': return leavePending();
    case 'pending': return pending(args[0], args[1]);
    case 'rules': return rules();
    case 'errors': return errors(args[0]);
    default: throw new Error(`unknown command ${command}`);
  }
});
