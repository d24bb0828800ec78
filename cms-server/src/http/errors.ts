// One error shape for every API: { error: { code, message } } — a stable code for programs and a
// Chinese message for people. Everything that fails leaves through `errorHandler`.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../domain/errors.ts';
import type { Logger } from '../logger.ts';
import { noteError } from './request-log.ts';

export { AppError, notFound } from '../domain/errors.ts';


/** Unknown routes: JSON for APIs and media, never an HTML stack page. */
export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'route_not_found', `没有这个地址：${req.method} ${req.path}`));
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let code = 'internal_error';
    let message = '服务器出了点问题，请稍后再试。';
    let details: Record<string, unknown> | undefined;
    if (err instanceof AppError) {
      ({ status, code, message, details } = err);
    } else if (err && typeof err === 'object' && 'type' in err && err.type === 'entity.parse.failed') {
      status = 400;
      code = 'malformed_json';
      message = '请求内容不是有效的 JSON。';
    } else if (err && typeof err === 'object' && 'status' in err && typeof err.status === 'number' && err.status < 500) {
      // Errors raised by Express's own middleware (body too large, bad URL encoding, …).
      status = err.status;
      code = status === 413 ? 'payload_too_large' : 'bad_request';
      message = status === 413 ? '上传的内容太大了。' : '请求格式不正确。';
    }
    // The request's log line (request-log.ts) carries the code, and a 5xx's error with its cause: written once, there.
    if (!noteError(req, { code, err: status >= 500 ? err : undefined }) && status >= 500) log.error({ err, path: req.path }, 'request failed');
    if (res.headersSent) return;
    res.status(status).set('Cache-Control', 'no-store').json({ error: details ? { code, message, details } : { code, message } });
  };
}
