import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCfnTemplate } from '../support/cfn-yaml';

const root = join(__dirname, '../..');
const template = loadCfnTemplate(join(root, 'template.yaml'));
const samconfig = readFileSync(join(root, 'samconfig.toml'), 'utf8');

/** The parameter_overrides of `[<environment>.deploy.parameters]`, as SAM passes them (Key=Value, space-separated). */
function overridesOf(environment: string): Record<string, string> {
  const section = new RegExp(`\\[${environment}\\.deploy\\.parameters\\]([\\s\\S]*?)(?=\\n\\[|$)`).exec(samconfig)?.[1] ?? '';
  const line = /^parameter_overrides = "(.*)"$/m.exec(section)?.[1];
  if (line === undefined) throw new Error(`no parameter_overrides in [${environment}.deploy.parameters]`);
  return Object.fromEntries(line.split(' ').map((pair) => pair.split('=') as [string, string]));
}

/** The value a deployment gets: the override, else the template's default. */
function valueOf(environment: string, parameter: string): string {
  return overridesOf(environment)[parameter] ?? String(template.Parameters?.[parameter]?.Default ?? '');
}

describe('samconfig.toml', () => {
  it.each(['default', 'production'])('[%s] names only parameters of template.yaml, with values they accept', (environment) => {
    const overrides = overridesOf(environment);
    expect(Object.keys(overrides).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(overrides)) {
      const parameter = template.Parameters?.[name];
      expect(parameter).toBeDefined();
      if (parameter?.AllowedPattern !== undefined) expect(`${name}=${new RegExp(`^(?:${parameter.AllowedPattern})$`).test(value)}`).toBe(`${name}=true`);
      if (parameter?.AllowedValues !== undefined) expect(parameter.AllowedValues.map(String)).toContain(value);
    }
  });

  it('[production] deploys a hub the template’s own rules accept, as the README’s deploy line runs it', () => {
    expect(valueOf('production', 'SpokeRoleName')).not.toBe('');
    // ExternalIdRequiredInHubMode and OrganizationRequiredInHubMode
    expect(valueOf('production', 'SpokeExternalId')).not.toBe('');
    expect(valueOf('production', 'OrganizationId')).not.toBe('');
  });

  it('exports different ServiceToken names in the two environments, so both fit in one account and region', () => {
    expect(valueOf('production', 'ServiceTokenExportName')).not.toBe(valueOf('default', 'ServiceTokenExportName'));
  });
});
