// Where the wasm's bytes go (issue 6: "the measured breakdown of where the bytes go").
//
// The shipped wasm has no names (wasm-opt drops them), so this rebuilds the same file with its
// names kept: cargo's output from the same `trunk build`, through the same wasm-bindgen and the
// same wasm-opt passes plus -g. Each function body is given to the crate its name comes from
// (generic code to the crate that defines the function, e.g. `<T as tachys::…>::build` to
// tachys); closures behind Fn shims are a part of their own, and the data segments split into
// panic locations and the rest (text, tables). Each part's gzip
// figure is that part compressed on its own, scaled so the parts add up to the shipped file's
// gzip size: compression shares context across parts, so no split of it is exact.
//   node scripts/wasm_parts.mjs DIST        (prints the table; bench.mjs calls namedWasm/wasmParts)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { imports, readLeb, renameImports } from './wasm_imports.mjs';

const root = resolve(import.meta.dirname, '..');

/** Sections, function bodies with their names, and data segments of a wasm module. */
export function parseWasm(buf) {
  let p = 8;
  const leb = () => {
    const [value, next] = readLeb(buf, p);
    p = next;
    return value;
  };
  const name = () => {
    const n = leb();
    const s = buf.toString('utf8', p, p + n);
    p += n;
    return s;
  };
  const sections = [];
  const bodies = [];
  const data = [];
  const names = new Map();
  // Imported functions come first in the function index space: only their count matters here.
  const imported = imports(buf).filter(([, , kind]) => kind === 0).length;
  while (p < buf.length) {
    const id = buf[p++];
    const size = leb();
    const start = p;
    const custom = id === 0 ? name() : null;
    sections.push({ id, custom, size, bytes: buf.subarray(start, start + size) });
    if (id === 10) {
      const n = leb();
      for (let i = 0; i < n; i++) {
        const size = leb();
        bodies.push({ index: imported + i, bytes: buf.subarray(p, p + size) });
        p += size;
      }
    } else if (id === 11) {
      for (let i = leb(); i > 0; i--) {
        const flags = leb();
        if (flags === 2) leb();
        let offset = null;
        if (flags !== 1) {
          // The offset: i32.const N end (what rustc and wasm-opt write). N is a signed LEB128,
          // read as unsigned: the same for addresses below 2^31, as wasm32 data addresses are.
          if (buf[p++] !== 0x41) throw new Error('a data segment offset that is not i32.const');
          offset = leb();
          if (buf[p++] !== 0x0b) throw new Error('a data segment offset longer than i32.const');
        }
        const size = leb();
        const bytes = buf.subarray(p, p + size);
        bytes.address = offset;
        data.push(bytes);
        p += size;
      }
    } else if (custom === 'name') {
      while (p < start + size) {
        const sub = buf[p++];
        const len = leb();
        const end = p + len;
        if (sub === 1) {
          for (let i = leb(); i > 0; i--) {
            const index = leb();
            names.set(index, name());
          }
        }
        p = end;
      }
    }
    p = start + size;
  }
  for (const b of bodies) b.name = demangle(names.get(b.index) ?? '');
  return { sections, bodies, data, named: names.size > 0 };
}

/**
 * The bytes of the data segments that are panic locations: `core::panic::Location` records
 * (file: &str, line, column; 16 bytes on wasm32) whose file is a `.rs` path in memory, one per
 * `#[track_caller]` call site (every signal read and write, unwrap, index check…), and the path
 * strings they point to. Stable Rust cannot leave them out (only nightly's
 * `-Zlocation-detail=none`).
 */
