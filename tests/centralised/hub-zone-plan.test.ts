import {
  callerReferenceFor,
  callerReferencePrefix,
  isOwnHubZone,
  planHubZones,
  recordChanges,
  regionalDnsEntry,
  wantedHubZones,
  zoneRemovalBlockers,
  type AliasRecord,
  type ObservedHubZone,
} from '../../lib/centralised/hub-zone-plan';

const OWNER = { physicalId: 'vpce-provisioner-v1-vpc-0a1b2c3d-0123456789abcdef0123', stackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/hub/1', logicalResourceId: 'Hub' };
const TARGET = { dnsName: 'vpce-0a1b-x1y2.logs.eu-west-1.vpce.amazonaws.com', hostedZoneId: 'Z38GZ743OKFT7T' };
const apex = (type: 'A' | 'AAAA', target = TARGET): AliasRecord => ({ name: 'logs.eu-west-1.amazonaws.com', type, target });

describe('wantedHubZones', () => {
  it('aliases every record name and type of each zone to the service\'s endpoint', () => {
    // Act
    const zones = wantedHubZones([{ service: 'ecr.dkr', privateDnsNames: ['*.dkr.ecr.eu-west-1.amazonaws.com'], target: TARGET, ipAddressType: 'dualstack' }]);

    // Assess
    expect(zones).toStrictEqual([
      {
        service: 'ecr.dkr',
        zoneName: 'dkr.ecr.eu-west-1.amazonaws.com',
        records: [
          { name: 'dkr.ecr.eu-west-1.amazonaws.com', type: 'A', target: TARGET },
          { name: 'dkr.ecr.eu-west-1.amazonaws.com', type: 'AAAA', target: TARGET },
          { name: '*.dkr.ecr.eu-west-1.amazonaws.com', type: 'A', target: TARGET },
          { name: '*.dkr.ecr.eu-west-1.amazonaws.com', type: 'AAAA', target: TARGET },
        ],
      },
    ]);
  });

  it('wants the zone but no records while the endpoint is not listed', () => {
    expect(wantedHubZones([{ service: 'logs', privateDnsNames: ['logs.eu-west-1.amazonaws.com'], ipAddressType: 'ipv4' }])).toStrictEqual([
      { service: 'logs', zoneName: 'logs.eu-west-1.amazonaws.com', records: [] },
    ]);
  });
});

describe('regionalDnsEntry', () => {
  it('picks the endpoint\'s own name without an AZ, never the zonal or the private DNS name', () => {
    // Act
    const entry = regionalDnsEntry('vpce-0a1b', [
      { dnsName: 'vpce-0a1b-x1y2-eu-west-1a.logs.eu-west-1.vpce.amazonaws.com', hostedZoneId: 'Z38GZ743OKFT7T' },
      { dnsName: 'logs.eu-west-1.amazonaws.com', hostedZoneId: 'ZPRIVATE' },
      TARGET,
      { dnsName: 'vpce-0a1b-x1y2-eu-west-1b.logs.eu-west-1.vpce.amazonaws.com', hostedZoneId: 'Z38GZ743OKFT7T' },
    ]);

    // Assess
    expect(entry).toStrictEqual(TARGET);
  });

  it('has none when the entries lack the endpoint\'s names', () => {
    expect(regionalDnsEntry('vpce-0a1b', [{ dnsName: 'logs.eu-west-1.amazonaws.com', hostedZoneId: 'ZPRIVATE' }])).toBeUndefined();
  });
});

describe('caller references and ownership', () => {
  it('derives a deterministic reference per owner, zone and generation, within 128 characters', () => {
    // Act
    const first = callerReferenceFor(OWNER, 'logs.eu-west-1.amazonaws.com', 1);

    // Assess
    expect(first).toBe(callerReferenceFor(OWNER, 'LOGS.eu-west-1.amazonaws.com', 1));
    expect(first).toMatch(/^vpcep-[0-9a-f]{20}-[0-9a-f]{20}$/);
    expect(callerReferenceFor(OWNER, 'logs.eu-west-1.amazonaws.com', 2)).toBe(`${first}-2`);
    expect(callerReferenceFor({ ...OWNER, physicalId: 'other' }, 'logs.eu-west-1.amazonaws.com', 1)).not.toBe(first);
    expect(first.length).toBeLessThanOrEqual(128);
  });

  it.each<[string, { callerReference: string; tags: Record<string, string> }, boolean]>([
    ['our reference, our tags', { callerReference: `${callerReferencePrefix(OWNER)}abc`, tags: { 'vpce-provisioner:owner': OWNER.physicalId } }, true],
    ['our reference, no tags yet (a crash before tagging)', { callerReference: `${callerReferencePrefix(OWNER)}abc`, tags: {} }, true],
    ['our reference, another owner\'s tag', { callerReference: `${callerReferencePrefix(OWNER)}abc`, tags: { 'vpce-provisioner:owner': 'someone-else' } }, false],
    ['another reference, our tags', { callerReference: 'terraform-20260101', tags: { 'vpce-provisioner:owner': OWNER.physicalId } }, false],
  ])('a zone with %s is ours: %s', (_label, zone, expected) => {
    expect(isOwnHubZone(zone, OWNER)).toBe(expected);
  });
});

describe('planHubZones and recordChanges', () => {
  const observed = (zoneName: string, records: AliasRecord[] = []): ObservedHubZone => ({ zoneId: `Z-${zoneName}`, zoneName, callerReference: 'r', tags: {}, records });

  it('keeps zones by name, creates the missing ones and removes the unwanted ones', () => {
    // Prepare
    const wanted = [
      { service: 'logs', zoneName: 'logs.eu-west-1.amazonaws.com', records: [] },
      { service: 'ssm', zoneName: 'ssm.eu-west-1.amazonaws.com', records: [] },
    ];

    // Act
    const plan = planHubZones(wanted, [observed('logs.eu-west-1.amazonaws.com'), observed('kms.eu-west-1.amazonaws.com')]);

    // Assess
    expect(plan.keep.map(({ zone }) => zone.zoneId)).toStrictEqual(['Z-logs.eu-west-1.amazonaws.com']);
    expect(plan.create.map((zone) => zone.zoneName)).toStrictEqual(['ssm.eu-west-1.amazonaws.com']);
    expect(plan.remove.map((zone) => zone.zoneId)).toStrictEqual(['Z-kms.eu-west-1.amazonaws.com']);
  });

  it('changes nothing when the records are already right (trailing dot and case aside)', () => {
    const present = { ...apex('A'), target: { dnsName: `${TARGET.dnsName.toUpperCase()}.`, hostedZoneId: TARGET.hostedZoneId } };
    expect(recordChanges([apex('A')], [present])).toStrictEqual([]);
  });

  it('upserts a record pointing elsewhere and deletes one no longer wanted', () => {
    // Prepare: the endpoint was replaced, and the endpoint is no longer dual-stack.
    const old = { dnsName: 'vpce-0old-x1y2.logs.eu-west-1.vpce.amazonaws.com', hostedZoneId: 'Z38GZ743OKFT7T' };

    // Act
    const changes = recordChanges([apex('A')], [apex('A', old), apex('AAAA', old)]);

    // Assess
    expect(changes).toStrictEqual([
      { action: 'UPSERT', record: apex('A') },
      { action: 'DELETE', record: apex('AAAA', old) },
    ]);
  });
});

describe('zoneRemovalBlockers', () => {
  const LOGS_ZONE = { zoneId: 'Z1', zoneName: 'logs.eu-west-1.amazonaws.com', service: 'logs', otherVpcIds: ['vpc-0b', 'vpc-0a'] };
  const CLAIM = { ruleId: 'sgr-1', cidr: '10.20.0.0/16', consumerVpcId: 'vpc-0a', stackId: 'arn:aws:cloudformation:eu-west-1:444455556666:stack/app/1', logicalId: 'Consumer' };

  it('is empty when no zone is in use', () => {
    expect(zoneRemovalBlockers([], [CLAIM], { operation: 'Update', beforeAnyWrite: true })).toStrictEqual([]);
  });

  it('names the zone, its service, each VPC with the consumer that claimed it and its account, and says to update those consumers first', () => {
    const [problem, ...rest] = zoneRemovalBlockers([LOGS_ZONE], [CLAIM], { operation: 'Update', beforeAnyWrite: true });

    expect(rest).toStrictEqual([]);
    expect(problem).toBe(
      'The hub\'s zone logs.eu-west-1.amazonaws.com (Z1) for "logs" would be deleted, and 2 other VPCs are associated with it: ' +
        'vpc-0a (Consumer in stack arn:aws:cloudformation:eu-west-1:444455556666:stack/app/1, account 444455556666); vpc-0b (no consumer of this hub claims it). ' +
        'Route 53 deletes a zone with its associations, and those VPCs would stop resolving its names. Nothing was changed. ' +
        'Update those consumers to leave the service (their Services), or delete them, first; then update the hub again. ' +
        'A VPC no consumer claims was associated outside this provider: disassociate it (DisassociateVPCFromHostedZone) first; then update the hub again.',
    );
  });

  it('for a Delete of the hub, says to delete the consumers first; a late check does not claim nothing changed', () => {
    const [problem] = zoneRemovalBlockers([{ ...LOGS_ZONE, otherVpcIds: ['vpc-0a'] }], [CLAIM], { operation: 'Delete', beforeAnyWrite: false });

    expect(problem).toContain('The zones were not deleted. Delete those consumers first; then delete the hub again.');
    expect(problem).not.toContain('Nothing was changed');
    expect(problem).not.toContain('outside this provider');
  });
});
