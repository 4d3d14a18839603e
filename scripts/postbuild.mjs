// Trunk post-build hook: makes the staged index.html's Content-Security-Policy name the exact
// inline scripts trunk emitted (its start-up module, and in `trunk serve` the live-reload script)
// by their SHA-256, so no 'unsafe-inline' is needed. Joins the stylesheets into one file (see
// bundleStyles) and, in release builds, minifies the JS glue (see minifyGlue) and shortens the
// wasm's import names (shortImports). Then copies the
// page to 404.html, which static hosts such as GitHub Pages serve for deep links like
// /demo/signup, and drops data/text/en.json (trunk copies all of locales/, but English is
// compiled into the wasm and never fetched).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { imports, renameImports, renameInGlue } from './wasm_imports.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('postbuild.mjs: TRUNK_STAGING_DIR is not set (run it as a trunk hook)');
  process.exit(1);
}
const file = join(dir, 'index.html');
let html = readFileSync(file, 'utf8');

/** The value of attribute `name` in `tag` (quoted or not), or undefined. */
const attr = (tag, name) =>
  tag?.match(new RegExp(`\\b${name}=(?:"([^"]+)"|([^\\s>"]+))`, 'i'))?.slice(1).find((v) => v !== undefined);
/** The file in the staging dir that `tag`'s href names. */
const fileOf = (tag) => attr(tag, 'href')?.split('/').pop();
/** The JS glue's link and the wasm's preload, as trunk writes them. */
const glueLink = (html) => html.match(/<link\b[^>]*\brel="?modulepreload"?[^>]*>/i)?.[0];
const wasmPreload = (html) => html.match(/<link\b[^>]*\brel="?preload"?[^>]*>/gi)?.find((t) => /_bg\.wasm\b/.test(t));

// The style sheets are kept as one file per part of the page in style/ for readers, but 16
// render-blocking requests made the wasm (the 18th request, past the browser's 6 connections)
// wait for them on a cold load. Joined in the page's order they cascade exactly as before.
function bundleStyles(html) {
  const links = [...html.matchAll(/<link\b[^>]*\brel="?stylesheet"?[^>]*>/gi)];
  const parts = links.map((m) => {
    const name = fileOf(m[0]);
    return { tag: m[0], href: attr(m[0], 'href'), name, css: readFileSync(join(dir, name), 'utf8') };
  });
  if (parts.length < 2) return html;
  const css = parts.map((p) => p.css).join('\n');
  const name = `app-${createHash('sha256').update(css).digest('hex').slice(0, 16)}.css`;
  writeFileSync(join(dir, name), css);
  const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
  const href = parts[0].href.replace(parts[0].name, name);
  let out = html.replace(parts[0].tag, `<link href="${href}" integrity="${integrity}" rel="stylesheet">`);
  for (const p of parts.slice(1)) out = out.replace(p.tag, '');
  for (const p of parts) unlinkSync(join(dir, p.name));
  console.log(`postbuild.mjs: joined ${parts.length} style sheets into ${name} (${css.length} bytes)`);
  return out;
}
html = bundleStyles(html);

/** `tag` with its integrity attribute made that of `bytes` (exits if it has none). */
function withIntegrity(tag, bytes) {
  const integrity = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  const out = tag.replace(/\bintegrity=(?:"[^"]*"|[^\s>"]+)/i, `integrity="${integrity}"`);
  if (out === tag) {
    console.error(`postbuild.mjs: ${tag} has no integrity attribute; trunk output changed?`);
    process.exit(1);
  }
  return out;
}

// wasm-bindgen's JS glue. Trunk 0.21's minifier (minify-js) cannot parse its `export default`: it
// warns "Failed to minify JS" and ships the glue as written (69 KB, 10.9 KB gzip). esbuild
// (end2end/package.json) minifies it instead, to about 32 KB and 8.6 KB gzip; the names the page
// uses (the exports, the wasm's import names) are kept as they are. Its integrity is redone.
function minifyGlue(html) {
  if (process.env.TRUNK_PROFILE !== 'release') return html;
  const tag = glueLink(html);
  const name = fileOf(tag);
  if (!name) {
    console.error('postbuild.mjs: no modulepreload link for the JS glue; trunk output changed?');
    process.exit(1);
  }
  const require = createRequire(resolve(import.meta.dirname, '..', 'end2end', 'package.json'));
  const { transformSync } = require('esbuild');
  const source = readFileSync(join(dir, name), 'utf8');
  const { code } = transformSync(source, { minify: true, format: 'esm', legalComments: 'none' });
  writeFileSync(join(dir, name), code);
  console.log(`postbuild.mjs: minified ${name} (${source.length} -> ${code.length} bytes)`);
  return html.replace(tag, withIntegrity(tag, code));
}
html = minifyGlue(html);