export function panicLocations(data) {
  const segs = data.filter((d) => d.address !== null);
  if (!segs.length) return { records: 0, locations: [], rest: data };
  // Memory as the segments lay it out: wasm-opt leaves zero runs out of them, so a record may
  // straddle two segments and the zeros between.
  const base = Math.min(...segs.map((d) => d.address));
  const mem = Buffer.alloc(Math.max(...segs.map((d) => d.address + d.length)) - base);
  for (const d of segs) d.copy(mem, d.address - base);
  const mask = new Uint8Array(mem.length);
  let records = 0;
  for (let i = (4 - (base % 4)) % 4; i + 16 <= mem.length; ) {
    const [ptr, len, line, col] = [0, 4, 8, 12].map((k) => mem.readUInt32LE(i + k));
    const start = ptr - base;
    const ok = len > 3 && len < 400 && line > 0 && line < 1e6 && col > 0 && col < 1e4 && start >= 0 && start + len <= mem.length;
    if (ok && mem.toString('latin1', start, start + len).endsWith('.rs')) {
      mask.fill(1, i, i + 16);
      mask.fill(1, start, start + len);
      records++;
      i += 16;
    } else i += 4;
  }
  // Each segment's bytes on either side of the mask, as runs.
  const runs = (want) =>
    data.flatMap((d) => {
      if (d.address === null) return want ? [] : [d];
      const out = [];
      for (let i = 0; i < d.length; ) {
        let j = i;
        while (j < d.length && mask[d.address - base + j] === want) j++;
        if (j > i) out.push(d.subarray(i, j));
        i = j === i ? i + 1 : j;
      }
      return out;
    });
  return { records, locations: runs(1), rest: runs(0) };
}

/** Rust's legacy symbol mangling (`_ZN…E`) back to a path; other names are returned as they are. */
export function demangle(s) {
  if (!s.startsWith('_ZN')) return s;
  const parts = [];
  let i = 3;
  while (i < s.length && s[i] !== 'E') {
    const m = /^\d+/.exec(s.slice(i));
    if (!m) break;
    i += m[0].length;
    parts.push(s.slice(i, i + Number(m[0])));
    i += Number(m[0]);
  }
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? '')) parts.pop();
  const escapes = { LT: '<', GT: '>', RF: '&', BP: '*', C: ',', LP: '(', RP: ')', SP: '@' };
  return parts
    .join('::')
    .replace(/^_\$/, '$')
    .replace(/\$([A-Z]{1,2})\$/g, (m, e) => escapes[e] ?? m)
    .replace(/\$u([0-9a-f]{2})\$/g, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\.\./g, '::');
}

