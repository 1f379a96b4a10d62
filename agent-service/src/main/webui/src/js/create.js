// The new-agent dialog: name, model and embedding from /v1/models, memory blocks, tools, tags.
import { get, post } from './api.js';
import { h, clear, note } from './dom.js';

export async function createAgentDialog(onCreated) {
  const root = document.getElementById('dialog-root');
  const dialog = h('dialog', { class: 'create', 'aria-labelledby': 'create-title' });
  clear(root, dialog);
  const [models, embeddings, tools] = await Promise.all([
    get('/v1/models/').catch(() => []), get('/v1/models/embedding').catch(() => []), get('/v1/tools/?limit=200').catch(() => [])]);
  const name = h('input', { id: 'new-name', required: true, placeholder: 'my-agent' });
  const model = h('select', { id: 'new-model' }, models.map((m) => h('option', { value: m.handle }, m.handle)));
  const embedding = h('select', { id: 'new-embedding' }, embeddings.map((m) => h('option', { value: m.handle }, m.handle)));
  const tags = h('input', { id: 'new-tags', placeholder: 'comma separated' });
  const blocks = h('div', { class: 'block-rows' });
  const addBlock = (label = '', value = '', limit = '') => {
    const row = h('fieldset', { class: 'block-row' }, h('legend', {}, 'Block'),
      h('label', {}, 'Label', h('input', { class: 'b-label', value: label, required: true })),
      h('label', {}, 'Limit', h('input', { class: 'b-limit', type: 'number', min: '1', value: limit, placeholder: 'default' })),
      h('label', { class: 'wide' }, 'Value', h('textarea', { class: 'b-value', rows: '2' }, value)),
      h('button', { type: 'button', class: 'ghost', onclick: () => row.remove() }, 'Remove block'));
    blocks.append(row);
  };
  addBlock('human', 'Name: unknown.');
  addBlock('persona', 'I am a helpful assistant.');
  const builtins = tools.filter((t) => t.tool_type !== 'letta_core' && t.tool_type !== 'letta_memory_core' && t.tool_type !== 'letta_sleeptime_core');
  const toolBoxes = h('div', { class: 'tool-boxes' }, builtins.map((t) => h('label', {}, h('input', { type: 'checkbox', value: t.name }), ' ', t.name)));
  const message = h('div');
  const form = h('form', { method: 'dialog', class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    const body = {
      name: name.value.trim(),
      model: model.value || undefined,
      embedding: embedding.value || undefined,
      tags: tags.value.split(',').map((t) => t.trim()).filter(Boolean),
      memory_blocks: [...blocks.querySelectorAll('.block-row')].map((r) => {
        const b = { label: r.querySelector('.b-label').value.trim(), value: r.querySelector('.b-value').value };
        const limit = r.querySelector('.b-limit').value;
        if (limit) b.limit = Number(limit);
        return b;
      }),
      tools: [...toolBoxes.querySelectorAll('input:checked')].map((i) => i.value),
    };
    try {
      const agent = await post('/v1/agents/', body);
      dialog.close();
      onCreated(agent);
    } catch (err) {
      clear(message, note('error', err.message));
    }
  } },
    h('h2', { id: 'create-title' }, 'New agent'),
    h('label', {}, 'Name', name),
    h('div', { class: 'row' }, h('label', {}, 'Model', model), h('label', {}, 'Embedding', embedding)),
    h('label', {}, 'Tags', tags),
    h('h3', {}, 'Memory blocks'), blocks, h('button', { type: 'button', onclick: () => addBlock() }, 'Add block'),
    h('h3', {}, 'Tools'), h('p', { class: 'muted small' }, 'The memory tools come with every agent; pick more here.'), toolBoxes,
    message,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'create-submit' }, 'Create agent'),
      h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel')));
  dialog.append(form);
  dialog.showModal();
  name.focus();
}