// The wasm's import names, in the wasm and in the glue, one or two letters instead of
// wasm-bindgen's name-and-hash (see scripts/wasm_imports.mjs): 8 KB gzip less to load.
function shortImports(html) {
  if (process.env.TRUNK_PROFILE !== 'release') return html;
  const [wasmTag, glueTag] = [wasmPreload(html), glueLink(html)];
  const [wasmName, glueName] = [fileOf(wasmTag), fileOf(glueTag)];
  if (!wasmName || !glueName) {
    console.error('postbuild.mjs: no wasm preload or JS glue link; trunk output changed?');
    process.exit(1);
  }
  const wasm = readFileSync(join(dir, wasmName));
  const glue = readFileSync(join(dir, glueName), 'utf8');
  // The glue's module: the one the glue's imports object names as a key.
  const modules = [...new Set(imports(wasm).map(([m]) => m))].filter((m) => glue.includes(`${JSON.stringify(m)}:`));
  if (modules.length !== 1) {
    console.error(`postbuild.mjs: expected one import module named in the glue, found ${modules.length}`);
    process.exit(1);
  }
  const { wasm: renamed, renames } = renameImports(wasm, modules[0]);
  let newGlue;
  try {
    newGlue = renameInGlue(glue, modules[0], renames);
  } catch (e) {
    console.error(`postbuild.mjs: ${e.message}; wasm-bindgen output changed?`);
    process.exit(1);
  }
  writeFileSync(join(dir, wasmName), renamed);
  writeFileSync(join(dir, glueName), newGlue);
  console.log(`postbuild.mjs: ${renames.size} import names shortened (wasm ${wasm.length} -> ${renamed.length}, glue ${glue.length} -> ${newGlue.length} bytes)`);
  return html.replace(wasmTag, withIntegrity(wasmTag, renamed)).replace(glueTag, withIntegrity(glueTag, newGlue));
}
html = shortImports(html);

// The wasm's compile starts as the page is parsed, not when trunk's start-up module runs: a
// module script waits for the style sheet before it, so the compile began only once the CSS was
// in (about 50 ms into a cold load, with the wasm mostly downloaded by then). An inline classic
// script ahead of the style sheet fetches it (reusing its preload, moved just before it, with
// the same integrity) and compiles it as it streams; the start-up module then instantiates that
// module. A host that serves .wasm without its MIME type gets the bytes compiled whole instead,
// as wasm-bindgen's own loader falls back. The fetch checks the wasm's integrity (Chromium
// ignores it on a preload); a failure is the start-up module's to report, where it awaits the
// module, so the early promise is marked handled. First paint 250 → 231 ms and 315 → 290 ms (median of
// 20 cold loads each, alternating with the build before it, headless Chromium, two cores).
function earlyCompile(html) {
  const preload = wasmPreload(html);
  const url = attr(preload, 'href');
  const integrity = attr(preload, 'integrity');
  const start = html.match(/<script\b[^>]*\btype="?module"?[^>]*>/i);
  const call = url && `module_or_path: '${url}'`;
  if (!preload || !start || !html.includes(call)) {
    console.error('postbuild.mjs: no wasm preload, start-up module or its wasm path; trunk output changed?');
    process.exit(1);
  }
  const fetchOptions = integrity ? `{integrity:${JSON.stringify(integrity)}}` : '{}';
  const early =
    `<script>(window.wasmModule=fetch(${JSON.stringify(url)},${fetchOptions}).then(function(r){` +
    `if(!r.ok)throw new Error(r.url+': '+r.status);` +
    `return (r.headers.get('Content-Type')||'').indexOf('application/wasm')===0?WebAssembly.compileStreaming(r):r.arrayBuffer().then(WebAssembly.compile)})).catch(function(){})</script>`;
  return html
    .replace(preload, '')
    .replace(start[0], `${preload}${early}${start[0]}`)
    .replace(call, 'module_or_path: await window.wasmModule');
}
html = earlyCompile(html);
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

const english = join(dir, 'data', 'text', 'en.json');
if (existsSync(english)) unlinkSync(english);
