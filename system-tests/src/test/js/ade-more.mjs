// The ADE's second scenario in headless Chromium: agents found by tag, conversations as tabs (each tab shows its own
// messages), an approval denied from the trace, a custom Python tool run from the Tools view, the context window bar
// against /context, and the runs view with each step's tokens, times and provider trace. Screenshots go to the directory given.
// Usage: node ade-more.mjs <screenshot dir>; prints one JSON object (lib.mjs).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './lib.mjs';

const base = process.env.LETTA_BASE_URL;
const executablePath = process.env.ADE_CHROMIUM ?? '/usr/bin/chromium';

const WORDS = `def count_words(text: str) -> str:
    """Count the words of a text.

    Args:
        text: the text

    Returns:
        str: how many words
    """
    print("counting")
    return f"{len(text.split())} words"
`;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function call(method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  check(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

run(async ([shots = 'ade-screenshots']) => {
  mkdirSync(shots, { recursive: true });
  const embeddings = await call('GET', '/v1/models/embedding');
  const model = { model: 'openai/gpt-4o-mini', embedding: embeddings[0].handle ?? embeddings[0].embedding_model };
  const blocks = [{ label: 'human', value: 'Name: Kim.', limit: 2000 }, { label: 'persona', value: 'A helper.', limit: 2000 }];
  const agent = await call('POST', '/v1/agents/', { ...model, name: 'ade-more', tags: ['blue'], memory_blocks: blocks });
  const other = await call('POST', '/v1/agents/', { ...model, name: 'ade-more-other', tags: ['red'], memory_blocks: blocks });
  const tool = await call('POST', '/v1/tools/', { source_code: WORDS });
  await call('PATCH', `/v1/agents/${agent.id}/tools/attach/${tool.id}`);

  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(30_000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`) });

    // agents by tag: the blue one is listed, the red one is not
    await page.goto(`${base}/ade/`);
    await page.locator('#agent-list a', { hasText: 'ade-more-other' }).waitFor();
    await page.fill('#agent-tags', 'blue');
    await page.click('.search button[type=submit]');
    await page.waitForFunction(() => ![...document.querySelectorAll('#agent-list a .name')].some((n) => n.textContent === 'ade-more-other'));
    const listed = await page.locator('#agent-list a .name').allTextContents();
    check(listed.includes('ade-more') && !listed.includes(other.name), `tag blue lists ${listed}`);
    await page.click('#agent-list a:has-text("ade-more")');
    await page.locator('#agent-name', { hasText: 'ade-more' }).waitFor();
    await page.locator('#feed-state.live').waitFor();

    // the main thread, then a new conversation tab: each shows its own messages
    await page.locator('#trace[data-loaded=true]').waitFor();
    await page.fill('#chat-input', 'Hello on the main thread.');
    await page.press('#chat-input', 'Enter');
    await page.locator('.msg.assistant', { hasText: 'Main thread reply.' }).waitFor();
    await page.locator('.msg.stop[data-stop-reason=end_turn]').waitFor();
    await page.click('button:has-text("+ New")');
    const conversationTab = page.locator('.conv-tabs [role=tab][aria-selected=true]:not([data-conversation=default])');
    await conversationTab.waitFor();
    const conversationId = await conversationTab.getAttribute('data-conversation');
    check(conversationId.startsWith('conv'), `the new tab is ${conversationId}`);
    await page.locator(`#trace[data-loaded=true][data-thread="${conversationId}"]`).waitFor();
    check(await page.locator('.msg.user', { hasText: 'Hello on the main thread.' }).count() === 0, 'the new conversation shows the main thread');
    await page.fill('#chat-input', 'Hello in a side conversation.');
    await page.press('#chat-input', 'Enter');
    await page.locator('.msg.assistant', { hasText: 'Side conversation reply.' }).waitFor();
    await page.locator('.msg.stop[data-stop-reason=end_turn]').waitFor();
    await shot('conversation-1280');
    await page.click('.conv-tabs [data-conversation=default]');
    await page.locator('#trace[data-loaded=true][data-thread=default]').waitFor();
    await page.locator('.msg.user', { hasText: 'Hello on the main thread.' }).waitFor();
    check(await page.locator('.msg.user', { hasText: 'side conversation' }).count() === 0, 'the main thread shows the side conversation');
    await page.click(`.conv-tabs [data-conversation="${conversationId}"]`);
    await page.locator(`#trace[data-loaded=true][data-thread="${conversationId}"]`).waitFor();
    await page.locator('.msg.user', { hasText: 'Hello in a side conversation.' }).waitFor();
    await page.locator('.msg.assistant', { hasText: 'Side conversation reply.' }).waitFor();
    check(await page.locator('.msg.user', { hasText: 'main thread' }).count() === 0, 'the side conversation shows the main thread');
    const conversationMessages = await page.locator('#trace .msg.user').allTextContents();
    await page.click('.conv-tabs [data-conversation=default]');
    await page.locator('#trace[data-loaded=true][data-thread=default]').waitFor();

    // deny: the tool call is refused with a reason, the trace says so and how the run ended
    await call('PATCH', `/v1/agents/${agent.id}/tools/approval/memory_insert`, { requires_approval: true });
    await page.fill('#chat-input', 'My birthday is in May.');
    await page.click('#chat-send');
    const approval = page.locator('.msg.approval', { hasText: 'memory_insert' }).last();
    await approval.locator('button', { hasText: 'Deny' }).waitFor();
    await page.locator('.msg.stop[data-stop-reason=requires_approval]').waitFor();
    page.once('dialog', (d) => d.accept('Not in memory, please.'));
    await approval.locator('button', { hasText: 'Deny' }).click();
    const denial = page.locator('.msg.denial', { hasText: 'memory_insert' });
    await denial.waitFor();
    const denialText = await denial.textContent();
    await page.locator('.msg.tool-return.failed', { hasText: 'call_more_deny' }).waitFor();
    await page.locator('.msg.assistant', { hasText: 'I will not save it.' }).waitFor();
    const stop = page.locator('.msg.stop').last();
    await page.locator('.msg.stop[data-stop-reason=end_turn]').last().waitFor();
    const stopText = await stop.textContent();
    await shot('deny-1280');

    // the tool runner: the custom tool with arguments, its return and what it printed
    await page.click('#tab-tools');
    const card = page.locator('.tool[data-tool=count_words]');
    await card.locator('summary', { hasText: 'Run it' }).click();
    await card.locator('textarea').fill('{"text": "one two three four"}');
    await card.locator('button', { hasText: 'Run' }).last().click();
    await card.locator('.badge.ok', { hasText: 'success' }).waitFor();
    await card.locator('pre', { hasText: '4 words' }).waitFor();
    const toolReturn = await card.locator('pre', { hasText: '4 words' }).first().textContent();
    await card.locator('pre', { hasText: 'counting' }).waitFor();
    await shot('tool-run-1280');

    // the context window: the bar's numbers are /context's
    await page.click('#tab-context');
    const meter = page.locator('.window[role=meter]');
    await meter.waitFor();
    const shownUsed = Number(await meter.getAttribute('aria-valuenow'));
    const shownMax = Number(await meter.getAttribute('aria-valuemax'));
    const width = await meter.locator('.fill').evaluate((el) => el.getBoundingClientRect().width);
    check(width > 0, 'the context bar is empty');
    check(await page.locator('.stacked .seg').count() >= 3, 'the breakdown has fewer than three sections');
    await shot('context-bar-1280');

    // runs: each run with its stop reason; a run's steps in order with their tokens and times, and the last step's
    // provider trace: the request it sent the model and the answer
    await page.click('#tab-runs');
    const runs = page.locator('#runs > li');
    await runs.first().waitFor();
    const runCount = await runs.count();
    await runs.first().locator('summary').click();
    const stepRow = runs.first().locator('table.steps tbody tr:not(.step-trace)').last();
    await stepRow.waitFor();
    const stepTotal = Number(await stepRow.locator('td').nth(4).textContent());
    const stepTime = (await stepRow.locator('td.step-time').textContent()).trim();
    const runSummary = await runs.first().locator('summary').textContent();
    await stepRow.locator('button', { hasText: 'Trace' }).click();
    const traceRequest = runs.first().locator('pre.trace-request');
    await traceRequest.waitFor();
    const traceRequestText = await traceRequest.textContent();
    const traceResponseText = await runs.first().locator('pre.trace-response').textContent();
    await shot('runs-1280');

    check(errors.length === 0, `page errors: ${errors.join('; ')}`);
    return {
      agent_id: agent.id, listed, conversation_id: conversationId, conversation_messages: conversationMessages,
      denial: denialText, stop: stopText, tool_return: toolReturn, context_used: shownUsed, context_max: shownMax,
      run_count: runCount, run_summary: runSummary, step_total: stepTotal, step_time: stepTime,
      trace_request: JSON.parse(traceRequestText), trace_response: JSON.parse(traceResponseText),
    };
  } finally {
    await browser.close();
  }
});
