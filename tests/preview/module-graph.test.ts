import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PREVIEW = join(__dirname, '..', '..', 'lib', 'preview');

function relativeImportsOf(file: string): string[] {
  const source = readFileSync(join(PREVIEW, file), 'utf8');
  return [...source.matchAll(/\bfrom\s+'(\.[^']+)'/g)].map((match) => match[1] ?? '');
}

describe('the preview modules', () => {
  it('import one another in one direction only: index (the model) → format (the text) → types', () => {
    expect(relativeImportsOf('format.ts')).not.toContain('.');
    expect(relativeImportsOf('format.ts')).not.toContain('./index');
    expect(relativeImportsOf('types.ts').filter((specifier) => ['.', './index', './format'].includes(specifier))).toEqual([]);
    expect(relativeImportsOf('index.ts')).toEqual(expect.arrayContaining(['./format', './types']));
  });
});
