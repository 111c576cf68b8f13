/**
 * The EMF record each request ends with (lib/protocol/metrics.ts), checked against what the simulator and the
 * CloudFormation stand-in saw: the counts come from their logs, not from the code under test.
 */
import { startScenario, type Scenario } from '../support/scenario';

function metricsRecords(scenario: Scenario): Record<string, unknown>[] {
  return scenario.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record['_aws'] !== undefined);
}

function summaryOf(scenario: Scenario): Record<string, unknown> | undefined {
  return scenario.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((record) => record['message'] === 'request summary');
}

describe('the metrics record of a request', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('of a Create: one record, SUCCESS, with the calls per service and the endpoints EC2 made', async () => {
    // Prepare
    const create = scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['ecr.api', 'logs'], GatewayServices: ['s3'] }));

    // Act
    const response = await scenario.invoke(create);

    // Assess
    expect(response?.body?.Status).toBe('SUCCESS');
    const records = metricsRecords(scenario);
    expect(records).toHaveLength(1);
    const route53 = scenario.serviceCalls.filter((call) => call.service === 'route53').length;
    const serviceQuotas = scenario.serviceCalls.filter((call) => call.service === 'servicequotas').length;
    const expectedByService = Object.fromEntries(
      Object.entries({ EC2: scenario.providerCalls.length, 'Route 53': route53, 'Service Quotas': serviceQuotas, CloudFormation: scenario.cfn.stacks.calls.length }).filter(([, count]) => count > 0),
    );
    expect(records[0]).toMatchObject({
      FunctionName: expect.any(String),
      Outcome: 'SUCCESS',
      RequestType: 'Create',
      requestId: create.RequestId,
      stackId: create.StackId,
      Requests: 1,
      Failures: 0,
      AwsCallsByService: expectedByService,
      AwsCalls: Object.values(expectedByService).reduce((sum, count) => sum + count, 0),
      ThrottledCalls: 0,
      EndpointsCreated: 3,
      EndpointsDeleted: 0,
      Duration: summaryOf(scenario)?.['elapsedMs'],
    });
    expect(scenario.providerCalls.length).toBeGreaterThan(10);
    expect(scenario.cfn.stacks.calls.length).toBeGreaterThan(0);
  });

  it('of a Delete: the endpoints it removed', async () => {
    const properties = scenario.properties({ InterfaceServices: ['ecr.api', 'logs'], GatewayServices: ['s3'] });
    const created = await scenario.invoke(scenario.cfn.createEvent(properties));
    scenario.logs.length = 0;

    const response = await scenario.invoke(scenario.cfn.deleteEvent(created?.body?.PhysicalResourceId as string, properties));

    expect(response?.body?.Status).toBe('SUCCESS');
    const deletes = scenario.sim.calls.filter((call) => call.action === 'DeleteVpcEndpoints' && call.outcome === 'ok');
    const deletedIds = deletes.flatMap((call) => call.input['VpcEndpointIds'] as string[]);
    expect(deletedIds).toHaveLength(3);
    expect(metricsRecords(scenario)).toEqual([expect.objectContaining({ Outcome: 'SUCCESS', RequestType: 'Delete', EndpointsCreated: 0, EndpointsDeleted: 3, Failures: 0 })]);
  });

  it('of a throttled Create: every throttled answer EC2 gave', async () => {
    scenario.sim.faults = { forcedThrottleRate: 0.3 };

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['ecr.api'] })));

    expect(response?.body?.Status).toBe('SUCCESS');
    const throttledBySim = scenario.sim.calls.filter((call) => call.outcome === 'RequestLimitExceeded').length;
    expect(throttledBySim).toBeGreaterThan(0);
    expect(metricsRecords(scenario)).toEqual([expect.objectContaining({ Outcome: 'SUCCESS', ThrottledCalls: throttledBySim })]);
  });

  it('of a request answered FAILED: one failure, and no AWS call for properties that cannot be used', async () => {
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ SubnetPrefixLength: '29' })));

    expect(response?.body?.Status).toBe('FAILED');
    expect(metricsRecords(scenario)).toEqual([expect.objectContaining({ Outcome: 'FAILED', RequestType: 'Create', Failures: 1, AwsCalls: 0, AwsCallsByService: {} })]);
  });

  it('of an invocation that hands the request on: CONTINUED, not a failure, the Lambda hand-over counted', async () => {
    await scenario.close();
    scenario = await startScenario({ timing: { endpointCreateMs: 12_000 } });

    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()), { timeoutMs: 5_000 });

    expect(response).toBeUndefined();
    expect(scenario.continuations).toHaveLength(1);
    expect(metricsRecords(scenario)).toEqual([expect.objectContaining({ Outcome: 'CONTINUED', Failures: 0, AwsCallsByService: expect.objectContaining({ Lambda: 1 }) })]);
  });
});
