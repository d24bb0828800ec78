// When a broadcast happens: once, weekly on chosen days, or by an iCalendar RRULE (RFC 5545 §3.3.10), expanded into
// its occurrences by the `rrule` package (not by date arithmetic of ours). A rule is read in Asia/Shanghai wall-clock
// time — "every Monday at 19:30" means 19:30 in Shanghai — so it is expanded in floating time (the wall clock written
// as if it were UTC) and each occurrence is turned into an instant by domain/time.ts (the engine's own zone data).
// A repeat must end (COUNT or UNTIL), fire at most hourly, and expand to a bounded number of occurrences.
import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';
import {
  BROADCAST_MAX_OCCURRENCES,
  BROADCAST_MIN_INTERVAL_MIN,
  PUBLISH_WINDOW_MAX_DAYS,
} from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { shanghaiIso, shanghaiTime } from '../domain/time.ts';

// rrule 2.8 ships CommonJS for Node (its ESM build is for bundlers and lacks "exports"): Node's ESM loader cannot see
// its named exports, so it is required.
const { RRule } = createRequire(import.meta.url)('rrule') as typeof RRuleModule;

/** How a broadcast repeats. Weekdays: 1 = Monday … 7 = Sunday (ISO 8601). `until`: a Shanghai date, inclusive. */
export type Repeat =
  | { kind: 'once' }
  | { kind: 'weekly'; days: number[]; until: string }
  | { kind: 'rrule'; rule: string };

export interface Occurrence {
  startMs: number;
  endMs: number;
}

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The RRULE a weekly repeat is stored as (UNTIL: the end of the chosen day, floating Shanghai time). */
export function weeklyRule(days: number[], until: string): string {
  const byday = [...new Set(days)].sort().map((d) => BYDAY[d - 1]).join(',');
  return `FREQ=WEEKLY;BYDAY=${byday};UNTIL=${until.replaceAll('-', '')}T235959`;
}

/** The Shanghai wall clock of an instant, as a floating Date (its UTC fields are Shanghai's). */
function floating(ms: number): Date {
  const s = shanghaiTime(ms)!;
  return new Date(Date.UTC(s.year, s.month - 1, s.day, s.hour, s.minute, s.second));
}

/** A floating Date back to the instant it names in Shanghai. */
function instant(f: Date): number {
  const date = `${f.getUTCFullYear()}-${pad(f.getUTCMonth() + 1)}-${pad(f.getUTCDate())}`;
  return Date.parse(shanghaiIso(date, `${pad(f.getUTCHours())}:${pad(f.getUTCMinutes())}:${pad(f.getUTCSeconds())}`));
}

const refuse = (code: 'invalid_rrule' | 'rrule_endless' | 'rrule_too_frequent' | 'too_many_occurrences', message: string): never => {
  throw new AppError(400, code, message);
};

/** The parsed options of an RRULE text (without DTSTART: the broadcast's start is the rule's start). */
function ruleOptions(rule: string): Partial<RRuleModule.Options> {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (!/^[A-Z0-9=;,:+-]+$/i.test(text) || /DTSTART|TZID/i.test(text)) {
    refuse('invalid_rrule', '重复规则的格式不对，请写成“FREQ=WEEKLY;BYDAY=MO;COUNT=10”这样的 iCalendar RRULE（不含 DTSTART）。');
  }
  try {
    const options = RRule.parseString(text);
    if (options.freq === undefined) throw new Error('no FREQ');
    return options;
  } catch {
    return refuse('invalid_rrule', '重复规则看不懂，请写成“FREQ=WEEKLY;BYDAY=MO;COUNT=10”这样的 iCalendar RRULE。');
  }
}

/**
 * Every occurrence of a broadcast whose first occurrence is [startMs, endMs), in order; refused in words when the
 * repeat never ends, fires more often than BROADCAST_MIN_INTERVAL_MIN, or has too many occurrences.
 */
export function occurrencesOf(startMs: number, endMs: number, repeat: Repeat): Occurrence[] {
  const length = endMs - startMs;
  if (repeat.kind === 'once') return [{ startMs, endMs }];
  const text = repeat.kind === 'weekly' ? weeklyRule(repeat.days, repeat.until) : repeat.rule;
  const options = ruleOptions(text);
  if (options.count == null && options.until == null) {
    refuse('rrule_endless', '重复规则没有结束：请加上重复次数（COUNT）或结束日期（UNTIL）。');
  }
  if (options.freq === RRule.SECONDLY || options.freq === RRule.MINUTELY) {
    refuse('rrule_too_frequent', `重复得太频繁了：同一个节目两次开始至少要相隔 ${BROADCAST_MIN_INTERVAL_MIN} 分钟。`);
  }
  const horizon = floating(startMs + PUBLISH_WINDOW_MAX_DAYS * DAY_MS);
  const rule = new RRule({ ...options, dtstart: floating(startMs) });
  const starts: Date[] = [];
  let beyond = false;
  // Stops past the limits instead of expanding a rule of a million occurrences first.
  rule.all((d) => {
    if (d > horizon) {
      beyond = true;
      return false;
    }
    starts.push(d);
    return starts.length <= BROADCAST_MAX_OCCURRENCES;
  });
  if (beyond) {
    refuse('too_many_occurrences', `重复到太远了：节目最晚只能排到 ${Math.round(PUBLISH_WINDOW_MAX_DAYS / 365)} 年以后，请缩短重复次数或结束日期。`);
  }
  if (starts.length > BROADCAST_MAX_OCCURRENCES) {
    refuse('too_many_occurrences', `重复次数太多了：一个节目最多重复 ${BROADCAST_MAX_OCCURRENCES} 次，请缩短结束日期。`);
  }
  const occurrences = starts.map((d) => {
    const s = instant(d);
    return { startMs: s, endMs: s + length };
  });
  for (let i = 1; i < occurrences.length; i++) {
    if (occurrences[i]!.startMs - occurrences[i - 1]!.startMs < BROADCAST_MIN_INTERVAL_MIN * 60_000) {
      refuse('rrule_too_frequent', `重复得太频繁了：同一个节目两次开始至少要相隔 ${BROADCAST_MIN_INTERVAL_MIN} 分钟。`);
    }
  }
  if (occurrences.length === 0) refuse('invalid_rrule', '按这个重复规则，节目一次也不会播出，请检查规则和日期。');
  return occurrences;
}
