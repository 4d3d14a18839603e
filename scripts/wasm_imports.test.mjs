// node --test scripts/wasm_imports.test.mjs (the size suite runs it)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imports, renameImports, renameInGlue, shortName } from './wasm_imports.mjs';

const bytes = (...xs) => Buffer.from(xs.flat());
const str = (s) => [s.length, ...Buffer.from(s)];
const section = (id, body) => [id, body.length, ...body];

// A module importing two functions from the glue's module and one from elsewhere, exporting
// the first import as "f" and a function "g" that calls the second.
const GLUE = './x_bg.js';
const F = '__wbg_f_0123456789abcdef';
const G = '__wbg___wbindgen_g_fedcba9876543210';
const module = bytes(
  [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  section(1, [1, 0x60, 0, 0]),
  section(2, [3, ...str(GLUE), ...str(F), 0, 0, ...str('other'), ...str('keep'), 0, 0, ...str(GLUE), ...str(G), 0, 0]),
  section(3, [1, 0]),
  section(7, [2, ...str('f'), 0, 0, ...str('g'), 0, 3]),
  section(10, [1, 4, 0, 0x10, 2, 0x0b]),
);

test('short names are distinct identifiers, one letter first', () => {
  const names = Array.from({ length: 3000 }, (_, i) => shortName(i));
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual([names[0], names[51], names[52], names[53]], ['a', 'Z', 'aa', 'ab']);
  assert.ok(names.every((n) => /^[A-Za-z]+$/.test(n)));
  assert.equal(names.filter((n) => n.length === 1).length, 52);
});

test("the glue's imports are renamed; others and the rest of the module stay", () => {
  assert.deepEqual(imports(module), [[GLUE, F, 0], ['other', 'keep', 0], [GLUE, G, 0]]);
  const { wasm, renames } = renameImports(module, GLUE);
  assert.deepEqual([...renames], [[F, 'a'], [G, 'b']]);
  const compiled = new WebAssembly.Module(wasm);
  assert.deepEqual(
    WebAssembly.Module.imports(compiled).map(({ module, name }) => [module, name]),
    [['w', 'a'], ['other', 'keep'], ['w', 'b']],
  );
  // It still runs: "g" calls the renamed second import.
  const calls = [];
  const instance = new WebAssembly.Instance(compiled, {
    w: { a: () => calls.push('a'), b: () => calls.push('b') },
    other: { keep: () => calls.push('keep') },
  });
  instance.exports.g();
  instance.exports.f();
  assert.deepEqual(calls, ['b', 'a']);
  // The code section is copied as it was.
  assert.ok(wasm.subarray(-8).equals(module.subarray(-8)));
});

test('the glue follows, and refuses what it does not expect', () => {
  const { renames } = renameImports(module, GLUE);
  const glue = `function i(){return{__proto__:null,"${GLUE}":{__proto__:null,${F}:function(){},${G}:function(){}}}}`;
  assert.equal(renameInGlue(glue, GLUE, renames), 'function i(){return{__proto__:null,w:{__proto__:null,a:function(){},b:function(){}}}}');
  assert.throws(() => renameInGlue(glue.replace(G, 'other'), GLUE, renames), /names __wbg___wbindgen_g_fedcba9876543210 0 times/);
  assert.throws(() => renameInGlue(`${glue}${F}`, GLUE, renames), /2 times/);
  assert.throws(() => renameInGlue(glue.replace(`"${GLUE}":`, 'x:'), GLUE, renames), /does not name/);
});
