// First-load size of a built site: every file the first page loads (index.html and what it
// links), raw, gzip and brotli, and the total against the budget.
//   node scripts/size.mjs [dist] [--json out.json]             exits 1 over the budget
//   node scripts/size.mjs [dist] --ceiling                     exits 1 over the ceiling (make test)
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

export const BUDGET_GZIP = 150 * 1024;

// The budget is not met yet (issue 6), so `make test` holds the size at or under this ceiling:
// the last measured first load, rounded up to the next KB. Lower it to the new figure when a
// change shrinks the site. It is raised only in a commit that names what each change costs and
// why users need it (1e8bb41; the review fixes of stop 13, about 14 KB; stop 14's review items,
// +3.9 KB, and its image check on repeated sign-in failures, +1.5 KB; 528 after one image-check
// helper served two pages; stop 15's account-center password checks that count toward the lockout
// and stop when cancelled, +3.1 KB; the phone's sign-in image check, +0.3 KB; the image check
// before a sign-in code is sent, with its review fixes, +0.7 KB; 532 after one DialogActions
// served nine dialogs; 509 with flat routes, no LocalResource and wasm-bindgen seeing the
// target features; stop 17's fixes from a user's walk-through, +2.3 KB: a number typed with its
// own calling code and 10-digit numbers sign in, +0.4; the sign-up address always names the step
// shown, +0.4; the hidden account name password managers need, +0.9; the side column drawn after
// the first paint, +0.3; a reset code to the email typed, +0.2; "Account created" naming phone or
// email, +0.2; m:ss countdowns and centred dialogs, +0.2; one initials() for both avatars, −0.3;
// its review's fixes, +0.5: sign-in codes to the email typed, every international reading tried,
// no calling code beside an Account ID, normalised account names; stop 18: device names in the
// language of the moment, +0.5 KB; Account IDs typed in full-width digits, +0.1 KB; a code the
// storage refused is not reported sent, on four pages, and a signed-in visitor skips sign-in,
// +0.5 KB; full-width digits in the code boxes, the sign-in page's note after a password change,
// Escape cancelling the nickname edit and /index.html as the start page, +0.3 KB; sign-in by code
// counting down to a resend, and it and forgot password saying why a code sent before a reload
// does not show, +1.4 KB; index.html saying so when the app's files cannot be loaded, +0.4 KB;
// sign-in starting in the region of the tab's sign-up, the note after being signed out elsewhere,
// the message list scrolling beside the card and a compact heads-up on short screens, +1.0 KB;
// 515 after one send-button label and one page resend wait served four and two places; stop 19:
// a damaged account record said so at sign-in, +0.5 KB; 503 once scripts/wasm_parts.mjs showed
// a stable sort, a BTreeSet and Rust's upper-case table linked in for one use each; the sign-in
// field starting with the account the tab's sign-up made or found registered, +0.2 KB; review
// fixes, +1.1 KB: hand-edited hashes and IDs read as damage, stale index entries lead nowhere,
// the prefill only while the account has it, the stale "already registered" cleared, the
// account center naming a damaged record, large batches checked in n log n); stop 20: the side
// column and the address fix-up waiting for the browser's first contentful paint, +0.5 KB; the
// side banner chosen by a class the sign-in and sign-up pages set, not a :has() rule Chromium
// rechecked on every change below the page body (13 ms sooner first paint), +0.5 KB; stop 21:
// the JS glue minified by esbuild, which trunk's own minifier cannot parse, −2.3 KB; then a
// review's 20 fixes, +5.3 KB (12 KB of raw wasm, spread thin: components +3.0, pages +1.9,
// reactive_graph +2.3 for the four effects and memos added, router/meta +1.6, start-up +1.2),
// among them the language menu waiting for Enter, the demo clock following other tabs, the
// account notice in view, Enter sending a code, the storage banner's flag as a signal, digits
// of four more scripts, calling-code owners and NFKC emails; stop 23: a review's fixes, +4.0 KB
// (8.8 KB of raw wasm; 508.5 → 512.5): no panic when a page is left mid-check, the account
// center holding its account while a dialog is open and the focus following a redrawn control,
// a lockout's message tied to its account, part of a code using no attempt, unanswered images
// replaced when they expire, the way back from an identifier taken meanwhile, and an alert that
// steps aside while it only counts down; stop 24, +0.9 KB (512.2 → 513.1): the sign-in and
// forgot-password field saying what is wrong with an account that can name nobody, and a wrong
// password naming the calling code it was read with, a nickname's character count, and the
// account filled in after a password change signs the visitor out; stop 26, +2.0 KB (513.4 →
// 515.4): a sign-up step change in two tasks, the next step built hidden beside the one shown
// (no task over 50 ms on a machine half as fast), and +0.4 KB (515.8): the strength meter
// judging by every rule, the account's own identifiers included, and the delete dialog checking
// a typed password with the box unticked; +0.9 KB (516.7): the account notice's close button;
// +0.2 KB (516.9): the reset password form with the sign-up's meter and show/hide switch;
// +0.2 KB (517.1): index.html's inline script that starts the wasm's compile while the page is
// parsed (first paint 20–50 ms sooner); stop 27: +0.3 KB (517.5): a review's fixes, the note
// when the hour's codes are used up, the Devices heading taking the focus, the phone's
// two-step line, the backup file input's name; stop 28: −11.2 KB (506.3): lower case by the
// browser's toLowerCase, without std's table; −4.6 KB (501.7): three copies of the unstable
// sort fewer; −8.1 KB (493.6): short import names in the wasm and its glue; +0.5 KB (494.1):
// region names folded once for search, not at every key (toLowerCase calls in the browser);
// stop 29: +1.4 KB (495.5): deleting an account with two-step on asks for a code too; +1.8 KB
// (497.3): "Remove" on each other device in the account center's list; −4.1 KB (493.2): no
// HashMap or HashSet of the app's own (language files read into serde_json's map, region names
// and the import's seen IDs in lists); +0.4 KB (493.6): a review's fixes (a deletion refused when
// two-step or its contact changed meanwhile, device names in the notice's language);
// growth nobody measured never gets in.
export const CEILING_GZIP = 493.7 * 1024;

