// node --test scripts/: the wasm breakdown's reading of names and modules (scripts/wasm_parts.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crateOf, demangle, panicLocations, parseWasm, wasmParts } from './wasm_parts.mjs';

test('legacy Rust symbols demangle to paths without their hash', () => {
  assert.equal(demangle('_ZN4core3fmt5write17h0123456789abcdefE'), 'core::fmt::write');
  assert.equal(
    demangle('_ZN71_$LT$core..hash..sip..Hasher$LT$S$GT$$u20$as$u20$core..hash..Hasher$GT$5write17hba7b29b138ee7b89E'),
    '<core::hash::sip::Hasher<S> as core::hash::Hasher>::write',
  );
  assert.equal(demangle('already::plain'), 'already::plain');
});

test('each function goes to the crate its code comes from', () => {
  const cases = {
    'mi_account_demo::pages::signup::SignUp::h0123456789abcdef': 'mi_account_demo',
    '<T as tachys::view::Render>::build': 'tachys',
    '<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_seq': 'serde_json',
    // A standard type given another crate's trait: that crate's code.
    '<alloc::sync::Arc<dyn core::ops::function::Fn<()>> as leptos::children::ToChildren<F>>::to_children': 'leptos',
    '<alloc::vec::Vec<T,A> as core::ops::drop::Drop>::drop': 'alloc',
    'core::ptr::drop_in_place<mi_account_demo::core::account::Account>::h0123456789abcdef': 'mi_account_demo',
    'core[c5930c85a12de822]::str::slice_error_fail': 'core',
    '<str>::to_lowercase': 'core',
    '__wbg_set_1a2b': 'wasm_bindgen',
    '__rdl_realloc': 'alloc',
    main: 'mi_account_demo',
    '': '',
  };
  for (const [name, crate] of Object.entries(cases)) assert.equal(crateOf(name), crate, name);
});

// A tiny module: two functions named after the app and tachys, a data segment holding a panic
// location (file, line, column) and the path it names, and a name section.
function module() {
  const u = (n) => {
    const out = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  };
  const str = (s) => [...u(Buffer.byteLength(s)), ...Buffer.from(s)];
  const section = (id, bytes) => [id, ...u(bytes.length), ...bytes];
  const body = (n) => {
    const code = [0x00, ...Array(n).fill(0x01), 0x0b]; // no locals, n nops, end
    return [...u(code.length), ...code];
  };
  const path = 'src/pages/x.rs';
  const base = 1024;
  const record = Buffer.alloc(16);
  record.writeUInt32LE(base + 16, 0); // the path follows the record
  record.writeUInt32LE(path.length, 4);
  record.writeUInt32LE(42, 8);
  record.writeUInt32LE(7, 12);
  const data = [...record, ...Buffer.from(path), ...Buffer.from('Hello, world')];
  const names = [1, ...u(0)];
  const fnNames = [...u(2), ...u(0), ...str('mi_account_demo::pages::x::view'), ...u(1), ...str('tachys::html::build')];
  names.splice(1, 1, ...u(fnNames.length), ...fnNames);
  return Buffer.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 0, 0]),
    ...section(3, [2, 0, 0]),
    ...section(5, [1, 0, 1]),
    ...section(10, [2, ...body(30), ...body(10)]),
    ...section(11, [1, 0, 0x41, ...u(base), 0x0b, ...u(data.length), ...data]),
    ...section(0, [...str('name'), ...names]),
  ]);
}

test('a module is split by crate, with its panic locations apart from the rest of its data', () => {
  const buf = module();
  const w = parseWasm(buf);
  assert.deepEqual(
    w.bodies.map((b) => [b.name, b.bytes.length]),
    [['mi_account_demo::pages::x::view', 32], ['tachys::html::build', 12]],
  );
  assert.equal(w.data[0].address, 1024);
  const loc = panicLocations(w.data);
  assert.equal(loc.records, 1);
  assert.equal(Buffer.concat(loc.locations).length, 16 + 'src/pages/x.rs'.length);
  assert.equal(Buffer.concat(loc.rest).toString(), 'Hello, world');
  const r = wasmParts(buf, 1000);
  const raw = Object.fromEntries(r.parts.map((p) => [p.part, p.raw]));
  assert.equal(raw['the app: pages'], 32);
  assert.equal(raw['Leptos: tachys (DOM views)'], 12);
  assert.equal(raw['panic locations: file, line, column per call site'], 30);
  assert.equal(raw['other data (UI text, Unicode and other tables, messages)'], 12);
  assert.equal(Math.round(r.parts.reduce((t, p) => t + p.gzip, 0)), 1000);
  assert.deepEqual(r.app_modules.map((m) => m.module), ['pages::x']);
});
