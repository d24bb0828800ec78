// The catalog the app is showing, shared by every screen.
import { loadCatalog, type CatalogResponse, type SectionWithItems } from './api.ts';

let current: CatalogResponse | undefined;
let fromCache = false;

export async function refreshCatalog(): Promise<CatalogResponse> {
  const r = await loadCatalog();
  current = r.catalog;
  fromCache = r.fromCache;
  return r.catalog;
}

export const catalog = () => current;
export const isFromCache = () => fromCache;

export function sectionById(id: string): SectionWithItems | undefined {
  return current?.sections.find((s) => s.id === id);
}

export function sectionByDigit(digit: string): SectionWithItems | undefined {
  return current?.sections.find((s) => s.key === digit);
}