// What kind of file a name is, for the benchmark's table.
export function kindOf(name) {
  const ext = extname(name).slice(1).toLowerCase();
  if (['woff', 'woff2', 'ttf', 'otf'].includes(ext)) return 'font';
  if (['svg', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'ico'].includes(ext)) return 'image';
  return { html: 'html', js: 'js', mjs: 'js', wasm: 'wasm', css: 'css' }[ext] ?? 'other';
}

// `also`: more files (paths relative to dist) seen loaded at start, e.g. by a browser.
export function firstLoad(dist, also = []) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const present = new Set(readdirSync(dist));
  const names = new Set(['index.html']);
  // Minified HTML may leave attribute values unquoted.
  for (const m of html.matchAll(/(?:href|src)=(?:"([^"]+)"|'([^']+)'|([^\s>"']+))|from\s*'([^']+)'|module_or_path:\s*'([^']+)'/g)) {
    const name = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]).split('/').pop();
    if (present.has(name)) names.add(name);
  }
  for (const rel of also) if (existsSync(join(dist, rel))) names.add(rel);
  return [...names].sort().map((name) => {
    const buf = readFileSync(join(dist, name));
    return {
      file: name,
      kind: kindOf(name),
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'dist';
  const files = firstLoad(dist);
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const kb = (n) => (n / 1024).toFixed(1).padStart(8);
  console.log(`${'first-load file'.padEnd(48)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)} ${'br KB'.padStart(8)}`);
  for (const f of files) console.log(`${f.file.padEnd(48)} ${kb(f.raw)} ${kb(f.gzip)} ${kb(f.brotli)}`);
  console.log(`${'total'.padEnd(48)} ${kb(total.raw)} ${kb(total.gzip)} ${kb(total.brotli)}`);
  const ok = total.gzip <= BUDGET_GZIP;
  const underCeiling = total.gzip <= CEILING_GZIP;
  console.log(`size budget: ${kb(total.gzip).trim()} KB gzip of ${BUDGET_GZIP / 1024} KB: ${ok ? 'pass' : 'FAIL'}`);
  console.log(`size ceiling: ${kb(total.gzip).trim()} KB gzip of ${CEILING_GZIP / 1024} KB: ${underCeiling ? 'pass' : 'FAIL'}`);
  const i = process.argv.indexOf('--json');
  if (i > 0) {
    const out = { files, total, budget_gzip: BUDGET_GZIP, pass: ok, ceiling_gzip: CEILING_GZIP, under_ceiling: underCeiling };
    writeFileSync(process.argv[i + 1], JSON.stringify(out, null, 2));
  }
  process.exit((process.argv.includes('--ceiling') ? underCeiling : ok) ? 0 : 1);
}
