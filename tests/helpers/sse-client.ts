// A TV's event stream as a test sees it: fetch with a streamed body, parsed by eventsource-parser, every message
// kept in order. `Last-Event-ID` can be sent as a box that reconnects sends it.
import { createParser, type EventSourceMessage } from 'eventsource-parser';

export interface SseMessage {
  event: string;
  data: unknown;
  id: string | undefined;
}

export class SseStream {
  readonly messages: SseMessage[] = [];
  /** The `retry:` advice, once seen. */
  retry: number | undefined;
  ended = false;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly abort: AbortController,
    readonly errorBody: unknown,
  ) {}

  static async open(url: string, opts: { lastEventId?: string; headers?: Record<string, string> } = {}): Promise<SseStream> {
    const abort = new AbortController();
    const res = await fetch(url, {
      headers: { Accept: 'text/event-stream', ...(opts.lastEventId !== undefined ? { 'Last-Event-ID': opts.lastEventId } : {}), ...opts.headers },
      signal: abort.signal,
    });
    if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
      const body = await res.json().catch(() => undefined);
      return new SseStream(res.status, res.headers, abort, body);
    }
    const s = new SseStream(res.status, res.headers, abort, undefined);
    const parser = createParser({
      onEvent: (m: EventSourceMessage) => {
        s.messages.push({ event: m.event ?? 'message', data: JSON.parse(m.data), id: m.id });
        s.wake();
      },
      onRetry: (ms) => (s.retry = ms),
    });
    void (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        // aborted or cut by the server
      }
      s.ended = true;
      s.wake();
    })();
    return s;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The first message from index `from` on that `pred` accepts, waiting up to `timeoutMs`. */
  async next(pred: (m: SseMessage) => boolean, timeoutMs = 5000, from = 0): Promise<SseMessage> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = this.messages.slice(from).find(pred);
      if (m) return m;
      if (this.ended) throw new Error(`the stream ended before the message came; had: ${JSON.stringify(this.messages)}`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no such message in ${timeoutMs} ms; had: ${JSON.stringify(this.messages)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => (clearTimeout(t), r()));
      });
    }
  }

  /** The id the box would send back on reconnecting: the last one seen. */
  get lastId(): string | undefined {
    return this.messages.filter((m) => m.id !== undefined).at(-1)?.id;
  }

  close(): void {
    this.abort.abort();
  }
}
