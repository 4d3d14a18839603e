// Short import names for the release wasm (scripts/postbuild.mjs).
//
// wasm-bindgen names each import after what it calls plus a 16-digit hash
// (`__wbg_set_title_7c9f7c08b10ea16a`) under the module "./<crate>_bg.js", and its JS glue
// supplies them under the same names. With 271 imports that is 16 KB in the wasm and 10 KB in
// the glue, and the hashes do not compress. Binaryen's --minify-imports renames only Emscripten's
// "env" imports, so this renames them here: each import of the glue's module gets a name of one
// or two letters and the module the name "w", in the wasm's import section; the caller renames
// the glue's keys to match (`renameInGlue`).

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The i-th short name: a … Z, then aa, ab, … (every one a valid JS identifier). */
export function shortName(i) {
  let s = '';
  let n = i;
  do {
    s = ALPHABET[n % ALPHABET.length] + s;
    n = Math.floor(n / ALPHABET.length) - 1;
  } while (n >= 0);
  return s;
}

/** The unsigned LEB128 number at `p`, and the position after it. */
export function readLeb(buf, p) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[p++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, p];
}

function leb(n) {
  const out = [];
  let rest = n;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest) byte |= 0x80;
    out.push(byte);
  } while (rest);
  return Buffer.from(out);
}

function name(s) {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([leb(bytes.length), bytes]);
}

/** Each import of the module as [module, field, kind] (0 function, 1 table, 2 memory, 3 global, 4 tag), in order. */
export function imports(buf) {
  return rewrite(buf, null).list;
}

/**
 * The wasm with every import of `module` renamed (module "w", fields a, b, …); returns it and
 * the renames (old field → new). Other sections are copied byte for byte.
 */
export function renameImports(buf, module) {
  const { bytes, renames } = rewrite(buf, module);
  return { wasm: bytes, renames };
}

function rewrite(buf, module) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const parts = [buf.subarray(0, 8)];
  const list = [];
  const renames = new Map();
  let p = 8;
  while (p < buf.length) {
    const id = buf[p];
    const [size, start] = readLeb(buf, p + 1);
    const end = start + size;
    if (id !== 2) {
      parts.push(buf.subarray(p, end));
      p = end;
      continue;
    }
    let [count, q] = readLeb(buf, start);
    const body = [leb(count)];
    for (; count > 0; count--) {
      let n;
      [n, q] = readLeb(buf, q);
      const mod = buf.toString('utf8', q, q + n);
      q += n;
      [n, q] = readLeb(buf, q);
      const field = buf.toString('utf8', q, q + n);
      q += n;
      const descStart = q;
      const kind = buf[q++];
      if (kind === 0) [, q] = readLeb(buf, q); // function: type index
      else if (kind === 1 || kind === 2) {
        if (kind === 1) q++; // table: element type
        let flags;
        [flags, q] = readLeb(buf, q);
        [, q] = readLeb(buf, q);
        if (flags & 1) [, q] = readLeb(buf, q);
      } else if (kind === 3) q += 2; // global: value type, mutability
      else if (kind === 4) {
        q++;
        [, q] = readLeb(buf, q); // tag
      } else throw new Error(`import kind ${kind} not known`);
      list.push([mod, field, kind]);
      let [newMod, newField] = [mod, field];
      if (module !== null && mod === module) {
        if (!renames.has(field)) renames.set(field, shortName(renames.size));
        [newMod, newField] = ['w', renames.get(field)];
      }
      body.push(name(newMod), name(newField), buf.subarray(descStart, q));
    }
    if (q !== end) throw new Error('import section not read to its end');
    const section = Buffer.concat(body);
    parts.push(Buffer.from([2]), leb(section.length), section);
    p = end;
  }
  return { bytes: Buffer.concat(parts), renames, list };
}

/**
 * The glue with the renames applied: its imports object's key for `module` becomes `w`, and each
 * old import name, which must stand in it exactly once (as that object's key), the new one.
 */
export function renameInGlue(js, module, renames) {
  const key = `${JSON.stringify(module)}:`;
  if (js.split(key).length !== 2) throw new Error(`the glue does not name ${module} once as a key`);
  let out = js.replace(key, 'w:');
  for (const [old, short] of renames) {
    const re = new RegExp(`\\b${old}\\b`, 'g');
    const found = out.match(re)?.length ?? 0;
    if (found !== 1) throw new Error(`the glue names ${old} ${found} times, not once`);
    out = out.replace(re, short);
  }
  return out;
}
