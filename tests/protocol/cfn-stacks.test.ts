import { CloudFormationClient, DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { buildResponseBody } from '../../lib/protocol/response';
import { sendResponse } from '../../lib/protocol/send-response';
import { CloudFormationDriver } from '../support/cfn-driver';

const props = { VpcId: 'vpc-12345678', SubnetIds: ['subnet-1'] };

describe('the stacks the CloudFormation driver plays', () => {
  let cfn: CloudFormationDriver;
  beforeEach(async () => {
    cfn = await CloudFormationDriver.start();
  });
  afterEach(() => cfn.close());

  async function answer(event: CustomResourceEvent, status: 'SUCCESS' | 'FAILED', physicalResourceId: string): Promise<void> {
    const { body } = buildResponseBody({ status, physicalResourceId, event, reason: status === 'FAILED' ? 'no' : undefined });
    await sendResponse(event.ResponseURL, body, { attempts: 1 });
  }
  const status = (event: CustomResourceEvent) => cfn.stacks.statusOf(event.StackId);

  it('moves along a stack’s life: create, in-place update, replacement and its clean-up, deletion', async () => {
    const create = cfn.createEvent(props);
    const seen = [status(create)];
    await answer(create, 'SUCCESS', 'id-1');
    const update = cfn.updateEvent('id-1', props, props);
    seen.push(status(update));
    await answer(update, 'SUCCESS', 'id-1');
    const replace = cfn.updateEvent('id-1', props, props);
    seen.push(status(replace));
    await answer(replace, 'SUCCESS', 'id-2');
    const cleanup = cfn.deleteEvent('id-1', props);
    seen.push(status(cleanup));
    await answer(cleanup, 'SUCCESS', 'id-1');
    const remove = cfn.deleteEvent('id-2', props);
    seen.push(status(remove));
    await answer(remove, 'SUCCESS', 'id-2');
    // The stack stays where it is until its next event is built; a new Create then starts a new stack.
    const recreate = cfn.createEvent(props);
    seen.push(status(recreate));

    expect(seen).toEqual(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'DELETE_IN_PROGRESS', 'CREATE_IN_PROGRESS']);
  });

  it('rolls a failed Create back, and a failed Update back with the old properties', async () => {
    const create = cfn.createEvent(props);
    await answer(create, 'FAILED', 'marker');
    const rollback = cfn.deleteEvent('marker', props);
    const rolledBackStatus = status(rollback);

    const second = cfn.createEvent(props, { stackName: 'second' });
    await answer(second, 'SUCCESS', 'id-1');
    const failing = cfn.updateEvent('id-1', props, props, { stackName: 'second' });
    await answer(failing, 'FAILED', 'id-1');
    const back = cfn.updateEvent('id-1', props, props, { stackName: 'second' });

    expect(rolledBackStatus).toBe('ROLLBACK_IN_PROGRESS');
    expect(status(back)).toBe('UPDATE_ROLLBACK_IN_PROGRESS');
  });

  it('answers DescribeStacks and DescribeStackResource for the caller’s account only, ValidationError otherwise', async () => {
    const create = cfn.createEvent(props, { accountId: '111122223333' });
    const mine = cfn.stacks.client('111122223333');
    const theirs = cfn.stacks.client('444455556666');

    const stacks = await mine.send(new DescribeStacksCommand({ StackName: create.StackId }));
    const resource = await mine.send(new DescribeStackResourceCommand({ StackName: create.StackId, LogicalResourceId: create.LogicalResourceId }));
    const foreign = await theirs.send(new DescribeStacksCommand({ StackName: create.StackId })).catch((error: Error) => error.name);
    const unknownLogicalId = await mine.send(new DescribeStackResourceCommand({ StackName: create.StackId, LogicalResourceId: 'Nope' })).catch((error: Error) => error.name);

    expect(stacks).toMatchObject({ Stacks: [{ StackId: create.StackId, StackStatus: 'CREATE_IN_PROGRESS' }] });
    expect(resource).toMatchObject({ StackResourceDetail: { ResourceType: 'Custom::VpcEndpoints', ResourceStatus: 'CREATE_IN_PROGRESS' } });
    expect(foreign).toBe('ValidationError');
    expect(unknownLogicalId).toBe('ValidationError');
    expect(cfn.stacks.calls.map((call) => `${call.action} ${call.error ?? 'ok'}`)).toEqual([
      'DescribeStacks ok',
      'DescribeStackResource ok',
      'DescribeStacks ValidationError',
      'DescribeStackResource ValidationError',
    ]);
  });

  it('serves the same answers to the real SDK client over the Query protocol (AWS_ENDPOINT_URL_CLOUDFORMATION)', async () => {
    const create = cfn.createEvent(props);
    const client = new CloudFormationClient({ region: 'us-east-1', endpoint: cfn.baseUrl, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' }, maxAttempts: 1 });

    const stacks = await client.send(new DescribeStacksCommand({ StackName: create.StackId }));
    const resource = await client.send(new DescribeStackResourceCommand({ StackName: create.StackId, LogicalResourceId: create.LogicalResourceId }));
    const missing = await client.send(new DescribeStacksCommand({ StackName: create.StackId.replace(/[^/]+$/, '00000000-0000-4000-a000-000000000000') })).catch((error: Error) => error.name);

    expect(stacks.Stacks?.[0]?.StackStatus).toBe('CREATE_IN_PROGRESS');
    expect(resource.StackResourceDetail?.ResourceType).toBe('Custom::VpcEndpoints');
    expect(missing).toBe('ValidationError');
  });
});
