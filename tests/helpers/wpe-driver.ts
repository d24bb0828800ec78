// WPE WebKit (the engine of RDK set-top boxes) driven through WPEWebDriver, Debian's `wpewebkit-driver`,
// with Debian's `cog` as the browser (scripts/install-system-deps.sh installs both; nothing is
// downloaded). WPEWebDriver speaks W3C WebDriver over HTTP: this is a small typed client on Node's fetch.
//
// cog runs on its `headless` platform: no display, an 800×600 view. A box's 1920×1080 (or 1280×720) CSS
// viewport is had with cog's `--scale` (page zoom): at 800/1920 the page is 1920 CSS pixels wide, as on a
// 1080p box, and a screenshot is the view, 800 pixels wide.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export const COG = '/usr/bin/cog';
export const WPE_WEBDRIVER = '/usr/bin/WPEWebDriver';
/** The headless platform's view, in device pixels. */
export const WPE_VIEW = { width: 800, height: 600 } as const;

/** W3C WebDriver key values (https://w3c.github.io/webdriver/#keyboard-actions). */
export const KEY = {
  Enter: '\uE007',
  Backspace: '\uE003',
  Escape: '\uE00C',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  F1: '\uE031',
  F2: '\uE032',
  F3: '\uE033',
  F4: '\uE034',
} as const;

export function wpeAvailable(): boolean {
  return fs.existsSync(COG) && fs.existsSync(WPE_WEBDRIVER);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface WireError {
  error: string;
  message: string;
}

export class WebDriverError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`WebDriver ${code}: ${message}`);
  }
}

async function call<T>(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as { value: T | WireError };
  const v = json.value as WireError | null;
  if (!res.ok || (v && typeof v === 'object' && 'error' in v && typeof v.error === 'string')) {
    throw new WebDriverError(v?.error ?? String(res.status), v?.message ?? JSON.stringify(json));
  }
  return json.value as T;
}

export interface WpeSessionOptions {
  /** The CSS viewport width wanted (cog's page zoom makes the 800-pixel view this wide); 1920 by default. */
  cssWidth?: number;
  /** More cog arguments. */
  args?: string[];
}

/** One cog browser. */
export class WpeSession {
  constructor(
    private readonly base: string,
    readonly id: string,
  ) {}

  private call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return call<T>(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Loads a page and waits for its load event (the driver's "normal" page-load strategy). */
  async navigate(url: string): Promise<void> {
    await this.call('POST', '/url', { url });
  }

  /** Runs a function body in the page (`arguments[0]`… are `args`); what it returns comes back as JSON. */
  execute<T>(script: string, ...args: unknown[]): Promise<T> {
    return this.call<T>('POST', '/execute/sync', { script, args });
  }

  /** Presses and releases each key in turn, as one W3C key-action sequence. */
  async keys(...values: string[]): Promise<void> {
    const actions = values.flatMap((value) => [
      { type: 'keyDown', value },
      { type: 'keyUp', value },
    ]);
    await this.call('POST', '/actions', { actions: [{ type: 'key', id: 'remote', actions }] });
    await this.call('DELETE', '/actions');
  }

  /** The view as a PNG (WPE_VIEW in device pixels). */
  async screenshot(path?: string): Promise<Buffer> {
    const png = Buffer.from(await this.call<string>('GET', '/screenshot'), 'base64');
    if (path) fs.writeFileSync(path, png);
    return png;
  }

  async close(): Promise<void> {
    await call(this.base, 'DELETE', `/session/${this.id}`).catch(() => undefined);
  }
}

/** A WPEWebDriver process on 127.0.0.1 and a free port; each session starts its own cog. */
export class WpeDriver {
  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
    private readonly out: () => string,
  ) {}

  static async start(): Promise<WpeDriver> {
    if (!wpeAvailable()) throw new Error(`${COG} or ${WPE_WEBDRIVER} is missing: run bash scripts/install-system-deps.sh`);
    const port = await freePort();
    const child = spawn(WPE_WEBDRIVER, [`--port=${port}`, '--host=local'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    const base = `http://127.0.0.1:${port}`;
    const until = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`WPEWebDriver exited (${child.exitCode}):\n${out}`);
      try {
        const status = await call<{ ready: boolean }>(base, 'GET', '/status');
        if (status.ready) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > until) {
        child.kill('SIGTERM');
        throw new Error(`WPEWebDriver did not answer on ${base} in 15 s:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return new WpeDriver(child, base, () => out);
  }

  /** Everything the driver (and the cog processes it started) printed so far. */
  output(): string {
    return this.out();
  }

  async newSession(opts: WpeSessionOptions = {}): Promise<WpeSession> {
    const scale = WPE_VIEW.width / (opts.cssWidth ?? 1920);
    const args = [
      '--automation',
      '--platform=headless',
      `--scale=${scale}`,
      '--bg-color=black',
      // The box plays video without a person having clicked first, like the Chromium suites' flag.
      '--media-playback-requires-user-gesture=false',
      '--enable-mediasource=true',
      '--enable-webgl=true',
      ...(opts.args ?? []),
    ];
    const created = await call<{ sessionId: string }>(this.base, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'wpe:browserOptions': { binary: COG, args } } },
    });
    return new WpeSession(this.base, created.sessionId);
  }

  /** Stops the driver; the cog processes of sessions still open go with it. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
