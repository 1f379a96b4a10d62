// The ADE against a suite with auth on (ENGRAM_AUTH=keys), in headless Chromium: the page asks for a key, a wrong
// key gets a clear message, the right one is stored in the browser, and the API calls and the change feed work with
// it, also after a reload. LETTA_API_KEY is the bootstrap admin key, used here only to make a member key.
// Usage: node ade-auth.mjs <screenshot dir>; prints one JSON object (lib.mjs).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './lib.mjs';

const base = process.env.LETTA_BASE_URL;
const admin = process.env.LETTA_API_KEY;
const executablePath = process.env.ADE_CHROMIUM ?? '/usr/bin/chromium';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function call(key, method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  check(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

run(async ([shots = 'ade-screenshots']) => {
  mkdirSync(shots, { recursive: true });
  const key = (await call(admin, 'POST', '/v1/api-keys', { name: 'ade', role: 'member' })).key;
  const embeddings = await call(key, 'GET', '/v1/models/embedding');
  const agent = await call(key, 'POST', '/v1/agents/', {
    name: 'ade-keyed', model: 'openai/gpt-4o-mini', embedding: embeddings[0].handle ?? embeddings[0].embedding_model,
    memory_blocks: [{ label: 'human', value: 'Name: Lee.', limit: 2000 }, { label: 'persona', value: 'A helper.', limit: 2000 }],
  });

  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(30_000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const sentKeys = new Set();
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/v1/agents')) sentKeys.add(r.headers().authorization ?? 'none');
    });
    const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`) });

    // no key yet: the page asks for one
    await page.goto(`${base}/ade/`);
    const message = page.locator('#auth-message');
    await message.waitFor();
    const asked = await message.textContent();
    check(await page.evaluate(() => document.activeElement?.id) === 'api-key', 'the key field has no focus');
    await shot('auth-asks-1280');

    // a wrong key: refused, in plain words
    await page.fill('#api-key', 'engram_wrongwrongwrongwrongwrongwrongwrong00');
    await page.click('#key-form button[type=submit]');
    await page.locator('#auth-message', { hasText: 'refused' }).waitFor();
    const refused = await message.textContent();
    await shot('auth-wrong-1280');

    // the right key: stored, the list and the agent load, the feed is live
    await page.fill('#api-key', key);
    await page.click('#key-form button[type=submit]');
    await page.locator('#agent-list a', { hasText: 'ade-keyed' }).waitFor();
    check(await message.count() === 0, 'the key message stays after a good key');
    const stored = await page.evaluate(() => localStorage.getItem('engram.ade.apiKey'));
    check(stored === key, 'the key is not stored in the browser');
    await page.reload();
    await page.locator('#agent-list a', { hasText: 'ade-keyed' }).click();
    await page.locator('#agent-name', { hasText: 'ade-keyed' }).waitFor();
    await page.locator('#feed-state.live').waitFor();

    // chat with the key, and a block change pushed by the feed
    await page.locator('#trace[data-loaded=true]').waitFor();
    await page.fill('#chat-input', 'Hello with a key.');
    await page.press('#chat-input', 'Enter');
    await page.locator('.msg.assistant', { hasText: 'Hello back, with a key.' }).waitFor();
    await page.locator('.msg.stop[data-stop-reason=end_turn]').waitFor();
    await page.click('#tab-memory');
    await page.locator('.block[data-label=human]').waitFor();
    await call(key, 'PATCH', `/v1/agents/${agent.id}/core-memory/blocks/human`, { value: 'Name: Lee. Keyed.' });
    await page.waitForFunction(() => document.querySelector('.block[data-label=human] .block-value')?.value.includes('Keyed.'));
    await shot('auth-on-1280');

    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
    return {
      agent_id: agent.id, asked, refused, stored: stored === key, sent_keys: [...sentKeys].map((k) => (k === `Bearer ${key}` ? 'the key' : k === 'none' ? 'none' : 'another')),
    };
  } finally {
    await browser.close();
  }
});
