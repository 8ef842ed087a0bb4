#!/usr/bin/env node
// A static file server for the page, on 127.0.0.1 only. Two mounts under one origin:
//   /      -> web/   (the page)
//   /lib/  -> js/    (the npm package: index.js, worker-thread.js, wasm/labelcheck.{js,wasm})
// A static host gets the same layout by copying js/ to web/lib/ (see web/README.md).
// No server logic beyond files: the page does all the work in the browser.
//
//   node scripts/serve.mjs            # PORT env or 8080; the next free port if taken
//   import { startServer } from './serve.mjs'; const { server, url } = await startServer({ port: 0 });
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// The page's policy (also in web/index.html as a meta tag, for static hosts). Sent as a header
// too because a worker's policy comes from its own response, not from the page's meta tag.
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
  + "connect-src 'self'; img-src 'self' data: blob:; style-src 'self'; object-src 'none'; base-uri 'none'; "
  + "form-action 'none'; frame-ancestors 'none'";

/** Maps a URL path to a file below one of the mounts, or null (outside every mount). */
function resolvePath(mounts, urlPath) {
  for (const [prefix, dir] of mounts) {
    if (!urlPath.startsWith(prefix)) continue;
    const file = path.resolve(dir, '.' + path.posix.normalize('/' + urlPath.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + path.sep)) return null;
    return file;
  }
  return null;
}

function handler(mounts) {
  return async (req, res) => {
    const send = (status, text) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (urlPath.includes('\0')) return send(400, 'bad request\n');
    let file = resolvePath(mounts, urlPath);
    if (!file) return send(404, 'not found\n');
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy': CSP,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      send(404, 'not found\n');
    }
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (e) => { server.off('listening', onListening); reject(e); };
    const onListening = () => { server.off('error', onError); resolve(); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Starts the server. `port` 0 = any free port; a taken port falls back to a free one unless
 * `strictPort`. `webDir`/`libDir` default to the repository's web/ and js/.
 * @returns {Promise<{server: import('node:http').Server, url: string}>} url ends with '/'
 */
export async function startServer({ port, host = '127.0.0.1', webDir, libDir, strictPort = false } = {}) {
  if (port === undefined) port = process.env.PORT !== undefined && process.env.PORT !== '' ? Number(process.env.PORT) : 8080;
  const mounts = [
    ['/lib/', path.resolve(libDir ?? path.join(root, 'js'))],
    ['/', path.resolve(webDir ?? path.join(root, 'web'))],
  ];
  const server = http.createServer(handler(mounts));
  try {
    await listen(server, port, host);
  } catch (e) {
    if (e.code !== 'EADDRINUSE' || strictPort || port === 0) throw e;
    await listen(server, 0, host);
  }
  const { port: actual } = server.address();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { server, url: `http://${shownHost}:${actual}/` };
}

/** The same as startServer, for callers that only want the http.Server. */
export async function serve(options = {}) {
  return (await startServer(options)).server;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer();
  console.log(`labelcheck page: ${url}  (serving web/ and js/ as /lib/; Ctrl+C stops)`);
}
