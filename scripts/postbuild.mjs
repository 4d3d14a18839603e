// Trunk post-build hook: makes the staged index.html's Content-Security-Policy name the exact
// inline scripts trunk emitted (its start-up module, and in `trunk serve` the live-reload script)
// by their SHA-256, so no 'unsafe-inline' is needed. Then copies the page to 404.html, which static
// hosts such as GitHub Pages serve for deep links like /demo/signup.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('postbuild.mjs: TRUNK_STAGING_DIR is not set (run it as a trunk hook)');
  process.exit(1);
}
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');
const marker = '__CSP_SCRIPT_HASHES__';
if (!html.includes(marker)) {
  console.error('postbuild.mjs: the CSP placeholder is missing from index.html');
  process.exit(1);
}
// `trunk serve` fills its live-reload script's placeholders per request (with the Host header),
// which would change the script after we hash it. Fill them here with what trunk itself falls
// back to, so the served script is byte-for-byte the one we hashed.
const wsBase = (process.env.TRUNK_PUBLIC_URL || '/').replace(/\/?$/, '/');
html = html
  .replaceAll("'{{__TRUNK_ADDRESS__}}'", 'window.location.host')
  .replaceAll('`{{__TRUNK_ADDRESS__}}`', 'window.location.host')
  .replaceAll('{{__TRUNK_WS_BASE__}}', wsBase);
const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
  if (/\bsrc\s*=/i.test(m[1]) || m[2].length === 0) continue;
  hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
}
if (hashes.length === 0) {
  console.error('postbuild.mjs: no inline start-up script found; trunk output changed?');
  process.exit(1);
}
html = html.replace(marker, hashes.join(' '));
writeFileSync(file, html);
writeFileSync(join(dir, '404.html'), html);
console.log(`postbuild.mjs: CSP allows ${hashes.length} inline script(s); wrote 404.html`);
