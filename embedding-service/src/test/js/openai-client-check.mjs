// Drives a running embedding-service with the official `openai` client, unchanged, and prints one JSON summary.
// Usage: node openai-client-check.mjs http://localhost:8285/v1 local/all-minilm-l6-v2-q
import OpenAI from 'openai';

const [baseURL, model] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'not-needed', maxRetries: 0, timeout: 30_000 });
const norm = (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const maxDiff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

const summary = {};

const asFloat = await client.embeddings.create({ model, input: 'hello world', encoding_format: 'float' });
const floatVector = asFloat.data[0].embedding;
summary.float = {
  object: asFloat.object, model: asFloat.model, dims: floatVector.length, norm: norm(floatVector),
  promptTokens: asFloat.usage.prompt_tokens,
};

const asBase64 = await client.embeddings.create({ model, input: 'hello world', encoding_format: 'base64' });
const raw = asBase64.data[0].embedding;
const bytes = Buffer.from(raw, 'base64'); // a view into Node's shared pool: copy out exactly its own bytes
const decoded = Array.from(new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
summary.base64 = { isString: typeof raw === 'string', dims: decoded.length, maxDiffToFloat: maxDiff(decoded, floatVector) };

// without encoding_format the client asks for base64 and decodes it to numbers itself
const byDefault = await client.embeddings.create({ model, input: 'hello world' });
summary.clientDefault = { dims: byDefault.data[0].embedding.length, maxDiffToFloat: maxDiff(byDefault.data[0].embedding, floatVector) };

const many = await client.embeddings.create({ model, input: ['first text', 'second text', 'hello world'], encoding_format: 'float' });
summary.array = {
  count: many.data.length, indices: many.data.map((d) => d.index),
  lastEqualsSingle: maxDiff(many.data[2].embedding, floatVector),
};

try {
  await client.embeddings.create({ model, input: ['fine', ''] });
  summary.error = { thrown: false };
} catch (e) {
  // the client builds its message from an OpenAI-style `error` member; Engram's one error shape is {"detail"}
  summary.error = { thrown: true, status: e.status, className: e.constructor.name };
}

const models = await client.models.list();
summary.models = models.data.map((m) => m.id);

console.log(JSON.stringify(summary));
