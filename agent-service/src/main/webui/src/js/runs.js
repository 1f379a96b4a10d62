// Runs of the agent with their steps and token usage; refreshed when the feed reports a run's status.
import { get, query } from './api.js';
import { h, clear, note, time } from './dom.js';
import { stopReason } from './words.js';

export function runsTab(panel, agent, { onEvent }) {
  const list = h('ol', { class: 'runs', id: 'runs' });
  clear(panel, list);
  load();
  onEvent((type) => {
    if (type === 'run_status' || type === 'resync') load();
  });

  async function load() {
    try {
      const runs = await get(`/v1/runs/${query({ agent_id: agent.id, limit: 30, order: 'desc' })}`);
      clear(list, runs.length ? runs.map(row) : h('li', { class: 'muted' }, 'No runs yet.'));
    } catch (e) {
      clear(list, h('li', {}, note('error', e.message)));
    }
  }

  function row(r) {
    const steps = h('div');
    const details = h('details', { ontoggle: async () => {
      if (!details.open || steps.childElementCount) return;
      try {
        const s = await get(`/v1/runs/${r.id}/steps`);
        clear(steps, h('table', { class: 'steps' },
          h('thead', {}, h('tr', {}, ['Step', 'Model', 'Prompt', 'Completion', 'Total', 'Stop'].map((x) => h('th', {}, x)))),
          h('tbody', {}, s.map((st, i) => h('tr', {}, h('td', {}, i + 1), h('td', {}, st.model ?? ''), h('td', {}, st.prompt_tokens ?? 0),
            h('td', {}, st.completion_tokens ?? 0), h('td', {}, st.total_tokens ?? 0), h('td', {}, st.stop_reason ?? ''))))));
      } catch (e) {
        clear(steps, note('error', e.message));
      }
    } }, h('summary', {}, h('span', { class: `badge ${r.status === 'completed' ? 'ok' : r.status === 'failed' ? 'bad' : ''}` }, r.status), ' ',
      time(r.created_at), ' · ', h('code', {}, r.id), r.stop_reason ? ` · ${stopReason(r.stop_reason)}` : ''), steps);
    return h('li', {}, details);
  }
}
