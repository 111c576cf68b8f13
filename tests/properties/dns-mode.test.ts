import { parseProperties } from '../../lib/properties';
import { problemsOf, withProperties } from './support';

describe('DnsMode and AllowedConsumers, valid', () => {
  it.each<[string, Record<string, unknown>, string, boolean]>([
    ['not given', {}, 'PrivateDns', true],
    ['PrivateDns', { DnsMode: 'PrivateDns' }, 'PrivateDns', true],
    ['HostedZones', { DnsMode: 'HostedZones' }, 'HostedZones', false],
    ['hostedzones in lower case', { DnsMode: ' hostedzones ' }, 'HostedZones', false],
    ['HostedZones with private DNS explicitly off', { DnsMode: 'HostedZones', PrivateDnsEnabled: 'false' }, 'HostedZones', false],
    ['PrivateDns with private DNS off', { DnsMode: 'PrivateDns', PrivateDnsEnabled: 'false' }, 'PrivateDns', false],
  ])('reads DnsMode %s and turns private DNS off for a hub', (_label, overrides, mode, privateDns) => {
    // Act
    const spec = parseProperties(withProperties(overrides));

    // Assess
    expect(spec.dnsMode).toBe(mode);
    expect(spec.privateDnsEnabled).toBe(privateDns);
  });

  it.each<[string, unknown, unknown]>([
    ['not given: the hub account only', undefined, { kind: 'accounts', accountIds: [] }],
    ['one account', '111122223333', { kind: 'accounts', accountIds: ['111122223333'] }],
    ['a comma-separated string', '111122223333, 444455556666', { kind: 'accounts', accountIds: ['111122223333', '444455556666'] }],
    ['a list with a repeat', ['444455556666', '111122223333', '444455556666'], { kind: 'accounts', accountIds: ['444455556666', '111122223333'] }],
    ['Organization', 'Organization', { kind: 'organization' }],
    ['organization in lower case', ['organization'], { kind: 'organization' }],
    ['an OU alone', 'ou-a1b2-workload1', { kind: 'accounts', accountIds: [], organizationalUnitIds: ['ou-a1b2-workload1'] }],
    [
      'accounts, OUs and a root mixed, with a repeat',
      ['111122223333', 'ou-a1b2-workload1', 'r-a1b2', 'ou-a1b2-workload1'],
      { kind: 'accounts', accountIds: ['111122223333'], organizationalUnitIds: ['ou-a1b2-workload1', 'r-a1b2'] },
    ],
  ])('reads AllowedConsumers %s', (_label, raw, expected) => {
    // Act
    const spec = parseProperties(withProperties({ DnsMode: 'HostedZones', AllowedConsumers: raw }));

    // Assess
    expect(spec.allowedConsumers).toStrictEqual(expected);
  });
});

describe('DnsMode and AllowedConsumers, invalid', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown mode close to one', { DnsMode: 'HostedZone' }, ['DnsMode must be one of "PrivateDns", "HostedZones"', 'got a string "HostedZone"', 'Did you mean "HostedZones"?']],
    ['an unknown mode far from any', { DnsMode: 'Resolver' }, ['DnsMode must be one of', 'got a string "Resolver"']],
    ['a mode as a list', { DnsMode: ['HostedZones'] }, ['DnsMode must be one of', 'got a list ["HostedZones"]']],
    ['private DNS on with the zones', { DnsMode: 'HostedZones', PrivateDnsEnabled: 'true' }, ['PrivateDnsEnabled "true" cannot be combined with DnsMode "HostedZones"', 'replace private DNS']],
    ['private DNS on as a boolean with the zones', { DnsMode: 'HostedZones', PrivateDnsEnabled: true }, ['PrivateDnsEnabled true cannot be combined with DnsMode "HostedZones"']],
    ['consumers without a mode', { AllowedConsumers: '111122223333' }, ['AllowedConsumers "111122223333" needs DnsMode "HostedZones"', 'not given (so "PrivateDns")']],
    ['consumers with PrivateDns', { DnsMode: 'PrivateDns', AllowedConsumers: 'Organization' }, ['AllowedConsumers "Organization" needs DnsMode "HostedZones"', 'DnsMode is "PrivateDns"']],
    ['a short account ID', { DnsMode: 'HostedZones', AllowedConsumers: '11112222333' }, ['AllowedConsumers[0] "11112222333" is not an account ID (12 digits)']],
    ['a misspelt Organization', { DnsMode: 'HostedZones', AllowedConsumers: 'Organisation' }, ['AllowedConsumers[0] "Organisation" is not an account ID', 'Did you mean "Organization"?']],
    ['Organization with accounts', { DnsMode: 'HostedZones', AllowedConsumers: 'Organization, 111122223333' }, ['"Organization" already admits every account', 'give it alone']],
    ['an empty list', { DnsMode: 'HostedZones', AllowedConsumers: [] }, ['AllowedConsumers must name at least one account ID, OU ID or root ID, or "Organization"', 'got a list []']],
    ['an OU in capitals', { DnsMode: 'HostedZones', AllowedConsumers: 'OU-A1B2-WORKLOAD1' }, ['AllowedConsumers[0] "OU-A1B2-WORKLOAD1" is not an account ID (12 digits), an OU ID (ou-…) or a root ID (r-…)', 'OU and root IDs are lower case: "ou-a1b2-workload1"']],
    ['an OU with a short second part', { DnsMode: 'HostedZones', AllowedConsumers: '111122223333, ou-a1b2-abc' }, ['AllowedConsumers[1] "ou-a1b2-abc" is not an account ID (12 digits), an OU ID (ou-…) or a root ID (r-…).']],
    ['Organization with an OU', { DnsMode: 'HostedZones', AllowedConsumers: ['Organization', 'ou-a1b2-workload1'] }, ['"Organization" already admits every account', 'without account, OU or root IDs']],
    ['an object', { DnsMode: 'HostedZones', AllowedConsumers: { a: 1 } }, ['AllowedConsumers must be a list of 12-digit account IDs, OU IDs, root IDs or "Organization"', 'got an object']],
  ])('reports %s', (_label, overrides, fragments) => {
    // Act
    const problems = problemsOf(withProperties(overrides));

    // Assess
    expect(problems).toHaveLength(1);
    for (const fragment of fragments) expect(problems[0]).toContain(fragment);
  });

  it('names every problem of the two properties at once', () => {
    // Act
    const problems = problemsOf(withProperties({ DnsMode: 'HostedZones', PrivateDnsEnabled: 'TRUE', AllowedConsumers: ['1234', 'abc'] }));

    // Assess
    expect(problems).toStrictEqual([
      'AllowedConsumers[0] "1234" is not an account ID (12 digits), an OU ID (ou-…) or a root ID (r-…).',
      'AllowedConsumers[1] "abc" is not an account ID (12 digits), an OU ID (ou-…) or a root ID (r-…).',
      'PrivateDnsEnabled "TRUE" cannot be combined with DnsMode "HostedZones": the hub\'s hosted zones replace private DNS (the endpoints are created with it off); leave PrivateDnsEnabled out or set it to "false".',
    ]);
  });

  it('suggests DnsMode for a misspelt property name', () => {
    // Act
    const problems = problemsOf(withProperties({ DNSMode: 'HostedZones' }));

    // Assess
    expect(problems[0]).toContain('Did you mean `DnsMode`? Property names are case-sensitive.');
  });
});
