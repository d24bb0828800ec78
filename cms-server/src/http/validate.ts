// Request validation with zod, failing in the one error shape: 400 `invalid_body` (or the code given) with
// the first problem in Chinese.
import { z } from 'zod';
import { AppError } from './errors.ts';

// zod's own messages (for rules without a message of ours) in Chinese too.
z.config(z.locales.zhCN());

export function parseBody<T extends z.ZodType>(schema: T, body: unknown, code = 'invalid_body'): z.infer<T> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError(400, code, '请求内容必须是一个 JSON 对象（Content-Type: application/json）。');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `（${issue.path.join('.')}）` : '';
    throw new AppError(400, code, `${issue?.message ?? '请求内容不正确。'}${where}`);
  }
  return parsed.data;
}

export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(400, 'invalid_query', `查询条件不正确：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}
