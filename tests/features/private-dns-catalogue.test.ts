import type { ServiceDetail } from '@aws-sdk/client-ec2';
import { startScenario, type Scenario } from '../support/scenario';
import { dataOf, describeEndpoint } from './support';

/**
 * Private DNS is what the catalogue says it is (aws-facts.md, "Interface endpoints"): a service whose
 * DescribeVpcEndpointServices entry has no PrivateDnsName(s) (DynamoDB's interface endpoint) cannot take private DNS, so
 * its endpoint is created with it off and Notes says so, never a failed Create.
 */
describe('private DNS decided from the endpoint-services catalogue', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('creates the DynamoDB interface endpoint with private DNS off and the others with it on, and says so in Notes', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['ecr.api', 'dynamodb'], GatewayServices: [] })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const data = dataOf(response);
    const dynamodb = await describeEndpoint(scenario.sim, data['EndpointId.dynamodb'] as string);
    const ecrApi = await describeEndpoint(scenario.sim, data['EndpointId.ecr.api'] as string);
    expect([dynamodb.PrivateDnsEnabled, ecrApi.PrivateDnsEnabled]).toEqual([false, true]);
    expect(data['DnsName.dynamodb']).toMatch(/\.dynamodb\.us-east-1\.vpce\.amazonaws\.com$/);
    expect(data['Notes']).toContain("dynamodb offers no private DNS name, so its endpoint has private DNS off; clients must use the endpoint's own DNS name");
  });

  it('an Update leaves its private DNS off: no ModifyVpcEndpoint to turn it on', async () => {
    const event = scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['dynamodb'], GatewayServices: [] }));
    const created = await scenario.invoke(event);
    const physicalId = created?.body?.PhysicalResourceId as string;
    const mark = scenario.sim.calls.length;

    const updated = await scenario.invoke(scenario.cfn.updateEvent(physicalId, { ...event.ResourceProperties, Tags: [{ Key: 'team', Value: 'blue' }] }, event.ResourceProperties));

    expect(updated?.body?.Status).toBe('SUCCESS');
    expect(scenario.sim.calls.slice(mark).filter((call) => call.action === 'ModifyVpcEndpoint')).toEqual([]);
  });
});

describe("the simulator's catalogue names private DNS as AWS does", () => {
  it.each<[string, string | undefined]>([
    // EKS Pod Identity lives under api.aws (aws-facts.md, "Interface endpoints").
    ['eks-auth', 'eks-auth.us-east-1.api.aws'],
    // DynamoDB's interface endpoint is reported without one (aws-facts.md).
    ['dynamodb', undefined],
    ['ecr.dkr', '*.dkr.ecr.us-east-1.amazonaws.com'],
    ['logs', 'logs.us-east-1.amazonaws.com'],
  ])('%s → %s', async (name, expected) => {
    const scenario = await startScenario();
    try {
      const output = await scenario.sim.call('DescribeVpcEndpointServices', {
        ServiceNames: [`com.amazonaws.us-east-1.${name}`],
        Filters: [{ Name: 'service-type', Values: ['Interface'] }],
      });
      const [detail] = output.ServiceDetails as ServiceDetail[];
      expect(detail?.PrivateDnsName).toBe(expected);
      expect(detail?.PrivateDnsNames?.map((entry) => entry.PrivateDnsName)).toEqual(expected === undefined ? undefined : [expected]);
    } finally {
      await scenario.close();
    }
  });
});
