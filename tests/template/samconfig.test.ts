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

/** The `stack_name` of `[<environment>.global.parameters]`. */
function stackNameOf(environment: string): string | undefined {
  const section = new RegExp(`\\[${environment}\\.global\\.parameters\\]([\\s\\S]*?)(?=\\n\\[|$)`).exec(samconfig)?.[1] ?? '';
  return /^stack_name = "(.*)"$/m.exec(section)?.[1];
}

/** The environment names, from the section headers. */
const environments = [...new Set([...samconfig.matchAll(/^\[([\w-]+)\./gm)].map((match) => match[1]))];

/** The value a deployment gets: the override, else the template's default. */
function valueOf(environment: string, parameter: string): string {
  return overridesOf(environment)[parameter] ?? String(template.Parameters?.[parameter]?.Default ?? '');
}

describe('samconfig.toml', () => {
  it('has exactly the environments named for what they deploy: single-account and hub', () => {
    expect(environments).toEqual(['single-account', 'hub']);
  });

  it.each(['single-account', 'hub'])('[%s] names only parameters of template.yaml, with values they accept', (environment) => {
    const overrides = overridesOf(environment);
    expect(Object.keys(overrides).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(overrides)) {
      const parameter = template.Parameters?.[name];
      expect(parameter).toBeDefined();
      if (parameter?.AllowedPattern !== undefined) expect(`${name}=${new RegExp(`^(?:${parameter.AllowedPattern})$`).test(value)}`).toBe(`${name}=true`);
      if (parameter?.AllowedValues !== undefined) expect(parameter.AllowedValues.map(String)).toContain(value);
    }
  });

  it('[hub] deploys a hub the template’s own rules accept, as the README’s deploy line runs it', () => {
    expect(valueOf('hub', 'SpokeRoleName')).not.toBe('');
    // ExternalIdRequiredInHubMode and OrganizationRequiredInHubMode
    expect(valueOf('hub', 'SpokeExternalId')).not.toBe('');
    expect(valueOf('hub', 'OrganizationId')).not.toBe('');
  });

  it('[single-account] serves its own account only', () => {
    expect(valueOf('single-account', 'SpokeRoleName')).toBe('');
    expect(valueOf('single-account', 'OrganizationId')).toBe('');
  });

  it('uses one stack name in both, so a single-account provider becomes a hub in place, keeping its ServiceToken', () => {
    expect(stackNameOf('single-account')).toBe('vpce-provisioner');
    expect(stackNameOf('hub')).toBe('vpce-provisioner');
  });

  it('[hub] uses the stack name from which the spoke StackSet derives each Region’s ServiceToken, and its spoke role name', () => {
    const serviceToken = loadCfnTemplate(join(root, 'examples/spoke/service-token.yaml'));
    const spokeRole = loadCfnTemplate(join(root, 'examples/spoke/spoke-role.yaml'));
    expect(serviceToken.Parameters?.['HubStackName']?.Default).toBe(stackNameOf('hub'));
    expect(spokeRole.Parameters?.['RoleName']?.Default).toBe(valueOf('hub', 'SpokeRoleName'));
  });
});
