import { hash, verify } from '@node-rs/argon2';

// 2 = Argon2id. The package's Algorithm enum is a const enum that isolated modules cannot import.
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 10;

export const hashPassword = (password: string) =>
  hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) return false;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
