// Engram as a hosted service, through the official clients as their users configure them: `new Letta({ apiKey })`.
// `member`: a member key works end to end (agent, message, memory, steps); a wrong key and no key get 401.
// `readonly`: a read-only key reads and is refused writes with 403. `openai`: the OpenAI client with a key.
import Letta from '@letta-ai/letta-client';
import OpenAI from 'openai';
import { all, client, failure, run } from './lib.mjs';

const baseURL = process.env.LETTA_BASE_URL;

async function member() {
  const letta = client();
  const agent = await letta.agents.create({
    model: 'openai/gpt-4o-mini',
    embedding: 'openai/text-embedding-3-small',
    memory_blocks: [{ label: 'human', value: 'Name: Ada.' }, { label: 'persona', value: 'A helpful assistant.' }],
  });
  const response = await letta.agents.messages.create(agent.id, { messages: [{ role: 'user', content: 'Hello there' }] });
  const human = await letta.agents.blocks.retrieve('human', { agent_id: agent.id });
  const agents = await all(letta.agents.list());
  const steps = await all(letta.steps.list({ agent_id: agent.id }));
  const wrongKey = await failure(new Letta({ baseURL, maxRetries: 0, apiKey: 'engram_' + 'x'.repeat(38) }).agents.list());
  const noKey = await failure(fetch(`${baseURL}/v1/agents/`).then(async (r) => {
    if (!r.ok) { const e = new Error('refused'); e.status = r.status; e.error = await r.json(); throw e; }
    return r.json();
  }));
  return { agent, response, human, agentIds: agents.map((a) => a.id), steps, wrongKey, noKey };
}

async function readonly([agentId]) {
  const letta = client();
  const agent = await letta.agents.retrieve(agentId);
  const create = await failure(letta.agents.create({ model: 'openai/gpt-4o-mini', embedding: 'openai/text-embedding-3-small' }));
  const send = await failure(letta.agents.messages.create(agentId, { messages: [{ role: 'user', content: 'hi' }] }));
  return { agent, create, send };
}

async function openai() {
  const oa = new OpenAI({ baseURL: `${baseURL}/v1`, apiKey: process.env.LETTA_API_KEY, maxRetries: 0 });
  const agents = await all(client().agents.list());
  const completion = await oa.chat.completions.create({
    model: agents[0].id, messages: [{ role: 'user', content: 'Through the OpenAI client' }],
  });
  const wrong = await failure(new OpenAI({ baseURL: `${baseURL}/v1`, apiKey: 'not-a-key', maxRetries: 0 }).chat.completions.create({
    model: agents[0].id, messages: [{ role: 'user', content: 'x' }],
  }));
  return { completion, wrong };
}

run(async ([phase, ...args]) => {
  switch (phase) {
    case 'member': return member();
    case 'readonly': return readonly(args);
    case 'openai': return openai();
    default: throw new Error(`unknown phase ${phase}`);
  }
});
