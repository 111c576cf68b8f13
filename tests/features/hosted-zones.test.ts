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
    expect(data['EndpointId.ecr.dkr']).toBeUndefined();
    expect(data['EndpointId.ecr.api']).toMatch(/^vpce-/);
    expect(data['Notes']).toContain(`ecr.dkr is served through the private hosted zone ${zoneId} (${DKR_ZONE}.) associated with the VPC; no endpoint created`);
    const created = writesOf(scenario.sim).filter((action) => action === 'CreateVpcEndpoint');
    expect(created).toHaveLength(3);
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
