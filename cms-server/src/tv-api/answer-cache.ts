// The TV API's answers, built once per change and not per request (issue 15). Each answer — home and v1's catalog
// per street, a section page per street and parameters, an item — is kept as its serialized bytes with its ETag
// until what the boxes see changes; a request then costs a map lookup, and a matching If-None-Match a 304 with
// nothing built or serialized.
//
// "What the boxes see changed" is a generation of two parts, checked on every request:
//  - the outbox's newest id (events/event-repository.ts: every change that shows or hides an item writes a row in
//    its own transaction — publishing, the scheduler's tick, a video becoming ready, a window moved — whichever
//    process made it), one indexed MAX(id);
//  - the next publish-at / unpublish-at still ahead (the visible set also changes with the clock alone).
// When the id moves or that moment passes, everything kept is dropped and rebuilt on demand. ETags are
// fingerprints of the bytes, so a rebuild that yields the same answer keeps its ETag (and the boxes' 304s), and
// two processes on one database answer the same ETag for the same content.
import crypto from 'node:crypto';
import { TV_CACHE_MAX_ENTRIES } from '../constants.ts';
import type { ListPosition } from '../content/item-repository.ts';
import type { SectionId } from '../domain/vocabulary.ts';
import { fingerprint, type CatalogService } from './catalog-service.ts';
import type { ItemSummary } from './contract.ts';

/** An answer as it goes out: its bytes and its strong ETag (quoted); `version` is the ETag's value. */
export interface BuiltAnswer {
  readonly body: Buffer;
  readonly etag: string;
  readonly version: string;
}

/** Which catalog a box follows: v1's (every item) or v2's home. */
export type CatalogApi = 'v1' | 'v2';

function built(value: unknown, version?: string): BuiltAnswer {
  const body = Buffer.from(JSON.stringify(value));
  const v = version ?? crypto.createHash('sha256').update(body).digest('base64url').slice(0, 16);
  return { body, etag: `"${v}"`, version: v };
}

/** A Map that forgets its least recently used entry beyond `max`. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

const streetKey = (street: string | null) => street ?? '';

export class AnswerCache {
  private outboxId = Number.NaN;
  /** Epoch ms of the next publish-at / unpublish-at ahead (Infinity: none). */
  private until = 0;
  private readonly homes = new Map<string, BuiltAnswer>();
  private readonly catalogs = new Map<string, BuiltAnswer>();
  private readonly answers: Lru<BuiltAnswer>;
  /** Request URLs answered in this generation (answer-http.ts: the fast path in front of Express). */
  private readonly urls: Lru<BuiltAnswer>;
  /** Streets known to exist: a street is never deleted, so once found it needs no query again. */
  private readonly streets = new Set<string>();
  private builds = 0;

  constructor(
    private readonly catalog: CatalogService,
    /** The outbox's newest id (EventRepository.lastId). */
    private readonly lastOutboxId: () => number,
    /** Epoch ms now (the catalog service's clock, as a number: asked on every request). */
    private readonly nowMs: () => number = Date.now,
    maxEntries = TV_CACHE_MAX_ENTRIES,
  ) {
    this.answers = new Lru(maxEntries);
    this.urls = new Lru(maxEntries);
  }

  /** Drops every kept answer when the outbox has moved or a publishing moment has passed. */
  private current(): void {
    const id = this.lastOutboxId();
    if (id === this.outboxId && this.nowMs() < this.until) return;
    this.homes.clear();
    this.catalogs.clear();
    this.answers.clear();
    this.urls.clear();
    this.outboxId = id;
    this.until = this.catalog.nextVisibilityChange()?.getTime() ?? Number.POSITIVE_INFINITY;
  }

  private build<T>(make: () => T, version?: (value: T) => string): BuiltAnswer {
    this.builds++;
    const value = make();
    return built(value, version?.(value));
  }

  /** Keeps `a` as the answer to the exact request URL `url` (a route calls it once the request was validated). */
  remember(url: string, a: BuiltAnswer): void {
    this.urls.set(url, a);
  }

  /** The answer kept for this exact URL in the current generation, if any. */
  lookup(url: string): BuiltAnswer | undefined {
    this.current();
    return this.urls.get(url);
  }

  streetExists(street: string): boolean {
    if (this.streets.has(street)) return true;
    const exists = this.catalog.streetExists(street);
    if (exists) this.streets.add(street);
    return exists;
  }

  sectionExists(id: string): id is SectionId {
    return this.catalog.sectionExists(id);
  }

  /** GET /api/tv/v2/catalog */
  home(street: string | null): BuiltAnswer {
    this.current();
    const key = streetKey(street);
    let a = this.homes.get(key);
    if (!a) this.homes.set(key, (a = this.build(() => this.catalog.home(street), (h) => h.version)));
    return a;
  }

  /** GET /api/tv/v1/catalog (every item: built only when an old box asks, then kept like the others). */
  catalogV1(street: string | null): BuiltAnswer {
    this.current();
    const key = streetKey(street);
    let a = this.catalogs.get(key);
    if (!a) this.catalogs.set(key, (a = this.build(() => this.catalog.catalog(street), (c) => c.version)));
    return a;
  }

  /** GET /api/tv/v2/sections/:id/items; `cursor` is the request's own text, `after` what it decoded to. */
  page(street: string | null, section: SectionId, cursor: string | null, after: ListPosition | null, limit: number): BuiltAnswer {
    this.current();
    const key = `p\n${streetKey(street)}\n${section}\n${limit}\n${cursor ?? ''}`;
    let a = this.answers.get(key);
    if (!a) this.answers.set(key, (a = this.build(() => this.catalog.page(street, section, after, limit))));
    return a;
  }

  /** GET /api/tv/v1|v2/items/:id, or undefined when a box of `street` may not see it (not kept: an error path). */
  item(street: string | null, id: string): BuiltAnswer | undefined {
    this.current();
    const key = `i\n${streetKey(street)}\n${id}`;
    let a = this.answers.get(key);
    if (a) return a;
    const item = this.catalog.item(id, street);
    if (!item) return undefined;
    this.answers.set(key, (a = this.build(() => item, fingerprint)));
    return a;
  }

  /** The version a box following `api` holds when current (the event stream's `catalog` message). */
  version(street: string | null, api: CatalogApi = 'v1'): string {
    return (api === 'v2' ? this.home(street) : this.catalogV1(street)).version;
  }

  /** One item as the lists show it (the event stream's urgent notices); not kept, asked once per event. */
  summary(id: string, street: string | null): ItemSummary | undefined {
    return this.catalog.summary(id, street);
  }

  /** Answers built since start, and entries kept now (the benchmark and tests read it). */
  stats(): { builds: number; kept: number; outboxId: number } {
    return { builds: this.builds, kept: this.homes.size + this.catalogs.size + this.answers.size + this.urls.size, outboxId: this.outboxId };
  }
}
