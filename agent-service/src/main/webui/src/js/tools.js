// Tools: the agent's attached tools with their schemas, the organization's others to attach, and a runner for custom tools.
import { get, patch, post, query } from './api.js';
import { h, clear, json, note } from './dom.js';

export function toolsTab(panel, agent) {
  const attached = h('div', { id: 'attached-tools' });
  const others = h('div');
  clear(panel, h('h3', {}, 'Attached'), attached, h('h3', {}, 'Attach another'), others);
  load();

  async function load() {
    try {
      const [mine, all] = await Promise.all([get(`/v1/agents/${agent.id}/tools`), get(`/v1/tools/${query({ limit: 200 })}`)]);
      const ids = new Set(mine.map((t) => t.id));
      clear(attached, mine.length ? mine.map(card) : h('p', { class: 'muted' }, 'No tools attached.'));
      const rest = all.filter((t) => !ids.has(t.id));
      const select = h('select', { 'aria-label': 'Tool to attach' }, rest.map((t) => h('option', { value: t.id }, `${t.name} (${t.tool_type})`)));
      clear(others, rest.length ? h('form', { class: 'row', onsubmit: async (e) => {
        e.preventDefault();
        try {
          await patch(`/v1/agents/${agent.id}/tools/attach/${select.value}`);
          load();
        } catch (err) {
          others.append(note('error', err.message));
        }
      } }, select, h('button', { type: 'submit' }, 'Attach')) : h('p', { class: 'muted' }, 'Every tool is attached.'));
    } catch (e) {
      clear(attached, note('error', e.message));
    }
  }

  function card(t) {
    const custom = t.tool_type === 'custom';
    const out = h('div');
    const args = h('textarea', { rows: '3', 'aria-label': `Arguments for ${t.name}`, spellcheck: 'false' }, example(t.json_schema));
    return h('article', { class: 'tool', dataset: { tool: t.name } },
      h('header', {}, h('h4', {}, h('code', {}, t.name)), h('span', { class: 'badge' }, t.tool_type),
        h('button', { type: 'button', class: 'ghost', onclick: async () => { await patch(`/v1/agents/${agent.id}/tools/detach/${t.id}`); load(); } }, 'Detach')),
      t.description ? h('p', { class: 'small' }, t.description) : null,
      h('details', {}, h('summary', {}, 'JSON schema'), h('pre', {}, json(t.json_schema))),
      custom ? h('details', {}, h('summary', {}, 'Run it'),
        h('form', { class: 'stack', onsubmit: async (e) => {
          e.preventDefault();
          try {
            const r = await post(`/v1/agents/${agent.id}/tools/${t.name}/run`, { args: JSON.parse(args.value || '{}') });
            clear(out, h('p', {}, h('span', { class: `badge ${r.status === 'success' ? 'ok' : 'bad'}` }, r.status)),
              h('pre', {}, json(r.func_return)), r.stdout?.length ? h('pre', {}, r.stdout.join('')) : null,
              r.stderr?.length ? h('pre', { class: 'stderr' }, r.stderr.join('')) : null);
          } catch (err) {
            clear(out, note('error', err.message));
          }
        } }, args, h('button', { type: 'submit' }, 'Run'), out)) : null);
  }
}

function example(schema) {
  const props = schema?.parameters?.properties ?? {};
  const o = {};
  for (const [k, v] of Object.entries(props)) {
    if (k === 'request_heartbeat') continue;
    o[k] = v.type === 'integer' || v.type === 'number' ? 0 : v.type === 'boolean' ? false : '';
  }
  return JSON.stringify(o);
}
