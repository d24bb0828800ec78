// The one error shape, checked the same way by every API test: the status, JSON, the stable code, and a
// message a person can read (in Chinese). A HEAD answer has the status and type without the body.
import { expect } from 'vitest';

export async function expectApiError(res: Response, status: number, code: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  if (text === '') return;
  const body = JSON.parse(text) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
}
