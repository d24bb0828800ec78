// Whether a password a person chose is good enough, and if not, why — in Chinese. zxcvbn-ts estimates how
// many guesses a password takes, knowing common-password lists (@zxcvbn-ts/language-common: 49 000 common
// passwords, l33t and reversed variants), keyboard patterns, sequences, repeats and dates, and the person's
// own words (username, display name). A score of 3 (at least 10^8 guesses) is required: far beyond what
// the rate limits let anyone try online (10 per 15 minutes per account and per address), and with argon2id
// (~50 ms a guess) decades of CPU time offline, while still accepting memorable passphrases such as
// "lanhua-qiaotou-37"; 4 (10^10) would refuse many passwords that street staff can remember.
// Levenshtein matching is left off: it costs 100–600 ms of blocked event loop per check here, and the
// dictionary, l33t and user-input matchers already catch what it would.
import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS } from '../constants.ts';
import { AppError } from '../domain/errors.ts';

/** The lowest zxcvbn score (0–4) a chosen password may have. */
export const MIN_PASSWORD_SCORE = 3;

/** Words of this product that a password should not lean on. */
const PRODUCT_WORDS = ['keting', '客厅', 'admin'];

let zxcvbn: ZxcvbnFactory | undefined;
/** Built at first use: loading the dictionaries takes a few tens of milliseconds. */
const checker = (): ZxcvbnFactory =>
  (zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, useLevenshteinDistance: false }));

/** Who is choosing: their own words make a weak password. */
export interface PasswordOwner {
  username: string;
  displayName?: string;
}

const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** The words zxcvbn should treat as known to an attacker: the names whole and in parts. */
function ownWords(owner: PasswordOwner): string[] {
  const words = new Set<string>();
  for (const name of [owner.username, owner.displayName ?? '']) {
    if (!name) continue;
    words.add(name.toLowerCase());
    words.add(letters(name));
    for (const part of name.toLowerCase().split(/[^\p{L}]+/u)) if (part.length >= 3) words.add(part);
  }
  words.delete('');
  return [...words, ...PRODUCT_WORDS];
}

/** Why zxcvbn's warning (a translation key) makes a password weak, in Chinese. */
const WARNING: Record<string, string> = {
  topTen: '这是很常见的密码，很容易被猜到',
  topHundred: '这是很常见的密码，很容易被猜到',
  common: '这是很常见的密码，很容易被猜到',
  similarToCommon: '这和很常见的密码差不多（换几个字母、数字或大小写没有用），很容易被猜到',
  pwned: '这个密码已经在网上泄露过，很容易被猜到',
  userInputs: '不能用用户名或自己的名字做密码',
  straightRow: '键盘上连着的一排键（如 qwerty）很容易被猜到',
  keyPattern: '键盘上挨着的键（如 1qaz2wsx）很容易被猜到',
  simpleRepeat: '重复的字符（如 aaaa、1111）很容易被猜到',
  extendedRepeat: '重复的片段（如 abcabc）很容易被猜到',
  sequences: '连续的字母或数字（如 abcd、1234）很容易被猜到',
  recentYears: '最近的年份很容易被猜到',
  dates: '日期（如生日）很容易被猜到',
  wordByItself: '单独一个词很容易被猜到',
  namesByThemselves: '单独的姓名很容易被猜到',
  commonNames: '常见的姓名很容易被猜到',
};
const ADVICE = '请把三四个互不相关的词（拼音也可以）和数字连起来，例如 guihua-xiaoqiao-37-liushui 这样，只有你自己知道。';

/** The Chinese reason a password is refused, or undefined when it may be used. */
export function passwordProblem(password: string, owner: PasswordOwner): string | undefined {
  if (password.length < MIN_PASSWORD_CHARS) return `新密码太短了，至少要 ${MIN_PASSWORD_CHARS} 个字符。`;
  if (password.length > MAX_PASSWORD_CHARS) return `新密码太长了，最多 ${MAX_PASSWORD_CHARS} 个字符。`;
  const result: ZxcvbnResult = checker().check(password, ownWords(owner));
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  const own = [owner.username, owner.displayName ?? ''].map(letters).filter((w) => w.length >= 3);
  const usesName = own.some((w) => letters(password).includes(w));
  const warning = usesName ? 'userInputs' : result.feedback.warning;
  const why = (warning && WARNING[warning]) ?? '这个密码太容易被猜到了';
  return `新密码不够安全：${why}。${ADVICE}`;
}

/** Refuses a password chosen by a person with 400 weak_password and the reason in Chinese. */
export function checkNewPassword(password: string, owner: PasswordOwner): void {
  const problem = passwordProblem(password, owner);
  if (problem) throw new AppError(400, 'weak_password', problem);
}
