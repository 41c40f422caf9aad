// A tiny static file server for the built app: serves a folder (dist/) at the site root on
// 127.0.0.1, on a free port the OS picks. Trunk writes absolute asset paths, so the root matters.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
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
 */
export async function serveStatic(folder) {
  const root = resolve(folder);
  const server = createServer(async (request, response) => {
    const file = fileFor(root, request.url ?? '/');
    try {
      if (file === null || !(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
      });
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
