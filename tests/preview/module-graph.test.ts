import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const LIB = join(__dirname, '..', '..', 'lib');

function relativeImportsOf(file: string): string[] {
  const source = readFileSync(join(LIB, file), 'utf8');
  return [...source.matchAll(/\bfrom\s+'(\.[^']+)'/g)].map((match) => match[1] ?? '');
}

describe('the preview modules', () => {
  it('import one another in one direction only: preview → preview-format → preview-types', () => {
    expect(relativeImportsOf('preview-format.ts')).not.toContain('./preview');
    expect(relativeImportsOf('preview-types.ts').filter((specifier) => specifier.startsWith('./preview'))).toEqual([]);
    expect(relativeImportsOf('preview.ts')).toEqual(expect.arrayContaining(['./preview-format', './preview-types']));
  });
});
