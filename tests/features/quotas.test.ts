import { addForeignInterfaceEndpoints, startScenario, writesOf, type Scenario } from '../support/scenario';
import { dataOf } from './support';

describe('VPC quotas are adjustable: the applied values are read from Service Quotas', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());


  it('an account with a raised interface-endpoint quota is not refused past the default 50', async () => {
    await addForeignInterfaceEndpoints(scenario, 47);
    scenario.sim.admin.setQuota('interfaceEndpointsPerVpc', 60);

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('SUCCESS');
    expect(dataOf(response)['EndpointIds']?.split(',')).toHaveLength(4);
    const lookups = scenario.sim.calls.filter((call) => call.action === 'GetServiceQuota').map((call) => call.input['QuotaCode']);
    expect([...lookups].sort()).toEqual(['L-0EA8095F', 'L-29B6F2EB', 'L-2AFB9258', 'L-407747CB']);
  });

  it('at the applied quota: fails before any write, naming the quota, its code and how to raise it', async () => {
    await addForeignInterfaceEndpoints(scenario, 47);
    scenario.sim.admin.setQuota('interfaceEndpointsPerVpc', 49);

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('FAILED');
    expect(writesOf(scenario.sim)).toEqual([]);
    for (const part of ['48 interface endpoints of others', 'quota of 49', 'Interface VPC endpoints per VPC', 'L-29B6F2EB', 'Service Quotas']) {
      expect(response?.body?.Reason).toContain(part);
    }
  });

  it('without servicequotas:GetServiceQuota: assumes the defaults, says so in the log, and maps EC2\'s own limit error to a reason', async () => {
    scenario.sim.serviceQuotasDeniedAccounts.add(scenario.sim.accountId);
    // The account's real quota is lower than the default the provider falls back to: EC2 itself refuses.
    scenario.sim.admin.setQuota('interfaceEndpointsPerVpc', 2);

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(scenario.logs.some((line) => line.includes('GetServiceQuota') && line.includes('default') && line.includes('L-29B6F2EB'))).toBe(true);
    expect(response?.body?.Status).toBe('FAILED');
    for (const part of ['VpcEndpointLimitExceeded', 'Interface VPC endpoints per VPC', 'L-29B6F2EB', 'Service Quotas']) {
      expect(response?.body?.Reason).toContain(part);
    }
  });

  it('a quota without an applied value (NoSuchResourceException) has its default: no warning, nothing about permissions', async () => {
    scenario.sim.admin.clearAppliedQuota('securityGroupsPerInterface');

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('SUCCESS');
    const lines = scenario.logs.filter((line) => line.includes('L-2AFB9258')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([expect.objectContaining({ level: 'INFO', message: 'GetServiceQuota holds no applied value for this quota: using its default', default: 5 })]);
    expect(scenario.logs.some((line) => line.includes('servicequotas:GetServiceQuota') || line.includes('permitted'))).toBe(false);
    expect(JSON.stringify(response?.body)).not.toContain('GetServiceQuota');
  });

  it('extra security groups: refused before any write past the applied quota, accepted up to it when raised', async () => {
    const groups: string[] = [];
    for (let index = 0; index < 5; index++) {
      const created = await scenario.sim.call('CreateSecurityGroup', { VpcId: scenario.world.vpcId, GroupName: `team-${index}`, Description: 'team' });
      groups.push(created['GroupId'] as string);
    }
    scenario.sim.resetCallLog();
    await scenario.clock.sleep(10_000);

    const refused = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ SecurityGroupIds: groups })));
    expect(refused?.body?.Status).toBe('FAILED');
    expect(writesOf(scenario.sim)).toEqual([]);
    for (const part of ['SecurityGroupIds lists 5 security groups', 'quota of 5 security groups per network interface', 'L-2AFB9258']) {
      expect(refused?.body?.Reason).toContain(part);
    }

    scenario.sim.admin.setQuota('securityGroupsPerInterface', 6);
    const accepted = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ SecurityGroupIds: groups })));
    expect(accepted?.body?.Status).toBe('SUCCESS');
    const endpointId = dataOf(accepted)['EndpointId.ecr.api'] as string;
    expect(scenario.sim.state.endpoints.get(endpointId)?.groupIds).toHaveLength(6);
  });

  it('counts Gateway Load Balancer endpoints against the interface-endpoint quota before any write, as EC2 does', async () => {
    await addForeignInterfaceEndpoints(scenario, 46);
    scenario.sim.admin.addGatewayLoadBalancerEndpoint({ vpcId: scenario.world.vpcId, subnetId: scenario.world.appSubnetIds[0] as string });
    scenario.sim.admin.setQuota('interfaceEndpointsPerVpc', 49);
    await scenario.clock.sleep(10_000);

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));

    expect(response?.body?.Status).toBe('FAILED');
    expect(writesOf(scenario.sim)).toEqual([]);
    expect(response?.body?.Reason).toContain('48 interface endpoints of others');
  });
});
