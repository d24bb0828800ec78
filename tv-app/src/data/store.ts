// The catalog the app is showing, shared by every screen.
import { loadCatalog, type CatalogResponse, type CatalogResult, type ItemSummary, type SectionWithItems } from './api.ts';
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

export async function refreshCatalog(): Promise<CatalogResponse> {
  const pending = early;
  early = undefined;
  const r = await (pending ?? loadCatalog());
  current = r.catalog;
  fromCache = r.fromCache;
  return r.catalog;
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
