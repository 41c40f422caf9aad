// A tiny static file server for the built app: serves a folder (dist/) at the site root on
// 127.0.0.1, on a free port the OS picks. Trunk writes absolute asset paths, so the root matters.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The file a request path maps to inside `root`, or null when it would leave `root`. */
function fileFor(root, urlPath) {
  const decoded = decodeURIComponent(urlPath.split('?')[0]);
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = resolve(join(root, relative));
  return file === root || file.startsWith(root + sep) ? file : null;
}

/**
 * Starts serving `folder`; resolves to `{ url, close }` once listening.
 * `url` has no trailing slash, e.g. `http://127.0.0.1:40123`.
 * With `{ gzip: true }`, files are sent gzip-compressed to browsers that accept it (compressed
 * once, on first request), as a production server would.
 */
export async function serveStatic(folder, { gzip = false } = {}) {
  const root = resolve(folder);
  const compressed = new Map();
  const server = createServer(async (request, response) => {
    const file = fileFor(root, request.url ?? '/');
    try {
      if (file === null || !(await stat(file)).isFile()) throw new Error('not a file');
      let body = await readFile(file);
      const headers = {
        'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      };
      if (gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
        if (!compressed.has(file)) compressed.set(file, gzipSync(body, { level: 9 }));
        body = compressed.get(file);
        headers['content-encoding'] = 'gzip';
        headers.vary = 'accept-encoding';
      }
      headers['content-length'] = body.length;
      response.writeHead(200, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
    }
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(done)),
  };
}
