import { get, post, del, api, query, apiKey, setApiKey } from './api.js';
import { h, clear, note } from './dom.js';
import { Feed } from './feed.js';
import { chatTab } from './chat.js';
import { memoryTab } from './memory.js';
import { archivalTab } from './archival.js';
import { contextTab } from './context.js';
import { toolsTab } from './tools.js';
import { runsTab } from './runs.js';
import { createAgentDialog } from './create.js';

const TABS = [
  ['chat', 'Chat', chatTab],
  ['memory', 'Core memory', memoryTab],
  ['archival', 'Archival', archivalTab],
  ['context', 'Context', contextTab],
  ['tools', 'Tools', toolsTab],
  ['runs', 'Runs', runsTab],
];

const state = { agents: [], agent: null, tab: 'chat', feed: null, feedState: ['…', ''], listeners: new Set(), view: null, search: '', tags: '' };
const sidebar = document.getElementById('sidebar');
const main = document.getElementById('main');
const status = document.getElementById('server-status');

/** Tabs register here for the agent's feed events while they are shown. */
export function onAgentEvent(listener) {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

function setupKey() {
  const input = document.getElementById('api-key');
  input.value = apiKey();
  document.getElementById('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    setApiKey(input.value.trim());
    input.value = apiKey();
    state.agent = null;
    boot();
  });
}

async function boot() {
  try {
    const health = await get('/v1/health/');
    status.textContent = `agent-service ${health.version ?? ''} ok`;
    status.className = 'status ok';
  } catch (e) {
    status.textContent = `server: ${e.message}`;
    status.className = 'status bad';
  }
  await loadAgents();
  route();
}

async function loadAgents() {
  const list = h('ul', { class: 'agents', id: 'agent-list' });
  try {
    const tags = state.tags.split(',').map((t) => t.trim()).filter(Boolean);
    state.agents = await get(`/v1/agents/${query({ query_text: state.search, tags, match_all_tags: tags.length ? true : undefined, limit: 100 })}`);
    showKeyState(null);
    renderSidebar(list);
  } catch (e) {
    showKeyState(e);
    renderSidebar(list, e);
  }
}

/** With auth on, say plainly whether a key is missing or refused, next to the key field. */
function showKeyState(error) {
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  document.getElementById('auth-message')?.remove();
  const refused = error?.status === 401 || error?.status === 403;
  form.classList.toggle('needed', refused);
  if (!refused) return;
  const text = error.status === 403
    ? `This key may not do that (${error.message}).`
    : apiKey()
      ? `The API key was refused (${error.message}). Check it and save it again.`
      : 'This server needs an API key: paste yours in the API key field and save it.';
  form.after(h('p', { id: 'auth-message', class: 'note error', role: 'alert' }, text));
  input.focus();
}

function renderSidebar(list, error) {
  const search = h('input', { id: 'agent-search', type: 'search', placeholder: 'name', value: state.search, 'aria-label': 'Search agents by name' });
  const tags = h('input', { id: 'agent-tags', type: 'search', placeholder: 'tags, comma separated', value: state.tags, 'aria-label': 'Filter by tags' });
  const form = h('form', { class: 'search', role: 'search', onsubmit: (e) => { e.preventDefault(); state.search = search.value.trim(); state.tags = tags.value.trim(); loadAgents(); } },
    search, tags, h('button', { type: 'submit' }, 'Search'));
  const file = h('input', { type: 'file', accept: '.af,.json,application/json', id: 'import-file', class: 'visually-hidden', tabindex: '-1',
    'aria-hidden': 'true', onchange: () => importAgent(file) });
  for (const a of state.agents) {
    const current = state.agent?.id === a.id;
    list.append(h('li', {},
      h('a', { href: `#/agents/${a.id}/${state.tab}`, 'aria-current': current ? 'page' : null, class: current ? 'current' : null },
        h('span', { class: 'name' }, a.name), a.tags?.length ? h('span', { class: 'tags' }, a.tags.join(', ')) : null)));
  }
  clear(sidebar,
    h('div', { class: 'side-head' },
      h('h2', {}, 'Agents'),
      h('button', { id: 'new-agent', type: 'button', class: 'primary', onclick: () => createAgentDialog(created) }, 'New agent')),
    form,
    error ? note('error', error.message) : state.agents.length ? list : h('p', { class: 'muted' }, 'No agents yet.'),
    h('div', { class: 'side-foot' }, h('button', { type: 'button', id: 'import-agent', onclick: () => file.click() }, 'Import Agent File…'), file));
}

async function created(agent) {
  await loadAgents();
  location.hash = `#/agents/${agent.id}/chat`;
}

