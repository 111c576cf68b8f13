/**
 * The log fields the README's Operations section documents and its Logs Insights queries filter on: pinned with
 * literals, since saved queries, dashboards and alarms name them.
 */
import { startScenario, type Scenario } from '../support/scenario';

type LogRecord = Record<string, unknown>;

function records(scenario: Scenario): LogRecord[] {
  return scenario.logs.map((line) => JSON.parse(line) as LogRecord);
}

const EVERY_RECORD = ['level', 'message', 'requestType', 'stackId', 'logicalResourceId', 'requestId', 'continuation'];

describe('the fields of the provider’s log records', () => {
  let scenario: Scenario;
  beforeEach(async () => {
    scenario = await startScenario();
  });
  afterEach(() => scenario.close());

  it('of a Create: every record names the request; the plan, each write and the summary carry their own fields', async () => {
    const create = scenario.cfn.createEvent(scenario.properties({ InterfaceServices: ['logs'], GatewayServices: ['s3'] }));

    await scenario.invoke(create);

    const logRecords = records(scenario).filter((record) => record['_aws'] === undefined);
    expect(logRecords.length).toBeGreaterThan(4);
    for (const record of logRecords) {
      for (const field of EVERY_RECORD) expect([record['message'], field, record[field] !== undefined]).toEqual([record['message'], field, true]);
      expect(record['requestId']).toBe(create.RequestId);
      expect(record['stackId']).toBe(create.StackId);
      expect(record['continuation']).toBe(0);
    }
    const byMessage = (message: string) => logRecords.filter((record) => record['message'] === message);
    expect(byMessage('plan')[0]).toEqual(expect.objectContaining({ actions: expect.any(Array), observation: expect.anything() }));
    const writes = byMessage('ec2 write');
    expect(writes.map((record) => record['action'])).toEqual(expect.arrayContaining(['CreateSubnet', 'CreateVpcEndpoint']));
    for (const write of writes) expect(typeof write['resourceId']).toBe('string');
    expect(writes.find((record) => record['action'] === 'CreateVpcEndpoint')).toEqual(expect.objectContaining({ service: expect.any(String) }));
    expect(byMessage('request summary')).toEqual([
      expect.objectContaining({ level: 'INFO', outcome: 'SUCCESS', physicalResourceId: expect.any(String), writes: writes.length, putAttempts: 1, elapsedMs: expect.any(Number) }),
    ]);
  });

  it('of a failed request: the summary’s outcome and reason, and the error behind them', async () => {
    const create = scenario.cfn.createEvent(scenario.properties({ SubnetPrefixLength: '29' }));

    const response = await scenario.invoke(create);

    const byMessage = (message: string) => records(scenario).filter((record) => record['message'] === message);
    expect(byMessage('request summary')).toEqual([expect.objectContaining({ outcome: 'FAILED', reason: response?.body?.Reason })]);
    expect(byMessage('request failed')).toEqual([
      expect.objectContaining({ level: 'ERROR', error: expect.objectContaining({ name: 'InvalidPropertiesError', terminal: true, problems: expect.any(Array) }) }),
    ]);
  });
});
