import { startScenario, writesOf, type Scenario } from '../support/scenario';
import { dataOf } from './support';

const CENTRAL_ACCOUNT = '444455556666';
const DKR_ZONE = 'dkr.ecr.us-east-1.amazonaws.com';

describe('private DNS against Route 53 private hosted zones associated with the VPC (centralised endpoints)', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  function centralZone(name = DKR_ZONE): string {
    return scenario.sim.admin.createPrivateHostedZone({ name, vpcIds: [scenario.world.vpcId], ownerAccountId: CENTRAL_ACCOUNT });
  }

  it('fails before any write, naming the zone and the choices', async () => {
    const zoneId = centralZone();

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('FAILED');
    expect(writesOf(scenario.sim)).toEqual([]);
    const reason = response?.body?.Reason ?? '';
    for (const part of [`"ecr.dkr"`, zoneId, `${DKR_ZONE}`, CENTRAL_ACCOUNT, 'PrivateDnsEnabled to false', 'ExistingEndpoints to reuse']) {
      expect(reason).toContain(part);
    }
    const lookups = scenario.sim.calls.filter((call) => call.action === 'ListHostedZonesByVPC');
    expect(lookups.map((call) => call.input)).toEqual([{ VPCId: scenario.world.vpcId, VPCRegion: 'us-east-1', MaxItems: 100 }]);
  });

  it('ExistingEndpoints reuse: leaves the service to the central endpoint, creates the others, and says so in Notes', async () => {
    const zoneId = centralZone();

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ ExistingEndpoints: 'reuse' })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const data = dataOf(response);
    // Every output on every SUCCESS (README, "Outputs"): the keys exist, empty, so a consumer's Fn::GetAtt never fails.
    expect([data['EndpointId.ecr.dkr'], data['DnsName.ecr.dkr']]).toEqual(['', '']);
    expect(data['EndpointIds']?.split(',')).toHaveLength(3);
    expect(data['ReusedEndpointIds']).toBe('');
    expect(data['EndpointId.ecr.api']).toMatch(/^vpce-/);
    expect(data['Notes']).toContain(`ecr.dkr is served through the private hosted zone ${zoneId} (${DKR_ZONE}.) associated with the VPC; no endpoint created`);
    const created = writesOf(scenario.sim).filter((action) => action === 'CreateVpcEndpoint');
    expect(created).toHaveLength(3);
  });

  it.each(['fail', 'reuse'])('a zone for a parent domain (us-east-1.amazonaws.com) is no conflict: every endpoint is created (ExistingEndpoints %s)', async (existing) => {
    // Whether EC2 refuses private DNS under a parent zone is undocumented (aws-facts.md, "Interface endpoints"); the
    // provider counts only a zone named after the service's own private DNS name, and EC2's refusal stays the check.
    centralZone('us-east-1.amazonaws.com');

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ ExistingEndpoints: existing })));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(dataOf(response)['EndpointId.ecr.dkr']).toMatch(/^vpce-/);
    expect(writesOf(scenario.sim).filter((action) => action === 'CreateVpcEndpoint')).toHaveLength(4);
  });

  it('reads every page of ListHostedZonesByVPC: a conflicting zone past the first 100 still fails before any write', async () => {
    // Route 53 answers at most 100 zones a page (Route 53 API reference, ListHostedZonesByVPC); these sort before it.
    for (let index = 0; index < 120; index++) centralZone(`a${String(index).padStart(3, '0')}.internal.example.com`);
    const zoneId = centralZone();

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('FAILED');
    expect(response?.body?.Reason).toContain(zoneId);
    expect(writesOf(scenario.sim)).toEqual([]);
    expect(scenario.sim.calls.filter((call) => call.action === 'ListHostedZonesByVPC')).toHaveLength(2);
  });

  it('an Update turning private DNS on meets the zone as ConflictingDomainExists: FAILED with the same reason', async () => {
    scenario.sim.route53DeniedAccounts.add(scenario.sim.accountId);
    scenario.sim.faults.hostedZoneConflictCode = 'ConflictingDomainExists';
    const off = scenario.properties({ PrivateDnsEnabled: 'false' });
    const created = await scenario.invoke(scenario.cfn.createEvent(off));
    centralZone();

    const updated = await scenario.invoke(scenario.cfn.updateEvent(created?.body?.PhysicalResourceId as string, { ...off, PrivateDnsEnabled: 'true' }, off));

    expect(updated?.body?.Status).toBe('FAILED');
    const reason = updated?.body?.Reason ?? '';
    for (const part of ['"ecr.dkr" cannot get private DNS', 'ConflictingDomainExists', 'PrivateDnsEnabled to false', 'ExistingEndpoints to reuse']) {
      expect(reason).toContain(part);
    }
  });

  it('PrivateDnsEnabled false: the zone is no obstacle', async () => {
    centralZone();

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ PrivateDnsEnabled: 'false' })));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(dataOf(response)['EndpointId.ecr.dkr']).toMatch(/^vpce-/);
  });

  it.each(['InvalidParameter', 'ConflictingDomainExists'] as const)('without route53:ListHostedZonesByVPC: logs that the check was skipped, and EC2\'s refusal (%s) gets the same reason', async (code) => {
    const zoneId = centralZone();
    scenario.sim.route53DeniedAccounts.add(scenario.sim.accountId);
    scenario.sim.faults.hostedZoneConflictCode = code;

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('FAILED');
    expect(scenario.logs.some((line) => line.includes('ListHostedZonesByVPC') && line.includes('AccessDenied'))).toBe(true);
    const reason = response?.body?.Reason ?? '';
    expect(reason).not.toContain(zoneId);
    for (const part of ['ecr.dkr', 'conflicting DNS domain', 'private hosted zone', 'PrivateDnsEnabled to false', 'ExistingEndpoints to reuse']) {
      expect(reason).toContain(part);
    }
  });
});