async function importAgent(input) {
  const f = input.files?.[0];
  if (!f) return;
  const form = new FormData();
  form.append('file', f, f.name);
  try {
    const out = await api('POST', '/v1/agents/import', form);
    await loadAgents();
    if (out?.agent_ids?.[0]) location.hash = `#/agents/${out.agent_ids[0]}/chat`;
  } catch (e) {
    alert(`Import failed: ${e.message}`);
  }
  input.value = '';
}

async function route() {
  const m = location.hash.match(/^#\/agents\/([^/]+)(?:\/(\w+))?/);
  if (!m) {
    closeFeed();
    state.agent = null;
    clear(main, h('section', { class: 'empty' }, h('h2', {}, 'Engram ADE'),
      h('p', {}, 'Pick an agent on the left, or create one. Everything here goes through the public API of this server.')));
    return;
  }
  const [, id, tab] = m;
  state.tab = TABS.some(([t]) => t === tab) ? tab : 'chat';
  if (state.agent?.id !== id) {
    try {
      state.agent = await get(`/v1/agents/${id}${query({ include: ['agent.blocks', 'agent.tools', 'agent.tags'] })}`);
    } catch (e) {
      clear(main, note('error', e.message));
      return;
    }
    openFeed(id);
    renderSidebarSelection();
  }
  renderAgent();
}

function renderSidebarSelection() {
  for (const a of sidebar.querySelectorAll('.agents a')) {
    const current = a.getAttribute('href').startsWith(`#/agents/${state.agent.id}/`);
    a.classList.toggle('current', current);
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function openFeed(id) {
  closeFeed();
  state.feedState = ['…', ''];
  state.feed = new Feed(id, (type, data) => state.listeners.forEach((l) => l(type, data)), (s, why) => {
    // back after an outage: events in between are lost, so the views read the current state again
    if (s === 'live' && (state.feedState[0] === 'offline' || state.feedState[0] === 'reconnecting')) {
      state.listeners.forEach((l) => l('resync', {}));
    }
    state.feedState = [s, why ?? ''];
    showFeedState();
  });
}

function showFeedState() {
  const dot = document.getElementById('feed-state');
  if (dot) {
    const [s, why] = state.feedState;
    dot.textContent = s;
    dot.title = why;
    dot.className = `feed ${s}`;
  }
}

function closeFeed() {
  state.feed?.close();
  state.feed = null;
}

function renderAgent() {
  const a = state.agent;
  state.view?.dispose?.();
  state.listeners.clear();
  const panel = h('section', { id: 'panel', role: 'tabpanel', 'aria-labelledby': `tab-${state.tab}`, tabindex: '-1' });
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Agent views', onkeydown: tabKeys },
    TABS.map(([t, label]) => h('button', {
      type: 'button', role: 'tab', id: `tab-${t}`, 'aria-selected': String(t === state.tab), tabindex: t === state.tab ? '0' : '-1',
      onclick: () => { location.hash = `#/agents/${a.id}/${t}`; },
    }, label)));
  clear(main,
    h('div', { class: 'agent-head' },
      h('div', {},
        h('h2', { id: 'agent-name' }, a.name),
        h('p', { class: 'muted small' }, h('code', {}, a.id), ' · ', a.model ?? a.llm_config?.handle ?? '', ' · ', a.embedding ?? a.embedding_config?.handle ?? '',
          ' · feed ', h('span', { id: 'feed-state', class: 'feed', 'aria-live': 'polite' }, '…'))),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => exportAgent(a) }, 'Export'),
        h('button', { type: 'button', class: 'danger', onclick: () => deleteAgent(a) }, 'Delete'))),
    tabs, panel);
  showFeedState();
  const [, , render] = TABS.find(([t]) => t === state.tab);
  state.view = render(panel, a, { onEvent: onAgentEvent }) ?? null;
}

function tabKeys(e) {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const buttons = [...e.currentTarget.querySelectorAll('[role=tab]')];
  const i = buttons.indexOf(document.activeElement);
  if (i < 0) return;
  const next = buttons[(i + (e.key === 'ArrowRight' ? 1 : buttons.length - 1)) % buttons.length];
  next.focus();
  next.click();
}

async function exportAgent(a) {
  try {
    const file = await get(`/v1/agents/${a.id}/export`);
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }));
    const link = h('a', { href: url, download: `${a.name}.af` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    alert(`Export failed: ${e.message}`);
  }
}

async function deleteAgent(a) {
  if (!confirm(`Delete agent ${a.name}? Its memory goes with it.`)) return;
  try {
    await del(`/v1/agents/${a.id}`);
    state.agent = null;
    location.hash = '#/';
    await loadAgents();
  } catch (e) {
    alert(`Delete failed: ${e.message}`);
  }
}

window.addEventListener('hashchange', route);
setupKey();
boot();
export { post };
