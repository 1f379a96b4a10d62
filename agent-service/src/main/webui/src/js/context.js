// The context window by section (GET /v1/agents/{id}/context), drawn as one bar.
import { get } from './api.js';
import { h, clear, note } from './dom.js';

const SECTIONS = [
  ['num_tokens_system', 'System prompt'],
  ['num_tokens_core_memory', 'Core memory'],
  ['num_tokens_external_memory_summary', 'Memory metadata'],
  ['num_tokens_tool_usage_rules', 'Tool rules'],
  ['num_tokens_summary_memory', 'Summary'],
  ['num_tokens_functions_definitions', 'Tool schemas'],
  ['num_tokens_messages', 'Messages'],
];

export function contextTab(panel, agent) {
  clear(panel, h('p', { class: 'muted' }, 'Loading…'));
  get(`/v1/agents/${agent.id}/context`).then((c) => {
    const max = c.context_window_size_max || 1;
    const used = c.context_window_size_current ?? SECTIONS.reduce((s, [k]) => s + (c[k] ?? 0), 0);
    clear(panel,
      h('p', {}, h('strong', {}, used.toLocaleString()), ` of ${max.toLocaleString()} tokens in the window (${((used / max) * 100).toFixed(1)}%)`),
      h('div', { class: 'window', role: 'meter', 'aria-label': 'Context window used', 'aria-valuenow': String(used), 'aria-valuemax': String(max) },
        h('div', { class: 'fill', style: `width:${Math.min(100, (used / max) * 100)}%` })),
      h('h3', {}, 'By section'),
      h('div', { class: 'stacked', role: 'img', 'aria-label': SECTIONS.map(([k, label]) => `${label} ${c[k] ?? 0}`).join(', ') },
        SECTIONS.map(([k, label], i) => (c[k] ? h('span', { class: `seg s${i}`, style: `width:${(c[k] / Math.max(1, used)) * 100}%`, title: `${label}: ${c[k]}` }) : null))),
      h('table', { class: 'legend' }, h('thead', {}, h('tr', {}, h('th', {}, 'Section'), h('th', {}, 'Tokens'), h('th', {}, 'Share'))),
        h('tbody', {}, SECTIONS.map(([k, label], i) => h('tr', {}, h('td', {}, h('span', { class: `swatch s${i}` }), label), h('td', {}, (c[k] ?? 0).toLocaleString()), h('td', { class: 'muted' }, used ? `${(((c[k] ?? 0) / used) * 100).toFixed(0)}%` : ''))))),
      h('p', { class: 'muted small' }, `${c.num_messages ?? 0} messages in context · ${c.num_recall_memory ?? 0} in recall memory · ${c.num_archival_memory ?? 0} archival passages`),
      h('details', {}, h('summary', {}, 'System prompt as compiled'), h('pre', {}, c.system_prompt ?? '')));
  }, (e) => clear(panel, note('error', e.message)));
}
