// Every list route through the client's own auto-paginator (`for await (x of client.X.list({limit}))`): each walk is
// compared with the whole list fetched in one page, forwards and (with `before`) backwards. A walk that does not end
// is cut off after more items than the list has and reported as such.
import { client, run } from './lib.mjs';

const letta = client();

/** An item's identity: its id, and its message type where one stored message gives several Letta messages. */
const key = (x) => (x.message_type ? `${x.id}#${x.message_type}` : x.id);

async function walk(makePage, whole) {
  const seen = [];
  for await (const item of makePage()) {
    seen.push(key(item));
    if (seen.length > whole.length + 5) return { ended: false, seen };
  }
  return { ended: true, seen };
}

/** Forwards with `limit`, and backwards from the last item with `before`; the reference is one page of everything. */
async function route(list, limit) {
  const whole = (await list({ limit: 1000 })).getPaginatedItems().map(key);
  const forwards = await walk(() => list({ limit }), whole);
  const lastId = whole.length ? whole[whole.length - 1].split('#')[0] : null;
  const backwards = lastId ? await walk(() => list({ limit, before: lastId }), whole) : { ended: true, seen: [] };
  return { whole, forwards, backwards, last_id: lastId };
}

run(async ([tag]) => {
  const shared = await letta.blocks.create({ label: `paged_${tag}`, value: 'shared' });
  for (let i = 0; i < 3; i++) await letta.blocks.create({ label: `paged_${tag}`, value: `block ${i}` });
  const agents = [];
  for (let i = 0; i < 5; i++) {
    agents.push(await letta.agents.create({
      name: `paged-${i}`, tags: [tag], model: 'openai/gpt-4o-mini', embedding: 'openai/text-embedding-3-small',
      memory_blocks: [{ label: 'human', value: `Agent ${i}` }, { label: 'persona', value: 'Helpful.' }],
      block_ids: [shared.id],
      tools: ['conversation_search', 'memory_insert', 'memory_replace', 'archival_memory_insert', 'archival_memory_search'],
    }));
  }
  const agent = agents[0].id;
  for (let i = 0; i < 5; i++) await letta.agents.passages.create(agent, { text: `passage ${i}` });
  // the scripted model answers the first message in three steps (two tool calls, then the reply), the others in one
  for (let i = 0; i < 3; i++) await letta.agents.messages.create(agent, { messages: [{ role: 'user', content: `message ${i}` }] });
  const runs = (await letta.runs.list({ agent_id: agent, order: 'asc', limit: 100 })).getPaginatedItems();
  const runId = runs[0].id;
  const steps = (await letta.runs.steps.list(runId, { order: 'asc', limit: 100 })).getPaginatedItems();
  const conversation = await letta.conversations.create({ agent_id: agent });
  for (let i = 0; i < 2; i++) {
    await letta.conversations.messages.create(conversation.id, { messages: [{ role: 'user', content: `thread ${i}` }], streaming: false });
  }

  const routes = {
    'agents.list': await route((q) => letta.agents.list({ tags: [tag], ...q }), 2),
    'agents.blocks.list': await route((q) => letta.agents.blocks.list(agent, q), 1),
    'agents.tools.list': await route((q) => letta.agents.tools.list(agent, q), 2),
    'agents.messages.list': await route((q) => letta.agents.messages.list(agent, q), 3),
    'blocks.list': await route((q) => letta.blocks.list({ label: `paged_${tag}`, ...q }), 2),
    'blocks.agents.list': await route((q) => letta.blocks.agents.list(shared.id, q), 2),
    'tools.list': await route((q) => letta.tools.list(q), 3),
    'runs.list': await route((q) => letta.runs.list({ agent_id: agent, ...q }), 2),
    'runs.messages.list': await route((q) => letta.runs.messages.list(runId, q), 2),
    'runs.steps.list': await route((q) => letta.runs.steps.list(runId, q), 1),
    'steps.list': await route((q) => letta.steps.list({ agent_id: agent, ...q }), 2),
    'steps.messages.list': await route((q) => letta.steps.messages.list(steps[0].id, q), 1),
    'conversations.messages.list': await route((q) => letta.conversations.messages.list(conversation.id, q), 2),
  };

  // archival memory is a plain array in the client: paged by hand with `after`, as its users do
  const wholePassages = (await letta.agents.passages.list(agent, { limit: 1000 })).map(key);
  const pagedPassages = [];
  let after;
  for (let pages = 0; pages <= wholePassages.length; pages++) {
    const page = await letta.agents.passages.list(agent, { limit: 2, ...(after ? { after } : {}) });
    if (!page.length) break;
    pagedPassages.push(...page.map(key));
    after = page[page.length - 1].id;
  }
  routes['agents.passages.list'] = { whole: wholePassages, forwards: { ended: true, seen: pagedPassages } };

  let unknown;
  try {
    await letta.steps.list({ after: 'garbage' });
    unknown = { threw: false };
  } catch (e) {
    unknown = { threw: true, status: e.status, detail: e.error?.detail ?? null };
  }
  return { routes, unknown_cursor: unknown };
});
