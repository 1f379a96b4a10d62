// The rest of the everyday client surface: standalone and agent blocks, agents listed page by page, tools, errors.
import { NotFoundError, UnprocessableEntityError } from '@letta-ai/letta-client';
import { all, client, failure, run } from './lib.mjs';

const letta = client();
const UNKNOWN_AGENT = 'agent-00000000-0000-4000-8000-000000000000';

async function blocks() {
  const created = await letta.blocks.create({ label: 'project', value: 'Nuxt 3 app', description: 'The current project', limit: 5000 });
  const listed = await all(letta.blocks.list({ label: 'project' }));
  const retrieved = await letta.blocks.retrieve(created.id);
  const updated = await letta.blocks.update(created.id, { value: 'Nuxt 3 app, deployed on Netlify' });
  const reread = await letta.blocks.retrieve(created.id);
  return { created, listed_ids: listed.map((b) => b.id), retrieved, updated, reread };
}

async function agentBlocks(agentId, blockId) {
  const attached = await letta.agents.blocks.attach(blockId, { agent_id: agentId });
  const labels = (await all(letta.agents.blocks.list(agentId))).map((b) => b.label).sort();
  const updated = await letta.agents.blocks.update('human', { agent_id: agentId, value: 'Role: founder. Likes Nuxt.' });
  const reread = await letta.agents.blocks.retrieve('human', { agent_id: agentId });
  return { attached_id: attached.id, labels, updated, reread };
}

async function agentPages(tag) {
  const created = [];
  for (let i = 0; i < 5; i++) {
    const agent = await letta.agents.create({
      name: `paged-${i}`, tags: [tag], model: 'openai/gpt-4o-mini', embedding: 'openai/text-embedding-3-small',
      memory_blocks: [{ label: 'human', value: `Agent ${i}` }],
    });
    created.push(agent.id);
  }
  const firstPage = await letta.agents.list({ tags: [tag], limit: 2 });
  const pages = [];
  for await (const page of firstPage.iterPages()) pages.push(page.getPaginatedItems().map((a) => a.id));
  const ascending = (await all(letta.agents.list({ tags: [tag], limit: 2, order: 'asc' }))).map((a) => a.id);
  return { created, pages, ascending };
}

async function tools(agentId) {
  const listed = (await all(letta.tools.list())).map((t) => ({ id: t.id, name: t.name, tool_type: t.tool_type }));
  const ofAgent = (await all(letta.agents.tools.list(agentId))).map((t) => t.name).sort();
  const first = await letta.tools.retrieve(listed[0].id);
  return { listed, of_agent: ofAgent, retrieved_name: first.name };
}

// archival memory goes through embedding-service's openai/text-embedding-3-small handle (the scripted server's vectors)
async function passages(agentId) {
  const created = await letta.agents.passages.create(agentId, { text: 'The user deploys the Nuxt app on Netlify.', tags: ['project'] });
  await letta.agents.passages.create(agentId, { text: 'The user drinks green tea in the morning.' });
  const listed = await letta.agents.passages.list(agentId);
  const search = await letta.agents.passages.search(agentId, { query: 'Where is the Nuxt app deployed?', top_k: 1 });
  return { created, listed_texts: listed.map((p) => p.text), search };
}

// identities are made through the client's plain HTTP call (the 1.x client wraps only attach and detach)
async function identities(agentId) {
  const identity = await letta.post('/v1/identities/', {
    body: { identifier_key: `user-${Date.now()}`, name: 'Ann', identity_type: 'user', properties: [{ key: 'plan', value: 'pro', type: 'string' }] },
  });
  const attached = await letta.agents.identities.attach(identity.id, { agent_id: agentId });
  const retrieved = await letta.agents.retrieve(agentId, { include: ['agent.identities'] });
  const listed = await all(letta.agents.list({ identity_id: identity.id }));
  await letta.agents.identities.detach(identity.id, { agent_id: agentId });
  const detached = await letta.agents.retrieve(agentId, { include: ['agent.identities'] });
  return { identity, attached_id: attached.id, identity_ids: retrieved.identity_ids, identities: retrieved.identities,
    listed_ids: listed.map((a) => a.id), after_detach: detached.identity_ids };
}

async function errors(agentId) {
  const cases = {
    retrieve_unknown_agent: failure(letta.agents.retrieve(UNKNOWN_AGENT)),
    message_unknown_agent: failure(letta.agents.messages.create(UNKNOWN_AGENT, { messages: [{ role: 'user', content: 'hi' }] })),
    unknown_block_label: failure(letta.agents.blocks.retrieve('nope', { agent_id: agentId })),
    empty_messages: failure(letta.agents.messages.create(agentId, { messages: [] })),
    block_without_value: failure(letta.blocks.create({ label: 'x' })),
    malformed_agent_id: failure(letta.agents.retrieve('not-an-agent-id')),
  };
  const out = {};
  for (const [name, promise] of Object.entries(cases)) {
    const r = await promise;
    out[name] = { ...r, is_not_found: false, is_unprocessable: false };
    if (r.threw) {
      out[name].is_not_found = r.class === NotFoundError.name;
      out[name].is_unprocessable = r.class === UnprocessableEntityError.name;
    }
  }
  return out;
}

run(async () => {
  const health = await letta.health();
  const models = (await letta.models.list()).map((m) => m.handle);
  const main = await letta.agents.create({
    model: 'openai/gpt-4o-mini', embedding: 'openai/text-embedding-3-small',
    memory_blocks: [{ label: 'human', value: 'Role: founder.' }, { label: 'persona', value: 'Helpful.' }],
  });
  const updated = await letta.agents.update(main.id, { tags: ['surface'], description: 'checks the client surface' });
  const tags = await letta.tags.list({ name: 'surfac' });
  const b = await blocks();
  const ab = await agentBlocks(main.id, b.created.id);
  const pages = await agentPages(`paging-${Date.now()}`);
  const t = await tools(main.id);
  const p = await passages(main.id);
  const i = await identities(main.id);
  const e = await errors(main.id);
  const deleted = await letta.agents.delete(main.id);
  const afterDelete = await failure(letta.agents.retrieve(main.id));
  return { health, models, tags, agent_id: main.id, created_labels: main.blocks.map((x) => x.label).sort(),
    updated: { tags: updated.tags, description: updated.description, labels: updated.blocks.map((x) => x.label).sort() }, blocks: b, agent_blocks: ab, pages, tools: t, passages: p, identities: i, errors: e, deleted,
    after_delete: { class: afterDelete.class, status: afterDelete.status } };
});
