import { vi } from 'vitest';
import type { TestStore } from '../../core/test/test-store.ts';
import { main } from '../src/main.ts';

/** Runs the CLI in-process against the test database and captures what it prints. */
export async function temops(store: TestStore, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
  try {
    const code = await main(['node', 'temops', '--db', store.url, ...args]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
