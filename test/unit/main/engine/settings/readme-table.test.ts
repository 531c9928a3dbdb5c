import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsMarkdownTable } from '../../../../../src/main/engine/settings/readme-table';

const README = path.resolve(import.meta.dirname, '../../../../../README.md');

describe("README's settings table", () => {
  it('is exactly the table rendered from SETTINGS (run the test, paste the expected table if it differs)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const match = /<!-- settings-table[^\n]*-->\n([\s\S]*?)\n<!-- \/settings-table -->/.exec(readme);
    expect(match, 'README.md lacks the <!-- settings-table --> markers').not.toBeNull();
    expect(match?.[1]).toBe(settingsMarkdownTable());
  });
});
