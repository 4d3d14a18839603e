// The benchmark's static server: the built app under /demo/ (with 404.html for unknown paths,
// status 404, as GitHub Pages and end2end/serve.mjs answer deep links), the plain reference page
// under /plain/ and an empty page at /blank, all from this one process with the same headers and
// no compression.
//   node bench/server.mjs --dist target/bench-dist [--port 0]
// Prints "listening <port>" once ready (port 0 picks a free one).
//
// Every response is cross-origin isolated (COOP same-origin + COEP require-corp): that gives
// the page performance.now() at 5 µs instead of 100 µs resolution, which the sign-in lookup
// timing needs; everything these pages load is same-origin, so nothing else changes.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const dist = resolve(args.dist ?? 'target/bench-dist');
const plain = resolve(import.meta.dirname);
const port = Number(args.port ?? 0);

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

async function existing(root, rel) {
  const full = normalize(join(root, rel));
  if (!full.startsWith(root + '/')) return null;
  try {
    return (await stat(full)).isFile() ? full : null;
  } catch {
    return null;
  }
}

// Which file answers a path, and with what status.
async function route(path) {
  // An empty page on the same origin: each cold load starts from it, so the renderer process
  // exists already (as a browser's spare one does) and is not part of either page's time.
  if (path === '/blank') return [join(plain, 'blank.html'), 200];
  if (path.startsWith('/plain/')) {
    const rel = path.slice('/plain/'.length);
    const name = rel === '' || rel === 'index.html' ? 'plain.html' : rel;
    // Only the page and its stylesheet (and the app's banner art): the rest of bench/ is not for serving.
    if (name === 'plain.html' || name === 'plain.css') return [await existing(plain, name), 200];
    if (name === 'banner.svg') return [await existing(dist, name), 200];
    return [null, 404];
  }
  if (path.startsWith('/demo/')) {
    let rel = path.slice('/demo/'.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = await existing(dist, rel);
    if (file) return [file, 200];
  }
  return [join(dist, '404.html'), 404];
}

createServer(async (req, res) => {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    path = '/';
  }
  const [file, status] = await route(path);
  try {
    if (!file) throw new Error('missing');
    const body = await readFile(file);
    res.writeHead(status, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
}).listen(port, '127.0.0.1', function () {
  console.log(`listening ${this.address().port}`);
});
