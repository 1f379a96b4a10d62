// The ADE in real headless Chromium (Debian's /usr/bin/chromium through playwright-core): create an agent, chat with
// the scripted LLM and see the tool call in the trace, see a block change live without a reload, edit a block inline
// (a 422 for an over-limit value, then a good one), search archival memory. Screenshots go to the directory given.
// Usage: node ade.mjs <screenshot dir>; prints one JSON object (lib.mjs).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './lib.mjs';

const base = process.env.LETTA_BASE_URL;
const executablePath = process.env.ADE_CHROMIUM ?? '/usr/bin/chromium';

function check(condition, message) {
  if (!condition) throw new Error(message);
}

run(async ([shots = 'ade-screenshots']) => {
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const outside = [];
  const screenshots = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    // nothing may come from anywhere but agent-service
    const origin = new URL(base).origin;
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) outside.push(u);
    });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const shot = async (name, fullPage = false) => {
      const path = join(shots, `${name}.png`);
      await page.screenshot({ path, fullPage });
      screenshots.push(path);
    };

    // / leads to the ADE
    await page.goto(`${base}/`);
    check(new URL(page.url()).pathname === '/ade/', `/ led to ${page.url()}`);
    await page.locator('#server-status.ok').waitFor();

    // create an agent: model and embedding from /v1/models, an extra block with a small limit
    await page.click('#new-agent');
    await page.fill('#new-name', 'ade-e2e');
    const models = await page.locator('#new-model option').evaluateAll((os) => os.map((o) => o.value));
    check(models.includes('openai/gpt-4o-mini'), `model picker offers ${models}`);
    await page.selectOption('#new-model', 'openai/gpt-4o-mini');
    check(await page.locator('#new-embedding option').count() > 0, 'the embedding picker is empty');
    await page.click('text=Add block');
    const row = page.locator('.block-row').nth(2);
    await row.locator('.b-label').fill('notes');
    await row.locator('.b-limit').fill('60');
    await row.locator('.b-value').fill('Short notes.');
    await page.fill('#new-tags', 'e2e');
    await page.click('#create-submit');
    await page.locator('#agent-name', { hasText: 'ade-e2e' }).waitFor();
    const agentId = page.url().match(/agents\/(agent-[^/]+)/)[1];
    await page.locator('#feed-state.live').waitFor();
    await page.evaluate(() => { window.__adeNoReload = true; });

    // the list finds it by name and by tag
    await page.fill('#agent-search', 'ade-e2e');
    await page.click('.search button[type=submit]');
    await page.locator('#agent-list a', { hasText: 'ade-e2e' }).waitFor();

    // chat: Enter sends; the scripted model calls memory_insert, then answers
    await page.fill('#chat-input', 'Remember that I like green tea.');
    await page.press('#chat-input', 'Enter');
    await page.locator('.msg.user', { hasText: 'Remember that I like green tea.' }).waitFor();
    const call = page.locator('.msg.tool-call .call').first();
    await call.waitFor();
    check((await call.locator('.tool-name').textContent()) === 'memory_insert', 'the trace shows no memory_insert call');
    check((await call.locator('.args').textContent()).includes('Likes green tea.'), 'the tool call arguments are not shown');
    await page.locator('.msg.tool-return .badge.ok', { hasText: 'success' }).waitFor();
    await page.locator('.msg.assistant', { hasText: 'Noted: green tea.' }).waitFor();
    const stop = page.locator('.msg.stop[data-stop-reason=end_turn]');
    await stop.waitFor();
    const stopText = await stop.textContent();
    await page.locator('.msg.usage').waitFor();
    check(await page.locator('.msg.user', { hasText: 'Remember that I like green tea.' }).count() === 1, 'the message sent is not in the trace once');
    await shot('chat-1280');

    // core memory: the block changes while the page is open, by the agent, with no reload
    await page.click('#tab-memory');
    const human = page.locator('.block[data-label=human]');
    await human.waitFor();
    check((await human.locator('.block-value').inputValue()).includes('Likes green tea.'), 'the human block lacks the first edit');
    const response = await fetch(`${base}/v1/agents/${agentId}/messages`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Actually, black tea.' }] }),
    });
    check(response.ok, `the message outside the page failed: ${response.status}`);
    await page.waitForFunction(() => document.querySelector('.block[data-label=human] .block-value')?.value.includes('black tea'));
    await human.locator('.live-flag', { hasText: 'call_ade_2' }).waitFor();
    check(await page.evaluate(() => window.__adeNoReload === true), 'the page was reloaded');

    // history: the agent's edits with their tool call ids
    await human.locator('button', { hasText: 'History' }).click();
    await human.locator('.changes', { hasText: 'call_ade_1' }).waitFor();
    await human.locator('.changes ins', { hasText: 'black' }).waitFor();

    // inline edit: over the limit is the server's 422, a good value is saved
    const notes = page.locator('.block[data-label=notes]');
    await notes.locator('button.edit').click();
    await notes.locator('.block-value').fill('x'.repeat(80));
    await notes.locator('.note.warn').waitFor();
    await notes.locator('button.save').click();
    const refusal = notes.locator('.note.error');
    await refusal.waitFor();
    const refusalText = await refusal.textContent();
    check(refusalText.includes('422') && refusalText.includes('60 character limit'), `over-limit message: ${refusalText}`);
    await shot('memory-422-1280');
    await notes.locator('.block-value').fill('Tea at four.');
    await notes.locator('button.save').click();
    await notes.locator('.note.ok', { hasText: 'Saved.' }).waitFor();
    check((await notes.locator('.block-value').inputValue()) === 'Tea at four.', 'the saved value is not shown');
    await human.locator('.block-value').evaluate((el) => el.scrollIntoView());
    await shot('memory-1280');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('memory-full-1280', true);

    // archival: insert, then hybrid search with scores
    await page.click('#tab-archival');
    await page.fill('#passage-text', 'The product launch is on Friday at noon.');
    await page.fill('#passage-tags', 'launch');
    await page.click('text=Insert passage');
    await page.locator('.passage', { hasText: 'The product launch is on Friday at noon.' }).waitFor();
    await page.fill('#archival-query', 'when is the launch');
    await page.press('#archival-query', 'Enter');
    const hit = page.locator('#archival-results .passage', { hasText: 'Friday at noon' });
    await hit.waitFor();
    const score = await hit.locator('.score').textContent();
    await shot('archival-1280');

    // context window by section; tools with their schemas
    await page.click('#tab-context');
    await page.locator('.stacked .seg').first().waitFor();
    await shot('context-1280');
    await page.click('#tab-tools');
    await page.locator('.tool[data-tool=memory_insert]').waitFor();

    // keyboard: the tab list moves with the arrow keys
    await page.focus('#tab-tools');
    await page.keyboard.press('ArrowRight');
    await page.locator('#tab-runs[aria-selected=true]').waitFor();
    await page.locator('#runs .badge', { hasText: 'completed' }).first().waitFor();

    // approvals: a tool that needs approval pauses the run; Approve in the trace lets it go on
    const rule = await fetch(`${base}/v1/agents/${agentId}/tools/approval/memory_insert`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ requires_approval: true }),
    });
    check(rule.ok, `requires_approval: ${rule.status}`);
    await page.click('#tab-chat');
    await page.locator('#trace[data-loaded=true]').waitFor();
    await page.fill('#chat-input', 'We meet on Tuesdays.');
    await page.click('#chat-send');
    const approval = page.locator('.msg.approval', { hasText: 'memory_insert' }).last();
    await approval.locator('button', { hasText: 'Approve' }).waitFor();
    await page.locator('.msg.stop[data-stop-reason=requires_approval]').waitFor();
    await shot('approval-1280');
    await approval.locator('button', { hasText: 'Approve' }).click();
    await page.locator('.msg.tool-return', { hasText: 'call_ade_3' }).waitFor();
    await page.locator('.msg.assistant', { hasText: 'Saved after your approval.' }).waitFor();

    // phone width: one column, nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('#tab-chat');
    await page.locator('.msg.tool-call').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `the page is ${overflow}px wider than a 390px screen`);
    await shot('chat-390');

    // Agent File: export downloads the agent, import makes a copy and opens it
    await page.setViewportSize({ width: 1280, height: 800 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Export")')]);
    const file = join(shots, 'ade-e2e.af');
    await download.saveAs(file);
    await page.setInputFiles('#import-file', file);
    await page.locator('#agent-name', { hasText: 'ade-e2e_copy' }).waitFor();
    const copyId = page.url().match(/agents\/(agent-[^/]+)/)[1];
    check(copyId !== agentId, 'the import opened the original agent');

    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
    check(outside.length === 0, `requests outside agent-service: ${outside.join(', ')}`);
    return { agent_id: agentId, copy_id: copyId, stop: stopText, refusal: refusalText, score, screenshots };
  } finally {
    await browser.close();
  }
});
