// The one glue between zod and the one error shape: a route checks a request's body, query or path parameter
// with a schema, and the first problem becomes a 400 AppError with a stable code and a Chinese message.
// Services take what these return, already typed; they never see zod's errors.
import { z } from 'zod';
import { AppError, type ErrorCode } from '../domain/errors.ts';

// zod's own messages (for rules without a message of ours: nested fields, queries) in Chinese. The locale is
// process-wide: set here once, when the first route module loads this one.
z.config(z.locales.zhCN());

export type Issue = z.core.$ZodIssue;

/** What a failed check answers: a fixed 400 (its code and message), or an AppError made from zod's first issue. */
export type Refusal = { code: ErrorCode; message: string } | ((issue: Issue) => AppError);

/** `input` checked by `schema`: the parsed value, or `refusal` thrown for the first problem. */
export function parse<T extends z.ZodType>(schema: T, input: unknown, refusal: Refusal): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw typeof refusal === 'function' ? refusal(issue) : new AppError(400, refusal.code, refusal.message);
}

/** The first problem's own words, with the field it is about: "请填写用户名。（username）". */
export const firstIssue =
  (code: ErrorCode) =>
  (issue: Issue): AppError =>
    new AppError(400, code, `${issue.message}${issue.path.length ? `（${issue.path.join('.')}）` : ''}`);

/** The first problem's own words alone, for rules whose messages already name their field. */
export const issueMessage =
  (code: ErrorCode) =>
  (issue: Issue): AppError =>
    new AppError(400, code, issue.message);

/** A path id of the wrong form: `invalid_id` (or the code given), "内容编号的格式不对。". */
export const badId = (what: string, code: ErrorCode = 'invalid_id'): Refusal => ({ code, message: `${what}编号的格式不对。` });

export interface BodyOptions {
  /** How the first problem is answered; by default 400 `invalid_body` in its own words, naming the field. */
  refusal?: Refusal;
  /** A request without a body is an empty object (actions whose fields are all optional). */
  emptyWhenAbsent?: boolean;
}

/** A JSON body: an object (not an array, not missing unless `emptyWhenAbsent`), checked by `schema`. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown, options: BodyOptions = {}): z.infer<T> {
  const input = body === undefined && options.emptyWhenAbsent ? {} : body;
  if (input === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new AppError(400, 'invalid_body', '请求内容必须是一个 JSON 对象（Content-Type: application/json）。');
  }
  return parse(schema, input, options.refusal ?? firstIssue('invalid_body'));
}

const queryIssue = (issue: Issue): AppError =>
  new AppError(400, 'invalid_query', `查询条件不正确：${issue.path.join('.')} ${issue.message}`.trim());

/** A query string, checked by `schema`; by default 400 `invalid_query` naming the parameter and its problem. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown, refusal: Refusal = queryIssue): z.infer<T> {
  return parse(schema, query, refusal);
}
