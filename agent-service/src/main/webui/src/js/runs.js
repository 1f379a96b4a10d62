// Runs of the agent with their steps, token usage and times, and each step's provider trace; refreshed when the feed
// reports a run's status.
import { get, query } from './api.js';
import { h, clear, json, note, time } from './dom.js';
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
        const s = await get(`/v1/runs/${r.id}/steps${query({ order: 'asc' })}`);
        const metrics = await Promise.all(s.map((st) => get(`/v1/steps/${st.id}/metrics`).catch(() => null)));
        const body = h('tbody');
        s.forEach((st, i) => stepRows(body, st, i, metrics[i]));
        clear(steps, h('table', { class: 'steps' },
          h('thead', {}, h('tr', {}, ['Step', 'Model', 'Prompt', 'Completion', 'Total', 'Stop', 'Time', ''].map((x) => h('th', {}, x)))),
          body));
      } catch (e) {
        clear(steps, note('error', e.message));
      }
    } }, h('summary', {}, h('span', { class: `badge ${r.status === 'completed' ? 'ok' : r.status === 'failed' ? 'bad' : ''}` }, r.status), ' ',
      time(r.created_at), ' · ', h('code', {}, r.id), r.stop_reason ? ` · ${stopReason(r.stop_reason)}` : ''), steps);
    return h('li', {}, details);
  }
}

// One step: its tokens and times, and the model request and answer it kept (its provider trace) on demand.
function stepRows(body, st, i, m) {
  const trace = h('tr', { class: 'step-trace', hidden: true }, h('td', { colspan: 8 }));
  const button = h('button', { type: 'button', class: 'link', 'aria-expanded': 'false', onclick: async () => {
    const open = trace.hidden;
    trace.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (!open || trace.dataset.loaded) return;
    try {
      const t = await get(`/v1/steps/${st.id}/trace`);
      trace.dataset.loaded = '1';
      clear(trace.firstChild, t === null ? note('muted', 'No trace kept for this step.')
        : h('div', { class: 'trace-pair' },
          h('div', {}, h('h4', {}, 'Request to the model'), h('pre', { class: 'trace-request' }, json(t.request_json))),
          h('div', {}, h('h4', {}, 'Answer'), h('pre', { class: 'trace-response' }, json(t.response_json)))));
    } catch (e) {
      clear(trace.firstChild, note('error', e.message));
    }
  } }, 'Trace');
  body.append(h('tr', {}, h('td', {}, i + 1), h('td', {}, st.model ?? ''), h('td', {}, st.prompt_tokens ?? 0),
    h('td', {}, st.completion_tokens ?? 0), h('td', {}, st.total_tokens ?? 0), h('td', {}, st.stop_reason ?? ''),
    h('td', { class: 'step-time', title: timings(m) }, ms(m?.step_ns)), h('td', {}, button)), trace);
}

function ms(ns) {
  return ns === null || ns === undefined ? '' : `${(ns / 1e6).toFixed(ns < 1e7 ? 1 : 0)} ms`;
}

function timings(m) {
  if (!m) return '';
  const parts = [];
  if (m.llm_request_ns !== null && m.llm_request_ns !== undefined) parts.push(`model ${ms(m.llm_request_ns)}`);
  if (m.tool_execution_ns !== null && m.tool_execution_ns !== undefined) parts.push(`tools ${ms(m.tool_execution_ns)}`);
  return parts.join(', ');
}

