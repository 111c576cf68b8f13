import { failed, preview, succeeded } from './support';
import { formatPreview } from '../../lib/preview/format';
import { addForeignInterfaceEndpoints, startScenario, writesOf, type Scenario } from '../support/scenario';

const CENTRAL_ACCOUNT = '444455556666';
const DKR_ZONE = 'dkr.ecr.us-east-1.amazonaws.com';


describe('previewConvergence makes the read checks a Create makes (Route 53, Service Quotas)', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());


  it('reports a private hosted zone that conflicts with private DNS, with the reason the Create then answers', async () => {
    const zoneId = scenario.sim.admin.createPrivateHostedZone({ name: DKR_ZONE, vpcIds: [scenario.world.vpcId], ownerAccountId: CENTRAL_ACCOUNT });
    scenario.sim.resetCallLog();

    const planned = failed(await preview(scenario, scenario.properties()));
    const previewCalls = [...scenario.sim.calls];

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('FAILED');
    expect(planned.failedAt).toBe('preconditions');
    expect(planned.reason).toBe(response?.body?.Reason);
    expect(planned.reason).toContain(zoneId);
    expect(planned.skippedReads).toBeUndefined();
    expect(previewCalls.filter((call) => call.action === 'ListHostedZonesByVPC')).toHaveLength(1);
    expect(previewCalls.filter((call) => call.mutating)).toEqual([]);
    expect(writesOf(scenario.sim)).toEqual([]);
  });

  it('honours a quota raised for the account, as the Create does', async () => {
    // 48 endpoints of others (47 + the demo's sts) and 3 more make 51: past the default 50, within the applied 60.
    await addForeignInterfaceEndpoints(scenario, 47);
    scenario.sim.admin.setQuota('interfaceEndpointsPerVpc', 60);

    const planned = succeeded(await preview(scenario, scenario.properties()));
    const previewCalls = [...scenario.sim.calls];

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(planned.interfaceEndpoints.map((endpoint) => [endpoint.shortName, endpoint.status])).toEqual([
      ['ecr.api', 'new'],
      ['ecr.dkr', 'new'],
      ['logs', 'new'],
    ]);
    expect(previewCalls.filter((call) => call.action === 'GetServiceQuota').map((call) => call.input['QuotaCode']).sort()).toEqual([
      'L-0EA8095F',
      'L-29B6F2EB',
      'L-2AFB9258',
      'L-407747CB',
    ]);
    expect(previewCalls.filter((call) => call.mutating)).toEqual([]);
  });

  it('at the applied quota: the same FAILED reason as the Create', async () => {
    await addForeignInterfaceEndpoints(scenario, 47);
    scenario.sim.admin.setQuota('interfaceEndpointsPerVpc', 49);

    const planned = failed(await preview(scenario, scenario.properties()));

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('FAILED');
    expect(planned.reason).toBe(response?.body?.Reason);
    expect(planned.reason).toContain('quota of 49');
  });

  it('says which checks it could not make when Route 53 and Service Quotas deny the reads', async () => {
    scenario.sim.route53DeniedAccounts.add(scenario.sim.accountId);
    scenario.sim.serviceQuotasDeniedAccounts.add(scenario.sim.accountId);

    const planned = succeeded(await preview(scenario, scenario.properties()));

    expect(planned.skippedReads?.map((read) => [read.permission, read.denied])).toEqual([
      ['route53:ListHostedZonesByVPC', true],
      ['servicequotas:GetServiceQuota', true],
    ]);
    expect(planned.skippedReads?.[1]?.consequence).toContain('L-29B6F2EB = 50');
    const text = formatPreview(planned);
    expect(text).toContain('Warning: route53:ListHostedZonesByVPC was denied: the private hosted zones associated with the VPC are not checked');
    expect(text).toContain('Warning: servicequotas:GetServiceQuota was denied: assumed the default VPC quotas');
  });
});
