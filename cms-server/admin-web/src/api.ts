// Talking to the admin API (/api/admin/…): the session's CSRF token on every change, the one error shape
// turned into an ApiError carrying the server's Chinese message, and a lost session reported once so the
// page can ask for the password again without throwing away what was typed.
import type { SectionListResponse, SectionView, StreetListResponse, StreetView, UserView } from '../../src/admin/contract.ts';

// The API's JSON and limits come from its one contract module (type-only, except a few numbers): the pages
// cannot drift from the API.
export type {
  AdminUserView,
  AssetListResponse,
  AssetView,
  AuditAction,
  AuditEntryView,
  AuditListResponse,
  BoxListResponse,
  BoxView,
  BranchView,
  BroadcastBody,
  BroadcastRepeat,
  BroadcastTakeover,
  BroadcastView,
  ChannelView,
  ChannelWeekResponse,
  OccurrenceView,
  ItemAction,
  ItemKind,
  ItemListResponse,
  ItemState,
  HouseholdListResponse,
  HouseholdView,
  ItemView,
  MemberImportResult,
  MemberView,
  NewUserResponse,
  PasswordResetResponse,
  SectionId,
  SectionView,
  SessionResponse,
  StreetView,
  StudyReport,
  UserListResponse,
  UserView,
} from '../../src/admin/contract.ts';
export {
  BROADCAST_ANNOUNCE_MAX_MIN,
  BROADCAST_MAX_ITEMS,
  BROADCAST_TITLE_MAX_CHARS,
  ITEM_SUMMARY_MAX_CHARS,
  ITEM_TITLE_MAX_CHARS,
  MAX_ASSET_TITLE_CHARS,
  MAX_UPLOAD_BYTES,
  REVIEW_REASON_MAX_CHARS,
} from '../../src/admin/contract.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const API = '/api/admin';

/** Shows the sign-in box; resolves once the same person has signed in again. */
type SessionLost = (code: 'session_expired' | 'unauthenticated', message: string) => Promise<void>;

/** Who is signed in, and the token that proves a change request comes from this page. */
export const session = {
  user: null as UserView | null,
  csrfToken: '',
  onLost: (() => new Promise<void>(() => {})) as SessionLost,
};

// Several requests may fail at once when a session runs out: they all wait for the one sign-in.
let relogin: Promise<void> | null = null;

const NETWORK_MESSAGE = '连接不上服务器，请检查网络后再试。';

function fallbackMessage(status: number): string {
  if (status === 413) return '内容太长了，请删减一些再保存。';
  if (status >= 500) return '服务器出了点问题，请稍后再试。如果一直这样，请联系管理员。';
  return `操作没有成功（错误 ${status}），请刷新页面后再试。`;
}

/** Reads `{error:{code,message}}` from a failed answer (the API's one error shape). */
export async function errorOf(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiError(res.status, body.error.code ?? 'error', body.error.message);
  } catch {
    /* not JSON: a proxy's page, say */
  }
  return new ApiError(res.status, 'error', fallbackMessage(res.status));
}

/**
 * A JSON request to the admin API; throws ApiError with a message fit to show as it is. When the session has
 * run out, the sign-in box comes up over the page and the request is sent again once signed in: the click
 * that met the expired session still does what it was for, and nothing typed is lost.
 */
export async function api<T = unknown>(method: string, path: string, body?: unknown, retry = true): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken;
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', NETWORK_MESSAGE);
  }
  if (res.status === 204) return undefined as T;
  if (!res.ok) {
    const err = await errorOf(res);
    const signedIn = reportLostSession(err, path);
    if (signedIn && retry) {
      await signedIn;
      return api<T>(method, path, body, false);
    }
    throw err;
  }
  return (await res.json()) as T;
}

/**
 * A 401 while signed in means the session ended: the page shows the sign-in box over itself. Returns the
 * promise of the new sign-in, or null when the error is not a lost session.
 */
export function reportLostSession(err: ApiError, path = ''): Promise<void> | null {
  if (err.status !== 401 || path === '/session' || !session.user) return null;
  if (err.code !== 'session_expired' && err.code !== 'unauthenticated') return null;
  relogin ??= session.onLost(err.code, err.message).finally(() => (relogin = null));
  return relogin;
}

/** A query string from the set values only. */
export function qs(params: Record<string, string | number | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

// Lists that rarely change (the ten sections, the streets), loaded once per page load.
let sections: Promise<SectionView[]> | undefined;
export function getSections(): Promise<SectionView[]> {
  sections ??= api<SectionListResponse>('GET', '/sections').then((r) => r.sections);
  sections.catch(() => (sections = undefined));
  return sections;
}

let streets: Promise<StreetView[]> | undefined;
export function getStreets(fresh = false): Promise<StreetView[]> {
  if (fresh) streets = undefined;
  streets ??= api<StreetListResponse>('GET', '/streets').then((r) => r.streets);
  streets.catch(() => (streets = undefined));
  return streets;
}
