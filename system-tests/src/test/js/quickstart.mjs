// Letta's quick start, replayed with the official client: `first` creates the agent and sends the first message;
// `history <agent_id>` reads the history; `resume <agent_id>` runs after the suite was restarted and checks that memory, history and context are intact.
import { all, client, failure, run } from './lib.mjs';

const letta = client();

async function first() {
  const agent = await letta.agents.create({
    model: 'openai/gpt-4o-mini',
    embedding: 'openai/text-embedding-3-small',
    memory_blocks: [
      { label: 'human', value: 'Role: founder. Prefers short answers.' },
      { label: 'persona', value: 'I am a concise, friendly assistant.' },
    ],
  });
  const response = await letta.agents.messages.create(agent.id, {
    messages: [{ role: 'user', content: "I'm using Nuxt for my new project." }],
  });
  const human = await letta.agents.blocks.retrieve('human', { agent_id: agent.id });
  return { agent, response, human, observed: await observe(agent.id) };
}

// what the run left for observability: its steps' metrics and provider traces; the run's OTEL trace is not recorded
async function observe(agentId) {
  const [runRecord] = await all(letta.runs.list({ agent_id: agentId }));
  const steps = await all(letta.runs.steps.list(runRecord.id, { order: 'asc' }));
  const metrics = [];
  const traces = [];
  for (const step of steps) {
    metrics.push(await letta.steps.metrics.retrieve(step.id));
    traces.push(await letta.steps.trace.retrieve(step.id));
  }
  const runTrace = await failure(letta.runs.trace.retrieve(runRecord.id));
  return { run_id: runRecord.id, metrics, traces, run_trace: runTrace };
}

async function history([agentId]) {
  return { history: await all(letta.agents.messages.list(agentId, { order: 'asc', limit: 2 })) };
}

async function resume([agentId]) {
  const agent = await letta.agents.retrieve(agentId);
  const human = await letta.agents.blocks.retrieve('human', { agent_id: agentId });
  const blocks = await all(letta.agents.blocks.list(agentId));
  // small pages: the history comes back through the client's cursor pagination
  const history = await all(letta.agents.messages.list(agentId, { order: 'asc', limit: 2 }));
  // not wrapped by the 1.x client (deprecated route): called as its users call any other route
  const context = await letta.get(`/v1/agents/${agentId}/context`);
  const response = await letta.agents.messages.create(agentId, {
    messages: [{ role: 'user', content: 'Which framework am I using?' }],
  });
  const after = await all(letta.agents.messages.list(agentId, { order: 'asc' }));
  return { agent, human, blocks, history, context, response, after };
}

run(async ([phase, ...args]) => {
  switch (phase) {
    case 'first': return first();
    case 'history': return history(args);
    case 'resume': return resume(args);
    default: throw new Error(`unknown phase ${phase}`);
  }
});
