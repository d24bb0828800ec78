// Password hashing (argon2id through @node-rs/argon2, its OWASP-recommended defaults: 19 MiB, 2 passes,
// ~50 ms here) and one-time passwords.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ONE_TIME_PASSWORD_CHARS } from '../constants.ts';

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified against when the user does not exist, so timing does not tell names. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hash(crypto.randomBytes(16).toString('hex')));

// No 0/O, 1/l/I: one-time passwords are read off a screen and typed by hand.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function oneTimePassword(): string {
  let out = '';
  for (let i = 0; i < ONE_TIME_PASSWORD_CHARS; i++) out += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return out;
}
