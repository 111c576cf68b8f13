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
    expect([...lookups].sort()).toEqual(['L-0EA8095F', 'L-29B6F2EB', 'L-407747CB']);
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
});
