// GET /api/tv/v1/speech?text=…&rate=… — a phrase in Mandarin as MP3, for boxes that have no Chinese voice of
// their own (tv-app/src/voice/speak.ts decides). The address is the phrase: the answer never changes, so it is
// cached for a year by the box and any proxy in between, and rendered once on the server (speech-service.ts).
import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { LimitStores } from '../limits/limit-store.ts';
import { SPEECH_MAX_CHARS, SPEECH_REQUESTS_PER_ADDRESS_PER_MIN } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import { safeText } from '../domain/text.ts';
import { issueMessage, parseQuery } from '../http/validate.ts';
import type { SpeechService } from './speech-service.ts';

const speechQuery = z
  .object({
    text: safeText('朗读的文字', { max: SPEECH_MAX_CHARS }),
    // The TV's speed setting (0.5–2, in tenths): each speed is a file of its own.
    rate: z.coerce
      .number({ error: '朗读速度必须是数字。' })
      .min(0.5, { error: '朗读速度最慢是 0.5。' })
      .max(2, { error: '朗读速度最快是 2。' })
      .default(1)
      .transform((r) => Math.round(r * 10) / 10),
  })
  .strict();

export function speechRouter(speech: SpeechService, limits: LimitStores): Router {
  const r = Router();
  const tooMany = new AppError(429, 'too_many_speech_requests', '朗读请求太频繁了，请稍后再试。');
  r.use(
    rateLimit({
      store: limits('speech'),
      windowMs: 60_000,
      limit: SPEECH_REQUESTS_PER_ADDRESS_PER_MIN,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
      handler: (_req, _res, next) => next(tooMany),
    }),
  );
  r.get('/', async (req, res) => {
    const q = parseQuery(speechQuery, req.query, issueMessage('invalid_speech'));
    const { file, key } = await speech.audio(q.text, q.rate);
    res.set('Cache-Control', 'public, max-age=31536000, immutable');
    res.set('ETag', `"${key}"`);
    res.type('audio/mpeg');
    res.sendFile(file);
  });
  return r;
}
