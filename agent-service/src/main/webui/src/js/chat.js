// Chat with the live trace: each SSE frame of a run rendered as it comes (reasoning, tool calls with their arguments,
// tool returns with their status, assistant text, approval requests with approve/deny), then the stop reason in plain
// words and the token usage; conversations as tabs.
import { get, post, sse, query } from './api.js';
import { h, clear, json, note, time } from './dom.js';
import { stopReason } from './words.js';

export function chatTab(panel, agent) {
  let thread = 'default';
  let busy = false;
  const convTabs = h('div', { class: 'conv-tabs', role: 'tablist', 'aria-label': 'Conversations' });
  const trace = h('ol', { class: 'trace', id: 'trace', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const input = h('textarea', { id: 'chat-input', rows: '2', placeholder: 'Message the agent — Enter sends, Shift+Enter for a new line', 'aria-label': 'Message' });
  const send = h('button', { type: 'submit', class: 'primary', id: 'chat-send' }, 'Send');
  const form = h('form', { class: 'composer', onsubmit: (e) => { e.preventDefault(); submit(); } }, input, send);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  clear(panel, convTabs, trace, form);
  let history = Promise.resolve();
  loadConversations();
  loadHistory();

  async function loadConversations() {
    let convs = [];
    try {
      convs = await get(`/v1/conversations/${query({ agent_id: agent.id, limit: 50 })}`);
    } catch {
      // an older server without conversations: the agent's own thread only
    }
    const tab = (id, label) => h('button', {
      type: 'button', role: 'tab', 'aria-selected': String(id === thread), class: id === thread ? 'current' : null, dataset: { conversation: id },
      onclick: () => { if (busy) return; thread = id; loadConversations(); loadHistory(); },
    }, label);
    clear(convTabs, tab('default', 'Main thread'), convs.map((c, i) => tab(c.id, c.summary || `Conversation ${convs.length - i}`)),
      h('button', { type: 'button', class: 'ghost', onclick: newConversation, 'aria-label': 'New conversation' }, '+ New'));
  }

  async function newConversation() {
    try {
      const c = await post(`/v1/conversations/${query({ agent_id: agent.id })}`, {});
      thread = c.id;
      loadConversations();
      loadHistory();
    } catch (e) {
      trace.append(h('li', {}, note('error', e.message)));
    }
  }

  function loadHistory() {
    history = readHistory();
    return history;
  }

  async function readHistory() {
    const shown = thread;
    clear(trace, h('li', { class: 'muted' }, 'Loading…'));
    trace.removeAttribute('data-loaded');
    trace.dataset.thread = shown;
    try {
      // the agent's messages route lists every conversation's messages; `default` with agent_id is the main thread only
      const messages = await get(`/v1/conversations/${shown}/messages${query({ agent_id: shown === 'default' ? agent.id : undefined, limit: 100, order: 'desc' })}`);
      // another tab was picked meanwhile: its own read draws the trace
      if (shown !== thread) return;
      clear(trace);
      for (const m of [...messages].reverse()) render(m, true);
      if (!messages.length) trace.append(h('li', { class: 'muted empty-trace' }, 'No messages yet.'));
      trace.scrollTop = trace.scrollHeight;
      trace.dataset.loaded = 'true';
    } catch (e) {
      if (shown === thread) clear(trace, h('li', {}, note('error', e.message)));
    }
  }

  async function submit(body) {
    const text = input.value.trim();
    if (busy || (!body && !text)) return;
    busy = true;
    send.disabled = true;
    // the thread's history first, so that what this message streams lands after it
    await history.catch(() => {});
    trace.querySelector('.empty-trace')?.remove();
    if (!body) {
      render({ message_type: 'user_message', content: text });
      input.value = '';
      body = { messages: [{ role: 'user', content: text }] };
    }
    const path = thread === 'default' ? `/v1/agents/${agent.id}/messages` : `/v1/conversations/${thread}/messages`;
    try {
      for await (const frame of sse('POST', path, { ...body, streaming: true }, undefined)) {
        if (frame.event === 'error') render({ message_type: 'error_frame', detail: frame.data?.detail ?? frame.data?.message ?? json(frame.data) });
        else if (frame.data && typeof frame.data === 'object') render(frame.data);
      }
    } catch (e) {
      render({ message_type: 'error_frame', detail: e.message });
    } finally {
      busy = false;
      send.disabled = false;
      input.focus();
    }
  }

  function approve(call, ok) {
    const reason = ok ? undefined : prompt('Reason for denying (optional)') || undefined;
    if (!ok) {
      render({ message_type: 'denial', name: call.name, tool_call_id: call.tool_call_id, reason });
    }
    submit({ messages: [{ type: 'approval', approvals: [{ type: 'approval', tool_call_id: call.tool_call_id, approve: ok, reason }] }] });
  }

  function render(m, history = false) {
    const item = item0(m, history);
    if (!item) return;
    trace.append(item);
    item.scrollIntoView({ block: 'nearest' });
  }

  function calls(m) {
    if (Array.isArray(m.tool_calls) && m.tool_calls.length) return m.tool_calls;
    return m.tool_call ? [m.tool_call] : [];
  }

  function item0(m, history) {
    const when = m.date ? h('time', { datetime: m.date }, time(m.date)) : null;
    switch (m.message_type) {
      case 'system_message':
        return h('li', { class: 'msg system' }, h('details', {}, h('summary', {}, 'System prompt'), h('pre', {}, m.content)));
      case 'user_message':
        return h('li', { class: 'msg user' }, h('span', { class: 'who' }, 'You'), when, h('div', { class: 'text' }, text(m.content)));
      case 'assistant_message':
        return h('li', { class: 'msg assistant' }, h('span', { class: 'who' }, agent.name), when, h('div', { class: 'text' }, text(m.content)));
      case 'reasoning_message':
        return h('li', { class: 'msg reasoning' }, h('span', { class: 'who' }, 'Reasoning'), h('div', { class: 'text' }, m.reasoning));
      case 'hidden_reasoning_message':
        return h('li', { class: 'msg reasoning' }, h('span', { class: 'who' }, 'Reasoning (hidden by the provider)'));
      case 'tool_call_message':
        return h('li', { class: 'msg tool-call' }, calls(m).map((c) =>
          h('div', { class: 'call', dataset: { toolCallId: c.tool_call_id ?? '' } },
            h('span', { class: 'who' }, 'Tool call'), ' ', h('code', { class: 'tool-name' }, c.name),
            h('pre', { class: 'args' }, json(c.arguments)), h('span', { class: 'muted small' }, c.tool_call_id))));
      case 'tool_return_message': {
        const ok = m.status !== 'error';
        return h('li', { class: `msg tool-return ${ok ? 'ok' : 'failed'}` },
          h('span', { class: 'who' }, 'Tool return'), ' ', h('span', { class: `badge ${ok ? 'ok' : 'bad'}` }, m.status ?? 'success'),
          ' ', h('span', { class: 'muted small' }, m.tool_call_id),
          h('pre', {}, typeof m.tool_return === 'string' ? m.tool_return : json(m.tool_return)),
          m.stderr?.length ? h('pre', { class: 'stderr' }, m.stderr.join('\n')) : null);
      }
      case 'approval_request_message': {
        const li = h('li', { class: 'msg approval' }, h('span', { class: 'who' }, 'Approval needed'));
        for (const c of calls(m)) {
          li.append(h('div', { class: 'call' }, h('code', { class: 'tool-name' }, c.name), h('pre', { class: 'args' }, json(c.arguments)),
            history ? null : h('div', { class: 'actions' },
              h('button', { type: 'button', class: 'primary', onclick: (e) => { e.target.parentElement.remove(); approve(c, true); } }, 'Approve'),
              h('button', { type: 'button', class: 'danger', onclick: (e) => { e.target.parentElement.remove(); approve(c, false); } }, 'Deny'))));
        }
        return li;
      }
      case 'approval_response_message':
        return h('li', { class: 'msg system' }, h('span', { class: 'who' }, 'Approval answered'), ' ',
          (m.approvals ?? []).map((a) => `${a.tool_call_id}: ${a.approve === false ? 'denied' : 'approved'}`).join(', '));
      case 'denial':
        return h('li', { class: 'msg denial', dataset: { toolCallId: m.tool_call_id ?? '' } }, h('span', { class: 'who' }, 'You denied'), ' ',
          h('code', { class: 'tool-name' }, m.name), m.reason ? ` — reason: ${m.reason}` : ' (no reason given)');
      case 'stop_reason':
        return h('li', { class: `msg stop ${m.stop_reason === 'end_turn' ? 'ok' : ''}`, dataset: { stopReason: m.stop_reason } }, stopReason(m.stop_reason));
      case 'usage_statistics':
        return h('li', { class: 'msg usage' }, `${m.step_count ?? '?'} step(s) · ${m.prompt_tokens ?? 0} prompt + ${m.completion_tokens ?? 0} completion = ${m.total_tokens ?? 0} tokens`);
      case 'error_frame':
        return h('li', { class: 'msg' }, note('error', m.detail));
      case 'ping':
        return null;
      default:
        return m.message_type ? h('li', { class: 'msg system' }, h('span', { class: 'who' }, m.message_type), h('pre', {}, json(m))) : null;
    }
  }
}

function text(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => c.text ?? '').join('');
  return json(content);
}