/** The crate a function's code belongs to ('' when the function has no name). */
export function crateOf(name) {
  // v0 names come demangled with each crate's hash: core[c593…]::fmt.
  name = name.replace(/([a-z0-9_])\[[0-9a-f]+\]/g, '$1').replace(/::h[0-9a-f]{16}$/, '');
  if (name === '') return '';
  if (name === 'main') return 'mi_account_demo';
  if (/^(__wbg|__wbindgen|__externref)|shim$|^[a-z]+_(pull|start|cancel)$/.test(name)) return 'wasm_bindgen';
  if (/^__(rustc|rdl_|rg_)/.test(name)) return 'alloc';
  // Inherent methods of primitive types: <str>::to_lowercase, <[T]>::sort.
  if (/^<(str|char|\[T\]|\[u8\]|[iuf](8|16|32|64|128|size))>::/.test(name)) return 'core';
  // Rust's v0 mangling (a few std items): the first crate named after "Cs<hash>_".
  const v0 = /^_R.*?Cs[0-9A-Za-z]+_(\d+)/.exec(name);
  if (v0) return name.slice(v0.index + v0[0].length, v0.index + v0[0].length + Number(v0[1]));
  // drop_in_place<X> and other core helpers around a type: the type's crate.
  const glue = /^core::ptr::drop_in_place<(.*)>$/.exec(name);
  if (glue) return crateOf(glue[1]);
  // <X as Trait>::f: X's crate, unless X is a generic parameter or a reference to one, or a
  // standard type given another crate's trait (Arc<dyn Fn> as leptos' ToChildren: leptos).
  const impl = /^<(.*?) as ([^<>]*)/.exec(name);
  if (impl) {
    const self = /^([a-z_][a-z0-9_]*)::/.exec(impl[1].replace(/^(&(mut )?|\*(const|mut) |\[|\(|dyn )+/, ''))?.[1];
    const trait = /^([a-z_][a-z0-9_]*)::/.exec(impl[2])?.[1];
    const std = (c) => ['core', 'alloc', 'std'].includes(c);
    if (self && !(std(self) && trait && !std(trait))) return self;
    return trait ?? '?';
  }
  const m = /^<?(?:&(?:mut )?)?([a-z_][a-z0-9_]*)::/.exec(name);
  return m ? m[1] : '?';
}

// The parts, in the order printed. `crates` claims a function by its crate name.
const PARTS = [
  { part: 'the app: pages', app: 'pages' },
  { part: 'the app: components', app: 'components' },
  { part: 'the app: core (rules, store, schema)', app: 'core' },
  { part: 'the app: web, i18n, start-up', app: '*' },
  { part: 'Leptos: reactive_graph (signals, effects)', crates: ['reactive_graph'] },
  { part: 'Leptos: tachys (DOM views)', crates: ['tachys'] },
  { part: 'Leptos: router, meta, leptos, leptos_dom', crates: ['leptos', 'leptos_router', 'leptos_meta', 'leptos_dom', 'any_spawner', 'either_of', 'or_poisoned', 'throw_error', 'slotmap', 'oco_ref', 'guardian', 'send_wrapper'] },
  { part: 'Rust std: core, alloc, std (fmt, strings, collections)', crates: ['core', 'alloc', 'std', 'hashbrown', 'indexmap', 'dlmalloc', 'compiler_builtins', 'zmij', 'itoa', 'ryu', 'futures_util', 'futures_channel', 'futures_core', 'futures_executor', 'pin_project_lite', 'rustc_hash'] },
  { part: 'serde, serde_json', crates: ['serde', 'serde_core', 'serde_json'] },
  { part: 'wasm-bindgen, js-sys, web-sys', crates: ['wasm_bindgen', 'js_sys', 'web_sys', 'wasm_bindgen_futures'] },
  { part: 'hashing: sha2, hmac, subtle, base64ct', crates: ['sha2', 'hmac', 'digest', 'subtle', 'base64ct', 'block_buffer', 'crypto_common', 'cpufeatures'] },
];
const OTHER = 'other crates';
const UNNAMED = 'functions without a name (made by wasm-bindgen or wasm-opt)';
const CLOSURES = 'closures called through Fn (app and Leptos code)';
const DATA = 'other data (UI text, Unicode and other tables, messages)';
const LOCATIONS = 'panic locations: file, line, column per call site';
const REST = 'types, imports, exports, tables of functions';

function partOf(name) {
  const crate = crateOf(name);
  if (crate === '') return UNNAMED;
  // A closure called through a Fn pointer or trait object: its body (the app's or Leptos' code)
  // is inlined into core's call_once shim, whose name is all that is left.
  if (/^core::ops::function::/.test(name)) return CLOSURES;
  if (crate === 'mi_account_demo') {
    const area = /mi_account_demo::([a-z_]+)/.exec(name)?.[1];
    return (PARTS.find((p) => p.app === area) ?? PARTS.find((p) => p.app === '*')).part;
  }
  return PARTS.find((p) => p.crates?.includes(crate))?.part ?? OTHER;
}

/** The app module (two levels, e.g. pages::phone) a function belongs to, or null. */
function appModule(name) {
  if (crateOf(name) !== 'mi_account_demo') return null;
  const m = /mi_account_demo::([a-z_]+)(?:::([a-z_]+)\b)?/.exec(name.replace(/::h[0-9a-f]{16}\b/g, ''));
  return m ? [m[1], m[2]].filter(Boolean).join('::') : null;
}

/**
 * Splits a named wasm into parts: raw bytes of the function bodies (plus data and the rest), and
 * gzip shares scaled to `gzipTotal` (the shipped file's gzip size).
 */
export function wasmParts(buf, gzipTotal) {
  const w = parseWasm(buf);
  if (!w.named) throw new Error('the wasm has no name section');
  const groups = new Map();
  const add = (key, bytes) => {
    const g = groups.get(key) ?? { raw: 0, chunks: [] };
    g.raw += bytes.length;
    g.chunks.push(bytes);
    groups.set(key, g);
  };
  const modules = new Map();
  for (const b of w.bodies) {
    add(partOf(b.name), b.bytes);
    const mod = appModule(b.name);
    if (mod) modules.set(mod, (modules.get(mod) ?? 0) + b.bytes.length);
  }
  const loc = panicLocations(w.data);
  for (const c of loc.locations) add(LOCATIONS, c);
  for (const c of loc.rest) add(DATA, c);
  // Everything that is neither code nor data nor a custom section (the names are not shipped).
  for (const s of w.sections.filter((s) => s.id !== 0 && s.id !== 10 && s.id !== 11)) add(REST, s.bytes);
  const order = [...PARTS.map((p) => p.part), CLOSURES, OTHER, UNNAMED, LOCATIONS, DATA, REST];
  const alone = (g) => gzipSync(Buffer.concat(g.chunks), { level: 9 }).length;
  const rows = order.filter((k) => groups.has(k)).map((k) => ({ part: k, raw: groups.get(k).raw, gzip_alone: alone(groups.get(k)) }));
  const sumAlone = rows.reduce((t, r) => t + r.gzip_alone, 0);
  for (const r of rows) r.gzip = (r.gzip_alone * gzipTotal) / sumAlone;
  const appTotal = [...modules.values()].reduce((a, b) => a + b, 0);
  return {
    parts: rows,
    panic_locations: loc.records,
    raw_total: rows.reduce((t, r) => t + r.raw, 0),
    app_modules: [...modules].map(([module, raw]) => ({ module, raw, share_of_app: raw / appTotal })).sort((a, b) => b.raw - a.raw),
  };
}

/** The shipped wasm of a trunk build in `dist`. */
export function shippedWasm(dist) {
  const f = readdirSync(dist).find((n) => n.endsWith('_bg.wasm'));
  if (!f) throw new Error(`no *_bg.wasm in ${dist}`);
  return join(dist, f);
}

/**
 * The shipped wasm again, with its names: cargo's output of the same build through wasm-bindgen
 * and wasm-opt with the flags index.html gives trunk, plus -g. Returns its bytes; throws when
 * its code and data differ in size from the shipped file's at all (not the same build).
 */
export function namedWasm(dist) {
  const input = join(root, 'target/wasm32-unknown-unknown/release/mi-account-demo.wasm');
  if (!existsSync(input)) throw new Error(`no ${input} (a release trunk build makes it)`);
  const link = readFileSync(join(root, 'index.html'), 'utf8').match(/<link data-trunk rel="rust"[^>]*>/)[0];
  const level = link.match(/data-wasm-opt="([^"]+)"/)?.[1] ?? 'z';
  const params = (link.match(/data-wasm-opt-params="([^"]+)"/)?.[1] ?? '').split(/\s+/).filter(Boolean);
  const tmp = mkdtempSync(join(tmpdir(), 'wasm-parts-'));
  try {
    execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', tmp, '--out-name', 'app', input], { stdio: 'inherit' });
    const out = join(tmp, 'named.wasm');
    // The wasm-opt trunk uses: binaryen 132 from end2end/node_modules (scripts/setup.sh).
    const local = join(root, 'end2end/node_modules/.bin/wasm-opt');
    execFileSync(existsSync(local) ? local : 'wasm-opt', [`-O${level}`, '-g', ...params, join(tmp, 'app_bg.wasm'), '-o', out], { stdio: 'inherit' });
    // The release build's import names are short (scripts/postbuild.mjs): so are these.
    let named = readFileSync(out);
    const glue = imports(named).map(([m]) => m).find((m) => /_bg\.js$/.test(m));
    if (glue) named = renameImports(named, glue).wasm;
    const shipped = readFileSync(shippedWasm(dist));
    const body = (b) => parseWasm(b).sections.filter((s) => s.id === 10 || s.id === 11).reduce((t, s) => t + s.size, 0);
    const [a, b] = [body(named), body(shipped)];
    if (a !== b) throw new Error(`the named rebuild's code and data (${a} B) differ from ${shippedWasm(dist)} (${b} B): not the same build`);
    return { bytes: named, code_and_data: { named: a, shipped: b } };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = resolve(process.argv[2] ?? join(root, 'dist'));
  const { bytes, code_and_data } = namedWasm(dist);
  const gz = gzipSync(readFileSync(shippedWasm(dist)), { level: 9 }).length;
  const r = wasmParts(bytes, gz);
  const k = (n) => (n / 1024).toFixed(1).padStart(8);
  console.log(`code and data: named rebuild ${code_and_data.named} B, shipped ${code_and_data.shipped} B; ${r.panic_locations} panic locations`);
  for (const p of r.parts) console.log(`${p.part.padEnd(58)}${k(p.raw)}${k(p.gzip)}`);
  console.log('the app by module (share of its code):');
  for (const m of r.app_modules.slice(0, 15)) console.log(`  ${m.module.padEnd(30)}${k(m.raw)} ${(m.share_of_app * 100).toFixed(0).padStart(3)} %`);
}
