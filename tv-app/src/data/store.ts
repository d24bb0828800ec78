// The catalog the app is showing, shared by every screen.
import { cachedCatalog, loadCatalog, type CatalogResponse, type CatalogResult, type ItemSummary, type SectionWithItems } from './api.ts';
import { continueWatching } from './progress.ts';

let current: CatalogResponse | undefined;
let fromCache = false;
let lastSection: string | undefined;

/** The section shown last, so home can put the focus back on its tile however it was opened. */
export const rememberSection = (id: string) => {
  lastSection = id;
};
export const lastSectionId = () => lastSection;

let early: Promise<CatalogResult> | undefined;
let earlyAnswered = false;
/**
 * Starts loading the catalog before the app is built; the first refresh takes this answer. Resolves
 * when the answer (or the failure, which that refresh handles) is in.
 */
export function prefetchCatalog(): Promise<void> {
  early ??= loadCatalog();
  return early.then(
    () => void (earlyAnswered = true),
    () => void (earlyAnswered = true),
  );
}

/** Whether the catalog request made before the app was built has answered (with the catalog or a failure). */
export const catalogAnswered = () => earlyAnswered;

/**
 * How long the first screen waits for the CMS before showing the catalog kept on the box instead (with the
 * offline banner). A CMS that is down answers at once (refused); one that hangs would otherwise hold the
 * viewer on 正在加载 until the request times out.
 */
const SLOW_CMS_MS = 1500;

export async function refreshCatalog(): Promise<CatalogResponse> {
  const pending = early ?? loadCatalog();
  early = undefined;
  const r = await (current ? pending : firstAnswer(pending));
  current = r.catalog;
  fromCache = r.fromCache;
  return r.catalog;
}

/** The network's answer, or the kept catalog if the network is slow; its answer then goes to the next refresh. */
async function firstAnswer(pending: Promise<CatalogResult>): Promise<CatalogResult> {
  const kept = cachedCatalog();
  if (!kept) return pending;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), SLOW_CMS_MS)));
  const r = await Promise.race([pending, slow]).finally(() => clearTimeout(timer));
  if (r !== 'slow') return r;
  early = pending; // home retries while it shows the kept copy: the retry takes this answer
  early.catch(() => undefined); // a failure is handled by that retry
  return { catalog: kept, fromCache: true };
}

export const catalog = () => current;
export const isFromCache = () => fromCache;

const allItems = (): ItemSummary[] => current?.sections.flatMap((s) => s.items) ?? [];

/**
 * Two lists that are not sections of their own but read like one: every notice (green key), urgent
 * first, and the videos left part-way (yellow key). Typed as sections so one screen shows all lists.
 */
function virtualSection(id: 'notices' | 'continue'): SectionWithItems | undefined {
  if (!current) return undefined;
  if (id === 'notices') {
    const items = allItems()
      .filter((i) => i.kind === 'notice')
      .sort((a, b) => Number(b.urgent) - Number(a.urgent) || b.publishedAt.localeCompare(a.publishedAt));
    return { id: 'notices' as SectionWithItems['id'], key: '', title: '通知公告', description: '街道和社区的所有通知，紧急的排在最前面', items };
  }
  const byId = new Map(allItems().map((i) => [i.id, i]));
  const items = continueWatching().flatMap((p) => (byId.has(p.itemId) ? [byId.get(p.itemId)!] : []));
  return { id: 'continue' as SectionWithItems['id'], key: '', title: '继续观看', description: '上次没看完的视频，按 OK 键接着看', items };
}

export function sectionById(id: string): SectionWithItems | undefined {
  if (id === 'notices' || id === 'continue') return virtualSection(id);
  return current?.sections.find((s) => s.id === id);
}

export function sectionByDigit(digit: string): SectionWithItems | undefined {
  return current?.sections.find((s) => s.key === digit);
}
