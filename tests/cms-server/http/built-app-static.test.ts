// The built web apps' static serving (cms-server/src/http/built-app-static.ts), over real HTTP: the web admin
// served by the real CMS with its strict CSP, and a not-yet-built app answering in the one error shape.
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminWebRouter } from '../../../cms-server/src/http/admin-web-static.ts';
import { errorHandler } from '../../../cms-server/src/http/errors.ts';
import { createLogger } from '../../../cms-server/src/logger.ts';
import { startKeting, type KetingProcess } from '../../helpers/server.ts';

let cms: KetingProcess;
beforeAll(async () => {
  cms = await startKeting();
});
afterAll(async () => {
  await cms?.stop();
});

describe('web admin static files', () => {
  it('when /admin/ is asked for, then index.html comes revalidated, under a CSP without eval', async () => {
    const res = await fetch(`${cms.baseUrl}/admin/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/media-src 'self' blob:/);
    expect(csp).toMatch(/worker-src 'self' blob:/);
    const html = await res.text();
    expect(html).toContain('客厅 · 内容管理');
    // Its hashed assets are cached for good.
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${cms.baseUrl}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('when a file is not there, then the answer is the JSON 404, not a page', async () => {
    const res = await fetch(`${cms.baseUrl}/admin/assets/nothing-here.js`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('route_not_found');
  });

  it('when the web admin has not been built, then it answers 503 admin_web_not_built in Chinese', async () => {
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'keting-no-admin-'));
    const app = express();
    app.use('/admin', adminWebRouter(empty));
    app.use(errorHandler(createLogger('silent')));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/admin/`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('admin_web_not_built');
      expect(body.error.message).toContain('npm run build:admin');
    } finally {
      server.close();
      await fs.rm(empty, { recursive: true, force: true });
    }
  });
});
