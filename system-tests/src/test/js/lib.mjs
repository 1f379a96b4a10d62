// Shared by the scripts: the client as users build it, and one JSON object on stdout for the Java test to assert on.
import Letta from '@letta-ai/letta-client';

export function client() {
  const baseURL = process.env.LETTA_BASE_URL;
  if (!baseURL) throw new Error('LETTA_BASE_URL is not set');
  // a self-hosted server on loopback needs no key; a hosted one gets LETTA_API_KEY, which the client sends as
  // `Authorization: Bearer`. No retries so that every server answer reaches the test as it was.
  const apiKey = process.env.LETTA_API_KEY;
  return new Letta({ baseURL, maxRetries: 0, timeout: 120_000, ...(apiKey ? { apiKey } : {}) });
}

/** What a failed call threw, in the terms a user of the client sees: the error class, the status, the body. */
export async function failure(promise) {
  try {
    const value = await promise;
    return { threw: false, value };
  } catch (e) {
    return { threw: true, class: e.constructor.name, status: e.status ?? null, error: e.error ?? null, message: e.message };
  }
}

/** Runs main and prints its result; an unexpected throw is printed too, with what the server answered. */
export async function run(main) {
  try {
    const result = await main(process.argv.slice(2));
    process.stdout.write(JSON.stringify({ ok: true, result }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({
      ok: false,
      class: e?.constructor?.name, status: e?.status ?? null, error: e?.error ?? null,
      message: String(e?.message ?? e), stack: String(e?.stack ?? ''),
    }) + '\n');
    process.exitCode = 1;
  }
}

/** Every item of a paginated list, fetching page after page as the client does. */
export async function all(pagePromise) {
  const items = [];
  for await (const item of pagePromise) items.push(item);
  return items;
}
