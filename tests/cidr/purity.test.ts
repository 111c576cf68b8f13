import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Beside the lint rule that keeps the AWS SDK out of pure modules: the CIDR modules import nothing but one another.
const LIB = join(__dirname, '..', '..', 'lib');
const CIDR_SOURCES = readdirSync(join(LIB, 'cidr')).map((file) => join('cidr', file));

describe('the CIDR modules', () => {
  it.each(CIDR_SOURCES)('%s imports only relative modules (no SDK, no I/O)', (file) => {
    const source = readFileSync(join(LIB, file), 'utf8');
    const imported = [...source.matchAll(/\bfrom\s+'([^']+)'|\brequire\(\s*'([^']+)'\s*\)/g)].map((match) => match[1] ?? match[2]);

    expect(imported.filter((specifier) => !specifier?.startsWith('.'))).toEqual([]);
  });
});
