// Builds the ADE into the directory given (Maven passes target/classes/META-INF/resources/ade): the sources are
// native ES modules, so the build checks them and copies them; nothing is fetched.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const out = process.argv[2] ?? join(here, 'dist');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

// every module must parse: a syntax error fails the Maven build, not the browser
for (const f of files(src).filter((f) => extname(f) === '.js')) {
  execFileSync(process.execPath, ['--check', f], { stdio: 'inherit' });
}
// nothing may load from outside agent-service
for (const f of files(src)) {
  const text = readFileSync(f, 'utf8');
  if (/(src|href)\s*=\s*["']https?:\/\//i.test(text) || /import\s[^;]*from\s*["']https?:/i.test(text)) {
    throw new Error(`${f} loads from another origin`);
  }
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(src, out, { recursive: true });
writeFileSync(join(out, 'build.json'), JSON.stringify({ built_at: new Date().toISOString() }) + '\n');
console.log(`ADE built into ${out}`);
