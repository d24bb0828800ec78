// The baseline of bench/catalog.ts: a plain node:http server answering fixed bytes from memory, as nginx would serve
// a static file (nginx is not installed here): 200 with Content-Type, Content-Length, ETag and Cache-Control, or 304
// when If-None-Match names the ETag. Nothing else — no framework, no logging, no security headers.
//   node --import tsx bench/static-bytes-server.ts <manifest.json>
// manifest: [{ "path": "/api/tv/v2/catalog", "file": "/tmp/…", "etag": "\"…\"", "cacheControl": "…" }]
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Route {
  path: string;
  file: string;
  etag: string;
  cacheControl: string;
}

const routes = new Map<string, { body: Buffer; etag: string; cacheControl: string }>();
for (const r of JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Route[]) {
  routes.set(r.path, { body: fs.readFileSync(r.file), etag: r.etag, cacheControl: r.cacheControl });
}

const server = http.createServer((req, res) => {
  const r = routes.get(req.url ?? '');
  if (!r) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.setHeader('ETag', r.etag);
  res.setHeader('Cache-Control', r.cacheControl);
  if (req.headers['if-none-match'] === r.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', r.body.length);
  res.end(r.body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`STATIC_READY http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
