// What the app is showing, shared by every screen: home (the ten sections, their counts and newest items, the
// urgent notices) and, per section, the part of its list loaded so far — fetched a page at a time as the viewer
// moves down it, never the whole archive.
import {
  cachedHome,
  loadHome,
  loadItem,
  loadSectionPage,
  type HomeResponse,
  type HomeResult,
  type HomeSection,
  type ItemSummary,
} from './api.ts';
import { continueWatching } from './progress.ts';

let current: HomeResponse | undefined;
let fromCache = false;
let lastSection: string | undefined;

/** The section shown last, so home can put the focus back on its tile however it was opened. */
export const rememberSection = (id: string) => {
  lastSection = id;
};
export const lastSectionId = () => lastSection;

let early: Promise<HomeResult> | undefined;
let earlyAnswered = false;
/**
 * Starts loading home before the app is built; the first refresh takes this answer. Resolves
 * when the answer (or the failure, which that refresh handles) is in.
 */
export function prefetchCatalog(): Promise<void> {
  early ??= loadHome();
  return early.then(
    () => void (earlyAnswered = true),
    () => void (earlyAnswered = true),
  );
}

/** Whether the home request made before the app was built has answered (with home or a failure). */
export const catalogAnswered = () => earlyAnswered;

/**
 * How long the first screen waits for the CMS before showing the home kept on the box instead (with the
 * offline banner). A CMS that is down answers at once (refused); one that hangs would otherwise hold the
 * viewer on 正在加载 until the request times out.
 */
const SLOW_CMS_MS = 1500;

const listeners: ((c: HomeResponse) => void)[] = [];
/** Calls `listener` with every home the app takes whose version differs from the one before. */
export function onNewCatalog(listener: (c: HomeResponse) => void): void {
  listeners.push(listener);
}

export async function refreshCatalog(): Promise<HomeResponse> {
  const pending = early ?? loadHome();
  early = undefined;
  const r = await (current ? pending : firstAnswer(pending));
  const changed = r.home.version !== current?.version;
  current = r.home;
  fromCache = r.fromCache;
  if (changed) {
    lists.clear(); // the lists start again from the new home's first items
    for (const l of listeners) l(r.home);
  }
  return r.home;
}

/** The network's answer, or the kept home if the network is slow; its answer then goes to the next refresh. */
async function firstAnswer(pending: Promise<HomeResult>): Promise<HomeResult> {
  const kept = cachedHome();
  if (!kept) return pending;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), SLOW_CMS_MS)));
  const r = await Promise.race([pending, slow]).finally(() => clearTimeout(timer));
  if (r !== 'slow') return r;
  early = pending; // home retries while it shows the kept copy: the retry takes this answer
  early.catch(() => undefined); // a failure is handled by that retry
  return { home: kept, fromCache: true };
}

/** Home as the app has it (its version is the catalog's version the event stream announces). */
export const catalog = () => current;
export const isFromCache = () => fromCache;

/** Every item the app has loaded: home's, and the pages of the lists opened since home last changed. */
function knownItems(): Map<string, ItemSummary> {
  const byId = new Map<string, ItemSummary>();
  for (const s of current?.sections ?? []) for (const i of s.items) byId.set(i.id, i);
  for (const i of current?.urgent ?? []) byId.set(i.id, i);
  for (const l of lists.values()) for (const i of l.items) byId.set(i.id, i);
  return byId;
}

/** How many items before the end of what is loaded the next page is asked for. */
export const PREFETCH_AHEAD = 20;

/**
 * A list on a section screen: the items loaded so far (in list order), how many there are in all, and the way
 * on. A real section starts from home's newest items (shown at once) and asks for its first page when it is
 * opened; the green and yellow lists are whole from the start.
 */
export class ItemList {
  items: ItemSummary[];
  total: number;
  private cursor: string | null = null;
  /** Whether the pages from the server have started (the first page replaced home's items). */
  private paged: boolean;
  private loading: Promise<void> | undefined;
  private failedAt = 0;
  private readonly grew: (() => void)[] = [];

  constructor(
    readonly id: string,
    readonly title: string,
    readonly key: string,
    readonly description: string,
    items: ItemSummary[],
    total: number,
    paged: boolean,
  ) {
    this.items = items;
    this.total = Math.max(total, items.length);
    this.paged = paged;
  }

  /** Whether every item is loaded. */
  get complete(): boolean {
    return this.paged && this.cursor === null;
  }

  /** Calls `listener` whenever more items (or a new total) came in; gives back how to stop. */
  onGrow(listener: () => void): () => void {
    this.grew.push(listener);
    return () => {
      const i = this.grew.indexOf(listener);
      if (i >= 0) this.grew.splice(i, 1);
    };
  }

  /** False while the list is still finding its items (the yellow list asking for them by id). */
  settled = true;

  /** A whole list made again (the yellow list once the items it had to ask for came in). */
  replace(items: ItemSummary[]): void {
    this.items = items;
    this.total = items.length;
    this.settled = true;
    this.notify();
  }

