import { INVENTORY_COLUMNS } from '@temops/core';
import { describe, expect, it } from 'vitest';
import { INVENTORY_FILE_COLUMNS } from './types.ts';

describe('inventory file columns in the web import', () => {
  it('are the columns the import reads, in the same order', () => {
    expect([...INVENTORY_FILE_COLUMNS]).toEqual(INVENTORY_COLUMNS.map((c) => c.name));
  });
});
