import { startScenario, type Scenario } from '../support/scenario';

describe('an event whose ResponseURL is not CloudFormation’s', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it.each([
    ['a foreign https host', 'https://collector.example.com/answers?X-Amz-Signature=s3cr3t'],
    ['another S3 bucket', 'https://team-bucket.s3.us-east-1.amazonaws.com/answers?X-Amz-Signature=s3cr3t'],
    ['a private address over plain http', 'http://10.0.0.5:8080/answers?X-Amz-Signature=s3cr3t'],
  ])('from %s: no EC2 call, no answer, and an error log that says why without the URL', async (_label, responseUrl) => {
    const create = { ...scenario.cfn.createEvent(scenario.properties()), ResponseURL: responseUrl };

    const response = await scenario.invoke(create);

    expect(response).toBeUndefined();
    expect(scenario.sim.calls).toEqual([]);
    expect(scenario.cfn.responses).toEqual([]);
    expect(scenario.logs).toHaveLength(1);
    expect(JSON.parse(scenario.logs[0] as string)).toMatchObject({ level: 'ERROR', message: 'ResponseURL refused: no work done and no answer sent' });
    expect(scenario.logs[0]).not.toContain('s3cr3t');
  });
});
