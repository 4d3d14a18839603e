import { parseWasm, demangle, crateOf } from '../scripts/wasm_parts.mjs';
import { readFileSync } from 'node:fs';
const w = parseWasm(readFileSync('/tmp/mine/named-new.wasm'));
const want = process.argv[2] ? new RegExp(process.argv[2]) : null;
const rows = w.bodies.map((b) => ({ name: b.name, size: b.bytes.length }));
const byCrate = new Map();
for (const r of rows) { const c = crateOf(r.name); byCrate.set(c, (byCrate.get(c) ?? 0) + r.size); }
if (!want) { console.log([...byCrate].sort((a,b)=>b[1]-a[1]).slice(0,30)); process.exit(0); }
const sel = rows.filter((r) => want.test(crateOf(r.name)) || want.test(r.name)).sort((a, b) => b.size - a.size);
console.log('total', sel.reduce((a, r) => a + r.size, 0), 'n', sel.length);
for (const r of sel.slice(0, Number(process.argv[3] ?? 40))) console.log(r.size, r.name.slice(0, 150));
