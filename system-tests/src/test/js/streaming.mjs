// Streaming with the official Letta client, as its users stream:
// `agent` creates an agent;
// `turn <agent_id> <stream|create> <steps|tokens> <text> [nopings]` sends one message through the deprecated
//   `messages.stream()` (POST /messages/stream) or `messages.create({ streaming: true })` (POST /messages), with step
//   streaming or token streaming (`nopings`: `include_pings: false`), and answers every frame the client yielded, what
//   it threw (null when the stream ended cleanly), the messages assembled from the frames the way a client assembles
//   deltas, and what the server stored for the run afterwards;
// `disconnect <agent_id> <steps|tokens> <ping|message> <marker_file>` walks away from the stream after its first
//   frame (the ping) or its first message frame, writes the marker file so that the test can let the model answer,
//   then waits for the run to finish and reads what it stored.
import { writeFileSync } from 'node:fs';
import { all, client, run } from './lib.mjs';

const letta = client();

async function agent() {
  const created = await letta.agents.create({
    model: 'openai/gpt-4o-mini',
    embedding: 'openai/text-embedding-3-small',
    memory_blocks: [
      { label: 'human', value: 'Role: founder.' },
      { label: 'persona', value: 'I am a concise assistant.' },
    ],
  });
  return { id: created.id };
}

function send(agentId, route, mode, text, pings = true) {
  const body = { messages: [{ role: 'user', content: text }] };
  if (mode === 'tokens') body.stream_tokens = true;
  if (!pings) body.include_pings = false;
  if (route === 'stream') return letta.agents.messages.stream(agentId, body);
  if (route === 'create') return letta.agents.messages.create(agentId, { ...body, streaming: true });
  throw new Error(`unknown route ${route}`);
}

const CONTROL = new Set(['ping', 'stop_reason', 'usage_statistics']);

/**
 * The messages a stream carries, as a client puts them together: chunks of the same message_type, id and otid are one
 * message; reasoning and content pieces concatenate; tool-call deltas merge by tool_call_id (name from the first,
 * arguments concatenated). `chunks` counts the frames each message came in; `first_tool_call` is its first delta.
 */
function assemble(frames) {
  const messages = [];
  const byKey = new Map();
  for (const f of frames) {
    if (CONTROL.has(f.message_type)) continue;
    const key = `${f.message_type} ${f.id} ${f.otid}`;
    let m = byKey.get(key);
    if (!m) {
      m = { message_type: f.message_type, id: f.id, otid: f.otid, step_id: f.step_id ?? null, run_id: f.run_id ?? null, chunks: 0 };
      if (f.message_type === 'tool_call_message') m.first_tool_call = f.tool_call;
      byKey.set(key, m);
      messages.push(m);
    }
    m.chunks++;
    if (typeof f.reasoning === 'string') m.reasoning = (m.reasoning ?? '') + f.reasoning;
    if (f.message_type === 'assistant_message' && typeof f.content === 'string') m.content = (m.content ?? '') + f.content;
    if (f.message_type === 'tool_call_message') {
      const delta = f.tool_call ?? {};
      m.tool_calls ??= {};
      const call = (m.tool_calls[delta.tool_call_id] ??= { tool_call_id: delta.tool_call_id, name: null, arguments: '' });
      if (delta.name) call.name = call.name ?? delta.name;
      if (typeof delta.arguments === 'string') call.arguments += delta.arguments;
    }
    if (f.message_type === 'tool_return_message') {
      Object.assign(m, { tool_return: f.tool_return, status: f.status, tool_call_id: f.tool_call_id });
    }
  }
  for (const m of messages) if (m.tool_calls) m.tool_calls = Object.values(m.tool_calls);
  return messages;
}

async function stored(agentId, runId) {
  const runState = await letta.runs.retrieve(runId);
  const runMessages = await all(letta.runs.messages.list(runId, { order: 'asc' }));
  const history = await all(letta.agents.messages.list(agentId, { order: 'asc' }));
  const human = await letta.agents.blocks.retrieve('human', { agent_id: agentId });
  return { run: runState, run_messages: runMessages, history, human: human.value };
}

async function turn([agentId, route, mode, text, pings]) {
  const stream = await send(agentId, route, mode, text, pings !== 'nopings');
  const frames = [];
  let thrown = null;
  try {
    for await (const frame of stream) frames.push(frame);
  } catch (e) {
    thrown = { class: e.constructor.name, status: e.status ?? null, error: e.error ?? null, message: e.message };
  }
  const runId = frames.find((f) => f.run_id)?.run_id ?? thrown?.error?.run_id;
  if (!runId) throw new Error(`no frame named the run: ${JSON.stringify({ frames, thrown })}`);
  return { frames, thrown, messages: assemble(frames), ...(await stored(agentId, runId)) };
}

async function disconnect([agentId, mode, after, marker]) {
  const stream = await send(agentId, 'create', mode, 'Remember that I deploy on Fly.io.');
  const seen = [];
  for await (const frame of stream) {
    seen.push(frame);
    if (after === 'ping' || !CONTROL.has(frame.message_type)) break; // leaving the loop aborts the request
  }
  const runId = seen.find((f) => f.run_id)?.run_id;
  if (!runId) throw new Error(`no frame named the run: ${JSON.stringify(seen)}`);
  const whenLeft = (await letta.runs.retrieve(runId)).status;
  writeFileSync(marker, runId);
  const deadline = Date.now() + 60_000;
  let status = whenLeft;
  while (['created', 'running'].includes(status)) {
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${status} after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = (await letta.runs.retrieve(runId)).status;
  }
  return { seen, run_id: runId, status_when_left: whenLeft, ...(await stored(agentId, runId)) };
}

run(async ([phase, ...args]) => {
  switch (phase) {
    case 'agent': return agent();
    case 'turn': return turn(args);
    case 'disconnect': return disconnect(args);
    default: throw new Error(`unknown phase ${phase}`);
  }
});
