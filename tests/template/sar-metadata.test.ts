/**
 * template.yaml's AWS Serverless Application Repository listing (`AWS::ServerlessRepo::Application`), which `sam
 * publish` reads. Its field limits are those of the SAR API's CreateApplication (Serverless Application Repository
 * API Reference, "Applications"): SAR rejects a listing that breaks them only at publish time, so they are checked here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCfnTemplate } from '../support/cfn-yaml';

const root = join(__dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; license: string };
const template = loadCfnTemplate(join(root, 'template.yaml'));
const metadata = (template.Metadata ?? {}) as Record<string, unknown>;
const listing = (metadata['AWS::ServerlessRepo::Application'] ?? {}) as Record<string, unknown>;

/** semver.org's suggested regular expression for a version (no leading "v"). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

describe('the Serverless Application Repository listing in template.yaml', () => {
  it('carries every field a listing needs, with the fixed values', () => {
    expect(Object.keys(listing).sort()).toEqual(
      ['Author', 'Description', 'HomePageUrl', 'Labels', 'LicenseUrl', 'Name', 'ReadmeUrl', 'SemanticVersion', 'SourceCodeUrl', 'SpdxLicenseId'].sort(),
    );
    expect(listing['Name']).toBe('vpce-provisioner');
    expect(listing['SpdxLicenseId']).toBe('Apache-2.0');
    // sam package uploads local files named here; the paths are relative to the template.
    expect(listing['LicenseUrl']).toBe('LICENSE');
    expect(listing['ReadmeUrl']).toBe('README.md');
  });

  it('has the version and licence of package.json', () => {
    expect(listing['SemanticVersion']).toBe(packageJson.version);
    expect(listing['SpdxLicenseId']).toBe(packageJson.license);
  });

  it('has a semantic version SAR accepts', () => {
    expect(listing['SemanticVersion']).toMatch(SEMVER);
  });

  it('keeps within CreateApplication limits: Name, Author, Description', () => {
    const name = String(listing['Name']);
    expect(name).toMatch(/^[a-zA-Z0-9-]{1,140}$/);
    const author = String(listing['Author']);
    expect(author.length).toBeLessThanOrEqual(127);
    expect(author).toMatch(/^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$/);
    const description = String(listing['Description']);
    expect(description.length).toBeGreaterThan(0);
    expect(description.length).toBeLessThanOrEqual(256);
  });

  it('keeps within CreateApplication limits: at most 10 labels, each 1-127 characters of the allowed set', () => {
    const labels = listing['Labels'];
    expect(Array.isArray(labels)).toBe(true);
    const list = labels as unknown[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(10);
    for (const label of list) expect(String(label)).toMatch(/^[a-zA-Z0-9+\-_:/@]{1,127}$/);
    expect(new Set(list).size).toBe(list.length);
  });

  it('points its home page and source code at https URLs', () => {
    for (const key of ['HomePageUrl', 'SourceCodeUrl']) {
      expect(new URL(String(listing[key])).protocol).toBe('https:');
    }
  });

  it('names a readme that exists beside the template', () => {
    expect(readFileSync(join(root, String(listing['ReadmeUrl'])), 'utf8').length).toBeGreaterThan(0);
  });

  it('names a licence file beside the template that is the Apache License 2.0 its SPDX ID says', () => {
    const licence = readFileSync(join(root, String(listing['LicenseUrl'])), 'utf8');
    expect(licence).toContain('Apache License');
    expect(licence).toContain('Version 2.0, January 2004');
  });
});
