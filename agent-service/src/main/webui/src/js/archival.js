// Archival memory: browse, hybrid search with scores (POST /v1/passages/search), insert, delete; live on the feed.
import { get, post, del, query } from './api.js';
import { h, clear, note, time } from './dom.js';

export function archivalTab(panel, agent, { onEvent }) {
  const text = h('textarea', { id: 'passage-text', rows: '3', 'aria-label': 'Passage text', placeholder: 'Text to remember' });
  const tags = h('input', { id: 'passage-tags', type: 'text', 'aria-label': 'Tags', placeholder: 'tags, comma separated' });
  const insertMessage = h('div');
  const insert = h('form', { class: 'stack', 'aria-label': 'Insert a passage', onsubmit: async (e) => {
    e.preventDefault();
    if (!text.value.trim()) return;
    try {
      await post(`/v1/agents/${agent.id}/archival-memory`, { text: text.value, tags: split(tags.value) });
      text.value = '';
      tags.value = '';
      clear(insertMessage, note('ok', 'Inserted.'));
      load();
    } catch (err) {
      clear(insertMessage, note('error', err.message));
    }
  } }, h('h3', {}, 'Insert'), text, tags, h('button', { type: 'submit', class: 'primary' }, 'Insert passage'), insertMessage);

  const q = h('input', { id: 'archival-query', type: 'search', 'aria-label': 'Search archival memory', placeholder: 'search (hybrid: vectors + BM25)' });
  const results = h('div', { id: 'archival-results' });
  const search = h('form', { class: 'row', role: 'search', onsubmit: async (e) => {
    e.preventDefault();
    if (!q.value.trim()) {
      load();
      return;
    }
    try {
      const hits = await post('/v1/passages/search', { agent_id: agent.id, query: q.value, limit: 20 });
      clear(results, h('h3', {}, `Results for “${q.value}”`), hits.length ? h('ol', { class: 'passages' }, hits.map((hit) => row(hit.passage, hit.score)))
        : h('p', { class: 'muted' }, 'Nothing found.'));
    } catch (err) {
      clear(results, note('error', err.message));
    }
  } }, q, h('button', { type: 'submit' }, 'Search'));

  clear(panel, h('div', { class: 'two' }, h('div', {}, search, results), insert));
  load();
  onEvent((type) => {
    if ((type === 'passage_created' || type === 'passage_deleted' || type === 'resync') && !q.value.trim()) load();
  });

  async function load() {
    try {
      const passages = await get(`/v1/agents/${agent.id}/archival-memory${query({ limit: 50, ascending: false })}`);
      clear(results, h('h3', {}, 'Passages'), passages.length ? h('ol', { class: 'passages' }, passages.map((p) => row(p)))
        : h('p', { class: 'muted' }, 'Archival memory is empty.'));
    } catch (err) {
      clear(results, note('error', err.message));
    }
  }

  function row(p, score) {
    return h('li', { class: 'passage', dataset: { passageId: p.id } },
      h('p', {}, p.text),
      h('p', { class: 'muted small' },
        score !== undefined ? h('span', { class: 'score' }, `score ${Number(score).toFixed(4)}`) : null, score !== undefined ? ' · ' : null,
        time(p.created_at), p.tags?.length ? ` · ${p.tags.join(', ')}` : ''),
      h('button', { type: 'button', class: 'ghost danger', onclick: async () => {
        try {
          await del(`/v1/agents/${agent.id}/archival-memory/${p.id}`);
          load();
        } catch (err) {
          alert(err.message);
        }
      } }, 'Delete'));
  }
}

function split(s) {
  return s.split(',').map((t) => t.trim()).filter(Boolean);
}