  private notify(): void {
    for (const l of this.grew.slice()) l();
  }

  /** Asks for the next page when `index` is within PREFETCH_AHEAD of the end of what is loaded. */
  prefetch(index: number): void {
    if (!this.complete && index + PREFETCH_AHEAD >= this.items.length) void this.more().catch(() => undefined);
  }

  /** Loads pages until item `index` is loaded or the list ends (or the CMS cannot be reached). */
  async ensure(index: number): Promise<void> {
    while (index >= this.items.length && !this.complete) {
      const before = this.items.length;
      await this.more();
      if (this.items.length === before && !this.complete) return; // nothing new: do not spin
    }
  }

  /** The next page (the first page when none has come yet); one request at a time. */
  more(): Promise<void> {
    if (this.complete) return Promise.resolve();
    // After a failure, wait a little before asking again (a viewer holding ↓ must not fire a request per key).
    if (!this.loading && Date.now() - this.failedAt < 3000) return Promise.reject(new Error('offline'));
    this.loading ??= this.fetchNext().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async fetchNext(): Promise<void> {
    try {
      const page = await loadSectionPage(this.id, this.paged ? this.cursor : null);
      if (this.paged) {
        const have = new Set(this.items.map((i) => i.id));
        this.items = this.items.concat(page.items.filter((i) => !have.has(i.id)));
      } else {
        // The first page starts with home's items (home holds the list's first items): it takes their place.
        this.items = page.items.length >= this.items.length ? page.items : this.items;
        this.paged = true;
      }
      this.cursor = page.nextCursor;
      this.total = page.nextCursor === null ? this.items.length : Math.max(page.total, this.items.length);
    } catch (e) {
      this.failedAt = Date.now();
      throw e;
    }
    this.notify();
  }
}

/** The lists opened since home last changed, by id (a new home starts them again). */
const lists = new Map<string, ItemList>();

function realList(s: HomeSection): ItemList {
  return new ItemList(s.id, s.title, s.key, s.description, s.items.slice(), s.count, s.items.length >= s.count);
}

/** Every notice (green key), urgent first: the urgent notices, then the notices among each section's newest. */
function noticesList(): ItemList {
  const seen = new Set<string>();
  const items = [...(current?.urgent ?? []), ...(current?.sections ?? []).flatMap((s) => s.items.filter((i) => i.kind === 'notice'))]
    .filter((i) => !seen.has(i.id) && seen.add(i.id))
    .sort((a, b) => Number(b.urgent) - Number(a.urgent) || b.publishedAt.localeCompare(a.publishedAt) || a.id.localeCompare(b.id));
  return new ItemList('notices', '通知公告', '', '街道和社区的所有通知，紧急的排在最前面', items, items.length, true);
}

/**
 * The videos left part-way (yellow key), most recent first: each by id, from what is loaded or, when it is not,
 * from GET /items/:id (an item no longer published is left out). Offline, the ones loaded.
 */
function continueList(): ItemList {
  const wanted = continueWatching();
  const known = knownItems();
  const items = wanted.flatMap((p) => (known.has(p.itemId) ? [known.get(p.itemId)!] : []));
  const list = new ItemList('continue', '继续观看', '', '上次没看完的视频，按 OK 键接着看', items, items.length, true);
  const missing = wanted.filter((p) => !known.has(p.itemId));
  if (missing.length > 0) {
    list.settled = false;
    void Promise.all(missing.map((p) => loadItem(p.itemId).then((d): ItemSummary | undefined => summaryOf(d), () => undefined))).then((found) => {
      const byId = new Map([...list.items, ...found.flatMap((i) => (i ? [i] : []))].map((i) => [i.id, i]));
      const all = wanted.flatMap((p) => (byId.has(p.itemId) ? [byId.get(p.itemId)!] : []));
      list.replace(all);
    });
  }
  return list;
}

/** An item's summary (what a row shows) from its detail. */
function summaryOf(d: ItemSummary & { body?: unknown; video?: unknown; guide?: unknown; recruitment?: unknown }): ItemSummary {
  const { body: _b, video: _v, guide: _g, recruitment: _r, ...summary } = d;
  return summary;
}

/**
 * The list a section screen shows: a real section's (kept while home stays the same, so a viewer coming back finds
 * the pages already loaded), or the green and yellow lists, made afresh each time they open.
 */
export function listById(id: string): ItemList | undefined {
  if (!current) return undefined;
  if (id === 'notices') return noticesList();
  if (id === 'continue') return continueList();
  let list = lists.get(id);
  if (!list) {
    const s = current.sections.find((x) => x.id === id);
    if (!s) return undefined;
    list = realList(s);
    lists.set(id, list);
  }
  return list;
}

export function sectionByDigit(digit: string): HomeSection | undefined {
  return current?.sections.find((s) => s.key === digit);
}
