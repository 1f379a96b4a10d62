// Core memory: every block with its label, description, characters used against the limit, read-only badge; inline
// edit with the server's validation message; live updates from the change feed; the block's history as diffs.
import { get, patch, query } from './api.js';
import { h, clear, note, time } from './dom.js';
import { diff } from './diff.js';

export function memoryTab(panel, agent, { onEvent }) {
  const cards = new Map();
  const list = h('div', { class: 'blocks', id: 'blocks' });
  clear(panel, h('p', { class: 'muted' }, 'The blocks the agent sees in every prompt. They update here as soon as the agent edits them.'), list);
  load();
  onEvent((type, data) => {
    if (type === 'resync') load();
    if (type !== 'block_updated') return;
    const card = cards.get(data.block.id);
    if (!card) {
      load();
      return;
    }
    if (data.truncated) get(`/v1/blocks/${data.block.id}`).then((b) => card.update(b, data));
    else card.update(data.block, data);
  });

  async function load() {
    try {
      const blocks = await get(`/v1/agents/${agent.id}/core-memory/blocks`);
      cards.clear();
      clear(list, blocks.map((b) => {
        const card = blockCard(b);
        cards.set(b.id, card);
        return card.el;
      }));
      if (!blocks.length) list.append(h('p', { class: 'muted' }, 'This agent has no memory blocks.'));
    } catch (e) {
      clear(list, note('error', e.message));
    }
  }
}

function blockCard(block) {
  let b = block;
  let editing = false;
  const value = h('textarea', { class: 'block-value', rows: '5', readOnly: true, 'aria-label': `Value of ${b.label}`, spellcheck: 'false' });
  const bar = h('div', { class: 'meter', role: 'meter', 'aria-label': 'Characters used' }, h('div', { class: 'fill' }));
  const count = h('span', { class: 'count small' });
  const message = h('div', { class: 'messages' });
  const history = h('div', { class: 'history' });
  const edit = h('button', { type: 'button', class: 'edit' }, 'Edit');
  const save = h('button', { type: 'button', class: 'primary save', hidden: true }, 'Save');
  const cancel = h('button', { type: 'button', class: 'cancel', hidden: true }, 'Cancel');
  const historyButton = h('button', { type: 'button', class: 'ghost', 'aria-expanded': 'false' }, 'History');
  const el = h('article', { class: 'block', dataset: { label: b.label, blockId: b.id }, 'aria-labelledby': `block-${b.id}` },
    h('header', {},
      h('h3', { id: `block-${b.id}` }, b.label),
      b.read_only ? h('span', { class: 'badge', title: 'The agent cannot change this block' }, 'read-only') : null,
      h('span', { class: 'live-flag small', 'aria-live': 'polite' })),
    b.description ? h('p', { class: 'muted small' }, b.description) : null,
    value, h('div', { class: 'usage' }, bar, count), message,
    h('div', { class: 'actions' }, edit, save, cancel, historyButton), history);

  function show() {
    value.value = b.value ?? '';
    meter(value.value.length);
  }

  function meter(n) {
    const pct = Math.min(100, (n / Math.max(1, b.limit)) * 100);
    bar.firstChild.style.width = `${pct}%`;
    bar.classList.toggle('over', n > b.limit);
    bar.setAttribute('aria-valuenow', String(n));
    bar.setAttribute('aria-valuemax', String(b.limit));
    count.textContent = `${n.toLocaleString()} / ${b.limit.toLocaleString()} characters`;
  }

  function mode(on) {
    editing = on;
    value.readOnly = !on;
    edit.hidden = on;
    save.hidden = !on;
    cancel.hidden = !on;
    if (on) value.focus();
  }

  value.addEventListener('input', () => {
    meter(value.value.length);
    clear(message, value.value.length > b.limit
      ? note('warn', `${(value.value.length - b.limit).toLocaleString()} characters over the limit of ${b.limit.toLocaleString()}`) : null);
  });
  value.addEventListener('keydown', (e) => {
    if (!editing) return;
    if (e.key === 'Escape') cancel.click();
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save.click();
  });
  edit.addEventListener('click', () => {
    if (b.read_only) {
      clear(message, note('warn', 'This block is read-only for the agent; you can still change it here.'));
    }
    mode(true);
  });
  cancel.addEventListener('click', () => {
    mode(false);
    clear(message);
    show();
  });
  save.addEventListener('click', async () => {
    save.disabled = true;
    try {
      b = await patch(`/v1/blocks/${b.id}`, { value: value.value });
      mode(false);
      show();
      clear(message, note('ok', 'Saved.'));
      if (historyButton.getAttribute('aria-expanded') === 'true') loadHistory();
    } catch (e) {
      clear(message, note('error', e.message));
    } finally {
      save.disabled = false;
    }
  });
  historyButton.addEventListener('click', () => {
    const open = historyButton.getAttribute('aria-expanded') !== 'true';
    historyButton.setAttribute('aria-expanded', String(open));
    if (open) loadHistory();
    else clear(history);
  });

  async function loadHistory() {
    try {
      const entries = await get(`/v1/blocks/${b.id}/history${query({ limit: 100 })}`);
      clear(history, entries.length ? h('ol', { class: 'changes', reversed: true }, [...entries].reverse().map(change))
        : h('p', { class: 'muted small' }, 'No changes recorded.'));
    } catch (e) {
      clear(history, note('error', e.message));
    }
  }

  show();
  return {
    el,
    update(next, event) {
      b = { ...b, ...next };
      const flag = el.querySelector('.live-flag');
      flag.textContent = event?.source === 'tool' ? `updated by the agent (${event.tool_call_id})` : 'changed through the API';
      el.classList.remove('flash');
      void el.offsetWidth;
      el.classList.add('flash');
      if (editing) {
        clear(message, note('warn', 'The block changed while you were editing; Cancel shows the new value.'));
      } else {
        show();
      }
      if (historyButton.getAttribute('aria-expanded') === 'true') loadHistory();
    },
  };
}

function change(c) {
  return h('li', { class: 'change' },
    h('p', { class: 'small' },
      h('strong', {}, `v${c.version} ${c.operation ?? ''}`), ' · ', time(c.created_at),
      c.agent_id ? [' · agent ', h('code', {}, c.agent_id)] : null,
      c.actor_id ? [' · by ', h('code', {}, c.actor_id)] : null,
      c.tool_call_id ? [' · tool call ', h('code', {}, c.tool_call_id)] : null,
      c.reason ? [' · ', h('em', {}, c.reason)] : null),
    h('pre', { class: 'diff' }, diff(c.before ?? '', c.after ?? '').map(([op, t]) =>
      op === '=' ? t : h(op === '+' ? 'ins' : 'del', {}, t))));
}
