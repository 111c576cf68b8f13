import { eventProblems, parseStackArn, serviceTimeoutMs, unservedPartition } from '../../lib/protocol/event';
import { CloudFormationDriver } from '../support/cfn-driver';

const responseUrl = 'https://bucket.s3.amazonaws.com/key?X-Amz-Signature=s3cr3t';
const valid = {
  RequestType: 'Update',
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f',
  ResponseURL: responseUrl,
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/vpce-demo/214057f0-2c35-4bc7-aa20-870e57f2b6c8',
  RequestId: 'af6a64fa-4c24-47c8-8300-790f2276bba5',
  LogicalResourceId: 'VpcEndpoints',
  ResourceType: 'Custom::VpcEndpoints',
  PhysicalResourceId: 'vpce-provisioner-v1-vpc-12345678-0123456789abcdef0123',
  ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f', VpcId: 'vpc-12345678' },
  OldResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f', VpcId: 'vpc-12345678' },
};

describe('eventProblems', () => {
  let cfn: CloudFormationDriver;
  beforeAll(async () => {
    cfn = await CloudFormationDriver.start();
  });
  afterAll(async () => {
    await cfn.close();
  });

  it('finds nothing wrong with the events CloudFormation sends', () => {
    const props = { VpcId: 'vpc-12345678', SubnetIds: ['subnet-1'] };

    expect(eventProblems(cfn.createEvent(props))).toEqual([]);
    expect(eventProblems(cfn.updateEvent('id-1', props, props))).toEqual([]);
    expect(eventProblems(cfn.deleteEvent('id-1', props))).toEqual([]);
    expect(eventProblems({ ...valid, Continuation: { attempt: 2, firstStartedAt: 1767225600000, stalled: 1 } })).toEqual([]);
    expect(eventProblems({ ...valid, Continuation: { attempt: 2, firstStartedAt: 1767225600000, stalled: -1 } })).toEqual([
      'Continuation.stalled must be a non-negative integer when present (got -1).',
    ]);
    expect(eventProblems({ ...valid, Continuation: { attempt: 2, firstStartedAt: 1767225600000 } })).toEqual([]);
  });

  it.each([
    ['an unknown RequestType', { RequestType: 'Upsert' }, 'RequestType must be one of Create, Update, Delete (got "Upsert")'],
    ['no ResponseURL', { ResponseURL: undefined }, 'ResponseURL is missing or empty.'],
    ['a ResponseURL that is not http(s)', { ResponseURL: 'ftp://bucket/key?X-Amz-Signature=s3cr3t' }, 'ResponseURL is not an http(s) URL.'],
    ['an empty StackId', { StackId: '' }, 'StackId is missing or empty.'],
    ['a StackId that is not a stack ARN', { StackId: 'vpce-demo' }, 'StackId is not a CloudFormation stack ARN'],
    ['no RequestId', { RequestId: undefined }, 'RequestId is missing or empty.'],
    ['a blank LogicalResourceId', { LogicalResourceId: ' ' }, 'LogicalResourceId is missing or empty.'],
    ['ResourceProperties as a list', { ResourceProperties: ['a'] }, 'ResourceProperties must be an object (got an array).'],
    ['no PhysicalResourceId on Update', { PhysicalResourceId: '' }, 'PhysicalResourceId is missing or empty on an Update request.'],
    ['no OldResourceProperties on Update', { OldResourceProperties: undefined }, 'OldResourceProperties must be an object on an Update request'],
    ['a malformed Continuation', { Continuation: { attempt: -1, firstStartedAt: 'yesterday' } }, 'Continuation.attempt must be a non-negative integer'],
  ])('reports %s', (_label, change, expected) => {
    const problems = eventProblems({ ...valid, ...change });

    expect(problems).toHaveLength(expected.startsWith('Continuation') ? 2 : 1);
    expect(problems[0]).toContain(expected);
  });

  it('requires a PhysicalResourceId on Delete but not on Create', () => {
    const { PhysicalResourceId: _id, OldResourceProperties: _old, ...withoutId } = valid;

    expect(eventProblems({ ...withoutId, RequestType: 'Delete' })).toEqual(['PhysicalResourceId is missing or empty on a Delete request.']);
    expect(eventProblems({ ...withoutId, RequestType: 'Create' })).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(eventProblems({ RequestType: 'Create' })).toHaveLength(5);
  });

  it.each([null, 'event', 42, ['event']])('rejects %p as not an object', (event) => {
    expect(eventProblems(event)).toEqual([expect.stringContaining('must be a JSON object')]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a Continuation that is not an object', { Continuation: 5 }, ['Continuation must be an object (got a number).']],
    ['a Continuation of null', { Continuation: null }, ['Continuation must be an object (got null).']],
    [
      'a negative attempt, a negative start time and a negative stall count',
      { Continuation: { attempt: -1, firstStartedAt: -1, stalled: -1 } },
      [
        'Continuation.attempt must be a non-negative integer (got -1).',
        'Continuation.firstStartedAt must be epoch milliseconds (got -1).',
        'Continuation.stalled must be a non-negative integer when present (got -1).',
      ],
    ],
    ['OldResourceProperties that are not an object', { OldResourceProperties: 'old' }, ['OldResourceProperties must be an object on an Update request (got a string).']],
    ['no OldResourceProperties', { OldResourceProperties: undefined }, ['OldResourceProperties must be an object on an Update request (got nothing).']],
    ['ResourceProperties of null', { ResourceProperties: null }, ['ResourceProperties must be an object (got null).']],
    [
      'a long RequestType, quoted short',
      { RequestType: 'Create'.repeat(20) },
      [`RequestType must be one of Create, Update, Delete (got "${'Create'.repeat(20).slice(0, 56)}...).`],
    ],
    ['a RequestType whose quote takes exactly 60 characters, quoted whole', { RequestType: 'C'.repeat(58) }, [`RequestType must be one of Create, Update, Delete (got "${'C'.repeat(58)}").`]],
    ['no RequestType', { RequestType: undefined }, ['RequestType must be one of Create, Update, Delete (got nothing).']],
  ])('names %s exactly', (_label, change, expected) => {
    expect(eventProblems({ ...valid, ...change })).toEqual(expected);
  });

  it('accepts the least values a Continuation may carry: attempt 0, a start at epoch 0, no stall', () => {
    expect(eventProblems({ ...valid, Continuation: { attempt: 0, firstStartedAt: 0, stalled: 0 } })).toEqual([]);
  });

  it('never quotes the ResponseURL, even when it is malformed', () => {
    const problems = eventProblems({ ...valid, ResponseURL: 'mailto:x?X-Amz-Signature=s3cr3t', RequestType: 'X' });

    expect(problems.join(' ')).not.toContain('s3cr3t');
  });
});

describe('parseStackArn', () => {
  it.each([
    ['aws', 'arn:aws:cloudformation:eu-west-1:111122223333:stack/network/6c2b5e80-0000-4000-a000-000000000000', { partition: 'aws', region: 'eu-west-1', accountId: '111122223333', stackName: 'network' }],
    ['aws-cn', 'arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/net-cn/6c2b5e80-0000-4000-a000-000000000000', { partition: 'aws-cn', region: 'cn-north-1', accountId: '111122223333', stackName: 'net-cn' }],
    ['aws-us-gov', 'arn:aws-us-gov:cloudformation:us-gov-west-1:111122223333:stack/Gov1/6c2b5e80-0000-4000-a000-000000000000', { partition: 'aws-us-gov', region: 'us-gov-west-1', accountId: '111122223333', stackName: 'Gov1' }],
    ['aws-eusc', 'arn:aws-eusc:cloudformation:eusc-de-east-1:111122223333:stack/net-eu/6c2b5e80-0000-4000-a000-000000000000', { partition: 'aws-eusc', region: 'eusc-de-east-1', accountId: '111122223333', stackName: 'net-eu' }],
    // No region is numbered past 9 yet; the pattern must not be what breaks when one is.
    ['aws (a region numbered 10)', 'arn:aws:cloudformation:ap-southeast-10:111122223333:stack/net/6c2b5e80-0000-4000-a000-000000000000', { partition: 'aws', region: 'ap-southeast-10', accountId: '111122223333', stackName: 'net' }],
  ])('reads the %s partition', (_label, arn, expected) => {
    expect(parseStackArn(arn)).toEqual(expected);
  });

  it.each([
    ['an empty string', ''],
    ['a stack name', 'network'],
    ['another service', 'arn:aws:lambda:eu-west-1:111122223333:function:network'],
    ['a short account ID', 'arn:aws:cloudformation:eu-west-1:1111:stack/network/guid'],
    ['no stack GUID', 'arn:aws:cloudformation:eu-west-1:111122223333:stack/network'],
    ['a stack set', 'arn:aws:cloudformation:eu-west-1:111122223333:stackset/network:guid'],
    ['a name starting with a digit', 'arn:aws:cloudformation:eu-west-1:111122223333:stack/1network/guid'],
    ['text before the ARN', 'x-arn:aws:cloudformation:eu-west-1:111122223333:stack/network/guid'],
    ['text after the ARN', 'arn:aws:cloudformation:eu-west-1:111122223333:stack/network/guid extra'],
    ['an ISO partition', 'arn:aws-iso:cloudformation:us-iso-east-1:111122223333:stack/network/guid'],
    ['a partition nobody knows', 'arn:aws-xyz:cloudformation:eu-west-1:111122223333:stack/network/guid'],
    ['a China Region under the aws partition', 'arn:aws:cloudformation:cn-north-1:111122223333:stack/network/guid'],
    ['a commercial Region under aws-eusc', 'arn:aws-eusc:cloudformation:eu-central-1:111122223333:stack/network/guid'],
    ['the European Sovereign Cloud Region under aws', 'arn:aws:cloudformation:eusc-de-east-1:111122223333:stack/network/guid'],
  ])('returns undefined for %s', (_label, arn) => {
    expect(parseStackArn(arn)).toBeUndefined();
  });

  it('names a Region outside its partition as such in the event problems', () => {
    const problems = eventProblems({ ...valid, StackId: 'arn:aws-cn:cloudformation:eu-west-1:111122223333:stack/network/guid' });

    expect(problems).toEqual(['StackId names the Region "eu-west-1", which is not in its partition "aws-cn".']);
  });

  it('reads the StackIds the driver issues for any region', async () => {
    const cfn = await CloudFormationDriver.start();
    try {
      expect(parseStackArn(cfn.createEvent({}, { region: 'cn-northwest-1', accountId: '210987654321', stackName: 'edge' }).StackId)).toEqual({
        partition: 'aws-cn',
        region: 'cn-northwest-1',
        accountId: '210987654321',
        stackName: 'edge',
      });
    } finally {
      await cfn.close();
    }
  });
});

describe('serviceTimeoutMs: how long CloudFormation waits for the answer', () => {
  it.each<[string, string, number]>([
    ['the shortest ServiceTimeout CloudFormation takes', '1', 1_000],
    ['a ServiceTimeout in range', '600', 600_000],
    ['the longest', '3600', 3_600_000],
  ])('reads %s (%p) in milliseconds', (_label, serviceTimeout, expected) => {
    expect(serviceTimeoutMs({ ResourceProperties: { ServiceToken: 'arn', ServiceTimeout: serviceTimeout } })).toBe(expected);
  });

  it.each<[string, string | undefined]>([
    ['no ServiceTimeout', undefined],
    ['zero', '0'],
    ['a negative value', '-5'],
    ['more than CloudFormation allows', '3601'],
    ['far more', '7200'],
    ['text', 'an hour'],
  ])('takes CloudFormation\'s default of an hour for %s', (_label, serviceTimeout) => {
    const properties = serviceTimeout === undefined ? { ServiceToken: 'arn' } : { ServiceToken: 'arn', ServiceTimeout: serviceTimeout };

    expect(serviceTimeoutMs({ ResourceProperties: properties })).toBe(3_600_000);
  });
});

describe('unservedPartition', () => {
  it.each<[string, unknown, string | undefined]>([
    ['an ISO stack', 'arn:aws-iso:cloudformation:us-iso-east-1:111122223333:stack/net/guid', 'aws-iso'],
    ['an ISO-B stack', 'arn:aws-iso-b:cloudformation:us-isob-east-1:111122223333:stack/net/guid', 'aws-iso-b'],
    ['a partition nobody knows, with a malformed rest', 'arn:aws-mars:cloudformation:whatever', 'aws-mars'],
    ['an aws stack', 'arn:aws:cloudformation:eu-west-1:111122223333:stack/net/guid', undefined],
    ['an aws-eusc stack', 'arn:aws-eusc:cloudformation:eusc-de-east-1:111122223333:stack/net/guid', undefined],
    ['an aws-cn stack', 'arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/net/guid', undefined],
    ['an aws-us-gov stack', 'arn:aws-us-gov:cloudformation:us-gov-west-1:111122223333:stack/net/guid', undefined],
    ['a StackId that is no ARN', 'network', undefined],
    ['another service\'s ARN', 'arn:aws-iso:lambda:us-iso-east-1:111122223333:function:f', undefined],
    ['no StackId', undefined, undefined],
  ])('%s: %j', (_label, stackId, expected) => {
    expect(unservedPartition(stackId)).toBe(expected);
  });
});
