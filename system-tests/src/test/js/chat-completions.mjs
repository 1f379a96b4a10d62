// The official OpenAI client against Engram's POST /v1/chat/completions, with an agent id as the model:
// `stream <agent_id> <text>` iterates the ChatCompletionChunks of `chat.completions.create({ stream: true })` (and
//   answers what the iteration threw, null when the stream ended cleanly);
// `create <agent_id> <text>` answers the ChatCompletion of `stream: false`.
// Both also answer the raw body the client received (through a fetch that copies it on the way) and the agent's
// human block afterwards, read with the Letta client.
import OpenAI from 'openai';
import { client, run } from './lib.mjs';

const letta = client();
const raw = [];

/** fetch as the client calls it, keeping a copy of every response body for the test. */
async function recordingFetch(url, init) {
  const response = await fetch(url, init);
  if (!response.body) return response;
  const [forClient, forTest] = response.body.tee();
  const entry = { url: String(url), status: response.status, content_type: response.headers.get('content-type'), body: null };
  raw.push(entry);
  entry.read = new Response(forTest).text().then((text) => { entry.body = text; });
  return new Response(forClient, { status: response.status, statusText: response.statusText, headers: response.headers });
}

const openai = new OpenAI({
  baseURL: `${process.env.LETTA_BASE_URL}/v1`,
  apiKey: 'not-checked-by-a-self-hosted-server',
  maxRetries: 0,
  timeout: 120_000,
  fetch: recordingFetch,
});

async function exchanges() {
  await Promise.all(raw.map((r) => r.read));
  return raw.map(({ read, ...r }) => r);
}

async function human(agentId) {
  return (await letta.agents.blocks.retrieve('human', { agent_id: agentId })).value;
}

async function stream([agentId, text]) {
  const chunks = [];
  const completion = await openai.chat.completions.create({
    model: agentId,
    messages: [
      { role: 'system', content: 'ignored: the agent keeps its own system prompt' },
      { role: 'user', content: 'ignored: only the last user message goes to the agent' },
      { role: 'user', content: text },
    ],
    stream: true,
  });
  let thrown = null;
  try {
    for await (const chunk of completion) chunks.push(chunk);
  } catch (e) {
    thrown = { class: e.constructor.name, status: e.status ?? null, error: e.error ?? null, message: e.message };
  }
  const assembled = chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
  return { chunks, thrown, text: assembled, raw: await exchanges(), human: await human(agentId) };
}

async function create([agentId, text]) {
  const completion = await openai.chat.completions.create({
    model: agentId,
    messages: [{ role: 'user', content: text }],
    stream: false,
  });
  return { completion, raw: await exchanges(), human: await human(agentId) };
}

run(async ([phase, ...args]) => {
  switch (phase) {
    case 'stream': return stream(args);
    case 'create': return create(args);
    default: throw new Error(`unknown phase ${phase}`);
  }
});
