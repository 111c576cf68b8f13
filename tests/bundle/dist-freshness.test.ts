import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleDistReason } from '../support/dist-freshness';

describe('the stale-dist/ check run before the tests', () => {
  let root: string;
  const at = (path: string, seconds: number) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), seconds, seconds);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dist-freshness-'));
    at('lib/cidr/address.ts', 1_000);
    at('handler/index.ts', 1_000);
    at('bin/vpce-provisioner.ts', 1_000);
    at('package-lock.json', 1_000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('accepts a dist/ built after every source', () => {
    at('dist/index.js', 2_000);
    at('dist/cli.js', 2_000);

    expect(staleDistReason(root)).toBeUndefined();
  });

  it('names a missing bundle', () => {
    at('dist/index.js', 2_000);

    expect(staleDistReason(root)).toBe('dist/cli.js does not exist');
  });

  it.each([
    ['a source in a lib/ subfolder', 'lib/cidr/address.ts'],
    ['the Lambda entry point', 'handler/index.ts'],
    ['the command line', 'bin/vpce-provisioner.ts'],
    ['the build settings', 'esbuild.settings.json'],
    ['the lock file', 'package-lock.json'],
  ])('names %s edited after the build', (_label, path) => {
    at('dist/index.js', 2_000);
    at('dist/cli.js', 2_000);
    at(path, 3_000);

    expect(staleDistReason(root)).toBe(`${path} changed after dist/ was built`);
  });

  it('compares against the older of the two bundles', () => {
    at('dist/index.js', 500);
    at('dist/cli.js', 2_000);

    expect(staleDistReason(root)).toBe('lib/cidr/address.ts changed after dist/ was built');
  });
});
