// This box and the CMS (issue 16): the box says hello at start and every minute (its version and street), and
// keeps the answer — paired to a household (its name and members, for 谁在看) or not — on the box, so a box that
// cannot reach the CMS still knows its household. The pairing screen asks for a six-digit code and says hello
// every few seconds while it shows it. Hello failures are silent: the box works without the CMS.
import type { BoxHelloBody, BoxStatus, PairingCodeBody, PairingCodeResponse, TvStudySummary } from '../../../cms-server/src/tv-api/contract.ts';
import { ApiError, apiBase, deviceId, streetId } from './api.ts';

export type { BoxStatus, PairingCodeResponse };

/** The app's version, as the box tells the CMS (the fleet in the admin shows it); the root package.json's. */
export const APP_VERSION = '0.1.0';

/** How often a box says hello while it is on (the CMS counts a box online for 150 s after one). */
export const HELLO_INTERVAL_MS = 60_000;
/** How often the pairing screen says hello while it shows a code, so 已绑定 shows within seconds. */
export const PAIRING_HELLO_MS = 2_500;
/** A code is replaced this long before it expires, so the one on screen still works when staff type it. */
export const REPLACE_EARLY_MS = 5_000;
/** Never sooner than this after a code came (a server whose lifetime looks absurd must not make a loop of codes). */
export const MIN_CODE_LIFE_MS = 30_000;

const STATUS_KEY = 'keting.box';
const TIMEOUT_MS = 8000;

let status: BoxStatus | null | undefined;
const listeners = new Set<(s: BoxStatus) => void>();

/** The last answer to hello this box received (kept on the box), or null when it never had one. */
export function boxStatus(): BoxStatus | null {
  if (status === undefined) {
    try {
      const kept = localStorage.getItem(STATUS_KEY);
      status = kept ? (JSON.parse(kept) as BoxStatus) : null;
    } catch {
      status = null; // storage disabled, or a damaged copy: as if none were kept
    }
  }
  return status;
}

/** Calls `listener` with every answer to hello from now on; gives back how to stop. */
export function onBoxStatus(listener: (s: BoxStatus) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function keepStatus(s: BoxStatus): void {
  status = s;
  try {
    localStorage.setItem(STATUS_KEY, JSON.stringify(s));
  } catch {
    // storage full or disabled: known until the box restarts
  }
  for (const l of [...listeners]) l(s);
}

interface Answer<T> {
  body: T;
  /** The server's clock when it answered (its Date header), when the browser lets the page read it. */
  serverDate: string | null;
}

async function post<T>(path: string, body: unknown): Promise<Answer<T>> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(`${apiBase()}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
      signal: ctrl.signal,
    });
  } catch {
    throw new ApiError('offline', '连接不上服务器，请稍后再试。');
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    const err = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(err?.error?.code ?? `http_${res.status}`, err?.error?.message ?? '服务器出了点问题，请稍后再试。');
  }
  return { body: (await res.json()) as T, serverDate: res.headers.get('Date') };
}

/** Says hello now: the answer is kept (and told to the listeners); a failure is thrown, the kept answer stays. */
export async function sayHello(): Promise<BoxStatus> {
  const street = streetId();
  const path = `/api/tv/v1/boxes/hello${street ? `?street=${encodeURIComponent(street)}` : ''}`;
  const body: BoxHelloBody = { deviceId: deviceId(), appVersion: APP_VERSION };
  const { body: answer } = await post<BoxStatus>(path, body);
  keepStatus(answer);
  return answer;
}

let helloTimer: ReturnType<typeof setTimeout> | undefined;

/** The first hello waits this long after the app starts, out of the way of home's first frames. */
export const FIRST_HELLO_MS = 1_500;

/** Hello at start and every minute while the box is on; failures are silent. */
export function startHello(): void {
  if (helloTimer !== undefined) return;
  const hello = () => void sayHello().catch(() => undefined);
  helloTimer = setTimeout(() => {
    hello();
    helloTimer = setInterval(hello, HELLO_INTERVAL_MS);
  }, FIRST_HELLO_MS);
}

/** A code on screen, and the moment (this box's clock) to replace it. */
export interface ShownCode extends PairingCodeResponse {
  replaceAt: number;
}

/**
 * When to replace a code, on this box's clock. The code's lifetime is measured on the server's clock (its
 * `expiresAt` less the moment of its answer), so a box whose own clock is wrong (many are, after a power cut)
 * neither shows a dead code nor asks for a new one at every turn. Without the server's Date, the box's clock.
 */
export function replaceAt(expiresAt: string, serverDate: string | null, receivedAt: number): number {
  const expires = Date.parse(expiresAt);
  const serverNow = serverDate === null ? NaN : Date.parse(serverDate);
  const life = expires - (Number.isFinite(serverNow) ? serverNow : receivedAt);
  if (!Number.isFinite(life)) return receivedAt + MIN_CODE_LIFE_MS;
  return receivedAt + Math.max(MIN_CODE_LIFE_MS, life - REPLACE_EARLY_MS);
}

let lastCode: ShownCode | undefined;

/**
 * A code for this box to show: the one it already has while it lives another minute (opening the screen again does
 * not use up the box's codes, 10 per 10 minutes), else a new one from the CMS (which ends the box's earlier code).
 */
export async function pairingCode({ fresh = false } = {}): Promise<ShownCode> {
  if (!fresh && lastCode && lastCode.replaceAt - Date.now() > MIN_CODE_LIFE_MS) return lastCode;
  const body: PairingCodeBody = { deviceId: deviceId() };
  const { body: code, serverDate } = await post<PairingCodeResponse>('/api/tv/v1/boxes/pairing-code', body);
  lastCode = { ...code, replaceAt: replaceAt(code.expiresAt, serverDate, Date.now()) };
  return lastCode;
}

/** Forgets the code shown (the box was paired with it: it cannot be used again). */
export function forgetCode(): void {
  lastCode = undefined;
}

/** The address the QR code holds: the admin's page that pairs this code, on the CMS the box talks to. */
export const pairUrl = (pairPath: string, base: string = apiBase()): string => `${base.replace(/\/$/, '')}${pairPath}`;

/** The code as shown: its digits spaced apart, the two halves further apart ("4 8 2   9 1 3"). */
export function spacedCode(code: string): string {
  const digits = code.split('');
  const half = Math.ceil(digits.length / 2);
  return `${digits.slice(0, half).join(' ')}   ${digits.slice(half).join(' ')}`;
}

/** The code as the voice says it: digit by digit, not as one big number ("4，8，2，9，1，3"). */
export const spokenCode = (code: string): string => code.split('').join('，');

/** The month's study of the members watching (谁在看), for 「本月已学习」 after a lesson; the box's own household only. */
export async function studySummary(members: readonly number[]): Promise<TvStudySummary> {
  const { body } = await post<TvStudySummary>('/api/tv/v1/boxes/summary', { deviceId: deviceId(), members: [...members] });
  return body;
}
