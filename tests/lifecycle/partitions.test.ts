import { startScenario } from '../support/scenario';

/**
 * Every partition whose response hosts are documented is served end to end (aws-facts.md, "CloudFormation and
 * partitions"); a stack anywhere else gets no work and no answer, and a log line that says so.
 */
describe('a stack in each served partition', () => {
  it.each([
    ['aws', 'eu-west-1'],
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
    ['aws-eusc', 'eusc-de-east-1'],
  ])('%s (%s): Create and Delete answer SUCCESS, with the stack ARN of that partition', async (partition, region) => {
    const scenario = await startScenario({ region });
    try {
      const create = scenario.cfn.createEvent(scenario.properties(), { region });
      expect(create.StackId.startsWith(`arn:${partition}:cloudformation:${region}:`)).toBe(true);

      const created = await scenario.invoke(create);
      const deleted = await scenario.invoke(scenario.cfn.deleteEvent(created?.body?.PhysicalResourceId as string, scenario.properties(), { region }));

      expect(created?.body).toMatchObject({ Status: 'SUCCESS', StackId: create.StackId });
      expect(deleted?.body?.Status).toBe('SUCCESS');
      expect(scenario.sim.state.endpoints.size).toBeGreaterThan(0);
      expect([...scenario.sim.state.endpoints.values()].every((endpoint) => endpoint.serviceName.includes(`.${region}.`))).toBe(true);
    } finally {
      await scenario.close();
    }
  });
});

describe('a stack in a partition the provider does not serve', () => {
  it.each([
    ['an ISO partition', 'arn:aws-iso:cloudformation:us-iso-east-1:123456789012:stack/vpce-demo/6c2b5e80-0000-4000-a000-000000000000', 'aws-iso'],
    ['an unknown partition', 'arn:aws-mars:cloudformation:mars-north-1:123456789012:stack/vpce-demo/6c2b5e80-0000-4000-a000-000000000000', 'aws-mars'],
  ])('%s: no EC2 call, no answer, an error log naming the partition, and an UNANSWERED metrics record', async (_label, stackId, partition) => {
    const scenario = await startScenario();
    try {
      const create = { ...scenario.cfn.createEvent(scenario.properties()), StackId: stackId };

      const response = await scenario.invoke(create);

      expect(response).toBeUndefined();
      expect(scenario.sim.calls).toEqual([]);
      expect(scenario.cfn.responses).toEqual([]);
      // The metrics record, as for every other event left unanswered: an alarm on Failures sees this stack wait too.
      expect(scenario.logs.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
        expect.objectContaining({ level: 'ERROR', message: 'stack in a partition this provider does not serve: no work done and no answer sent', partition }),
        expect.objectContaining({ Outcome: 'UNANSWERED', RequestType: 'Create', Failures: 1, AwsCalls: 0 }),
      ]);
    } finally {
      await scenario.close();
    }
  });
});
