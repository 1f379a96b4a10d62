// Calls to agent-service's public API from the same origin; the API key (when auth is on) comes from localStorage.
const KEY = 'engram.ade.apiKey';

export function apiKey() {
  return localStorage.getItem(KEY) ?? '';
}

export function setApiKey(key) {
  if (key) localStorage.setItem(KEY, key);
  else localStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

function headers(extra = {}) {
  const h = { ...extra };
  const key = apiKey();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

function detailOf(status, text) {
  try {
    const body = JSON.parse(text);
    const d = body?.detail;
    if (Array.isArray(d)) return d.map((e) => e.msg ?? JSON.stringify(e)).join('; ');
    if (d) return typeof d === 'string' ? d : JSON.stringify(d);
  } catch {
    // not JSON
  }
  return text || `HTTP ${status}`;
}

export async function api(method, path, body, { signal, raw } = {}) {
  const init = { method, headers: headers(), signal };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (raw && res.ok) return res;
  const text = await res.text();
  if (!res.ok) throw new ApiError(res.status, `${res.status}: ${detailOf(res.status, text)}`);
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body ?? {}, opts);
export const patch = (path, body, opts) => api('PATCH', path, body ?? {}, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    (Array.isArray(v) ? v : [v]).forEach((x) => q.append(k, x));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * Server-sent events over fetch (EventSource cannot send the Authorization header): yields {event, data} per frame,
 * data parsed as JSON when it is JSON.
 */
export async function* sse(method, path, body, signal) {
  const init = { method, headers: headers({ Accept: 'text/event-stream' }), signal };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  if (!res.ok) throw new ApiError(res.status, `${res.status}: ${detailOf(res.status, await res.text())}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, '\n');
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = 'message';
      const data = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (!data.length) continue;
      const text = data.join('\n');
      let parsed = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // [DONE] and other plain frames
      }
      yield { event, data: parsed };
    }
  }
}
