import { CreateVpcEndpointCommand, DeleteVpcEndpointsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { emitMetricsRecord, isRequestMetricsRecord, RequestTally, requestMetricsRecord } from '../../lib/protocol/metrics';

/** A sender that answers each command with the next of `answers` (an Error is thrown). */
function answering(...answers: unknown[]) {
  return {
    send: async () => {
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer as Record<string, unknown>;
    },
  };
}

const throttled = () => Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });

describe('the EMF record of one request', () => {
  it('has the shape of the CloudWatch embedded metric format, under the namespace VpceProvisioner', () => {
    // Prepare
    const tally = new RequestTally();

    // Act
    const record = requestMetricsRecord({
      timestampMs: 1_767_000_000_000,
      functionName: 'vpce-provisioner-provider',
      outcome: 'SUCCESS',
      requestType: 'Create',
      durationMs: 812.4,
      tally,
      properties: { requestId: 'r-1', stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1' },
    });

    // Assess: pinned literally, since dashboards and alarms name every one of these.
    expect(record).toEqual({
      _aws: {
        Timestamp: 1_767_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'VpceProvisioner',
            Dimensions: [['FunctionName']],
            Metrics: [
              { Name: 'Requests', Unit: 'Count' },
              { Name: 'Failures', Unit: 'Count' },
              { Name: 'Duration', Unit: 'Milliseconds' },
              { Name: 'AwsCalls', Unit: 'Count' },
              { Name: 'ThrottledCalls', Unit: 'Count' },
              { Name: 'EndpointsCreated', Unit: 'Count' },
              { Name: 'EndpointsDeleted', Unit: 'Count' },
            ],
          },
        ],
      },
      FunctionName: 'vpce-provisioner-provider',
      Outcome: 'SUCCESS',
      RequestType: 'Create',
      requestId: 'r-1',
      stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/s/1',
      AwsCallsByService: {},
      Requests: 1,
      Failures: 0,
      Duration: 812,
      AwsCalls: 0,
      ThrottledCalls: 0,
      EndpointsCreated: 0,
      EndpointsDeleted: 0,
    });
  });

  it('keeps every dimension key and metric name a top-level number or string of the record (the spec requires it)', () => {
    const record = requestMetricsRecord({ timestampMs: 1, functionName: 'f', outcome: 'FAILED', requestType: 'Update', durationMs: 5, tally: new RequestTally() });
    const directive = (record['_aws'] as { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0];

    for (const key of directive?.Dimensions.flat() ?? []) expect(typeof record[key]).toBe('string');
    for (const metric of directive?.Metrics ?? []) expect(typeof record[metric.Name]).toBe('number');
    expect(directive?.Metrics.length).toBeGreaterThan(0);
  });

  it.each([
    ['SUCCESS', 0],
    ['CONTINUED', 0],
    ['FAILED', 1],
    ['UNANSWERED', 1],
  ] as const)('counts a request that ended %s as %i failures', (outcome, failures) => {
    const record = requestMetricsRecord({ timestampMs: 1, functionName: 'f', outcome, requestType: 'Delete', durationMs: 1, tally: new RequestTally() });

    expect(record['Failures']).toBe(failures);
    expect(record['Outcome']).toBe(outcome);
  });

  it('is told apart from log records by its namespace', () => {
    const record = requestMetricsRecord({ timestampMs: 1, functionName: 'f', outcome: 'SUCCESS', requestType: 'Create', durationMs: 1, tally: new RequestTally() });

    expect(isRequestMetricsRecord(record)).toBe(true);
    expect(isRequestMetricsRecord({ level: 'INFO', message: 'request summary' })).toBe(false);
    expect(isRequestMetricsRecord({ _aws: { CloudWatchMetrics: [{ Namespace: 'Other' }] } })).toBe(false);
  });
});

describe('RequestTally', () => {
  it('counts every call per service, each throttled answer, and the endpoints EC2 says it created or deleted', async () => {
    // Prepare
    const tally = new RequestTally();
    const ec2 = tally.counting(
      answering(
        { Vpcs: [] },
        throttled(),
        { VpcEndpoint: { VpcEndpointId: 'vpce-1', State: 'pending' } },
        // The same create sent again with its client token: the same endpoint, made once.
        { VpcEndpoint: { VpcEndpointId: 'vpce-1', State: 'pending' } },
        // A reused client token answering with an endpoint already gone: not one made now.
        { VpcEndpoint: { VpcEndpointId: 'vpce-0', State: 'deleted' } },
        { Unsuccessful: [{ ResourceId: 'vpce-3', Error: { Code: 'InvalidVpcEndpoint.NotFound' } }] },
      ),
      'EC2',
    );
    const route53 = tally.counting(answering({ HostedZoneSummaries: [] }), 'Route 53');

    // Act
    await ec2.send(new DescribeVpcsCommand({}));
    await expect(ec2.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }))).rejects.toThrow('Request limit exceeded.');
    await ec2.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }));
    await ec2.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }));
    await ec2.send(new CreateVpcEndpointCommand({ VpcId: 'vpc-1', ServiceName: 's' }));
    await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: ['vpce-1', 'vpce-2', 'vpce-3'] }));
    await route53.send(new DescribeVpcsCommand({}));
    tally.add('Lambda');

    // Assess
    expect(tally.byService()).toEqual({ EC2: 6, 'Route 53': 1, Lambda: 1 });
    expect(tally.awsCalls).toBe(8);
    expect(tally.throttledCalls).toBe(1);
    expect(tally.endpointsCreated).toBe(1);
    expect(tally.endpointsDeleted).toBe(2);
  });

  it('counts an error that is not throttling as a call, never as a throttled one', async () => {
    // Prepare: a refusal and a transport failure, neither of them EC2's throttling.
    const tally = new RequestTally();
    const refused = Object.assign(new Error('The vpc ID does not exist'), { name: 'InvalidVpcID.NotFound' });
    const ec2 = tally.counting(answering(refused, new Error('socket hang up')), 'EC2');

    // Act
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow('does not exist');
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toThrow('socket hang up');

    // Assess
    expect(tally.awsCalls).toBe(2);
    expect(tally.throttledCalls).toBe(0);
  });

  it('lists only the services called, in a fixed order', async () => {
    // Prepare
    const tally = new RequestTally();

    // Act
    tally.add('Lambda');
    tally.add('EC2');

    // Assess
    expect(Object.keys(tally.byService())).toEqual(['EC2', 'Lambda']);
  });
});

describe('emitMetricsRecord', () => {
  afterEach(() => jest.restoreAllMocks());

  it('writes the record as one JSON line straight to stdout, not through the global console that Lambda’s JSON log format wraps', () => {
    // Prepare
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const consoleLog = jest.spyOn(console, 'log');
    const consoleInfo = jest.spyOn(console, 'info');
    const record = requestMetricsRecord({ timestampMs: 7, functionName: 'f', outcome: 'SUCCESS', requestType: 'Create', durationMs: 3, tally: new RequestTally() });

    // Act
    emitMetricsRecord(record);
    write.mockRestore();

    // Assess
    expect(written).toEqual([`${JSON.stringify(record)}\n`]);
    expect(consoleLog).not.toHaveBeenCalled();
    expect(consoleInfo).not.toHaveBeenCalled();
  });

  it('hands the line to a sink when given one', () => {
    const lines: string[] = [];

    emitMetricsRecord({ a: 1 }, (line) => lines.push(line));

    expect(lines).toEqual(['{"a":1}']);
  });
});
