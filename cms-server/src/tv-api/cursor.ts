// A section page's cursor (GET /api/tv/v2/sections/:id/items?cursor=): the keyset position of the last item of
// the page before — [urgent, publishedAt, id] as JSON in base64url. Opaque to the box; checked in full here, so a
// cursor made up, cut short or from another program is a 400 `invalid_cursor`, never a query with odd values.
import { z } from 'zod';
import { SECTION_CURSOR_MAX_CHARS } from '../constants.ts';
import type { ListPosition } from '../content/item-repository.ts';
import { idSchema } from '../domain/ids.ts';
import { AppError } from '../domain/errors.ts';

const cursorText = z.string().min(1).max(SECTION_CURSOR_MAX_CHARS).regex(/^[A-Za-z0-9_-]+$/);
/** ISO 8601 UTC as stored ("2026-11-24T11:30:00.000Z"). */
const storedTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/);
const position = z.tuple([z.union([z.literal(0), z.literal(1)]), storedTime, idSchema]);

export const invalidCursor = () =>
  new AppError(400, 'invalid_cursor', '翻页位置（cursor）不正确，请从第一页重新开始。');

export function encodeCursor(p: ListPosition): string {
  return Buffer.from(JSON.stringify([p.urgent ? 1 : 0, p.publishedAt, p.id])).toString('base64url');
}

/** The position a cursor holds, or `invalid_cursor` (400) for anything that is not one this server made. */
export function decodeCursor(raw: unknown): ListPosition {
  const text = cursorText.safeParse(raw);
  if (!text.success) throw invalidCursor();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text.data, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = position.safeParse(json);
  if (!parsed.success) throw invalidCursor();
  const [urgent, publishedAt, id] = parsed.data;
  return { urgent: urgent === 1, publishedAt, id };
}
