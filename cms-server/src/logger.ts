// The process's one logger: JSON lines on stdout, for the service manager to keep (journald under systemd, see
// deploy/keting.service); nothing is rotated or written to files in this process. Requests: http/request-log.ts.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'keting' } });
}
