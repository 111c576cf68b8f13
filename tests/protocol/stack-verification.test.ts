import { isCustomResourceType, isOperationInProgress, needsResourceLookup, stackVerdict, type StackObservation } from '../../lib/protocol/stack-verification';

const event = { StackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/net/6c2b0e10-1111-4222-a333-444455556666', LogicalResourceId: 'Endpoints' };
const custom = { type: 'Custom::VpcEndpoints', status: 'CREATE_IN_PROGRESS' };

describe('stackVerdict', () => {
  it.each([
    ['CREATE_IN_PROGRESS'],
    ['UPDATE_IN_PROGRESS'],
    ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'],
    ['UPDATE_ROLLBACK_IN_PROGRESS'],
    ['UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'],
    ['ROLLBACK_IN_PROGRESS'],
    ['DELETE_IN_PROGRESS'],
    ['IMPORT_IN_PROGRESS'],
  ])('trusts an event while the stack is %s and the logical ID is a custom resource', (status) => {
    expect(stackVerdict(event, { stack: { status }, resource: custom })).toEqual({ trusted: true });
  });

  it.each([
    ['Custom::VpcEndpoints', 'DELETE_IN_PROGRESS'],
    ['AWS::CloudFormation::CustomResource', 'UPDATE_COMPLETE'],
    ['Custom::A_b-c@1', 'CREATE_FAILED'],
  ])('trusts a %s resource whatever its own status (%s)', (type, status) => {
    expect(stackVerdict(event, { stack: { status: 'ROLLBACK_IN_PROGRESS' }, resource: { type, status } })).toEqual({ trusted: true });
  });

  it.each([
    [100, `"${'L'.repeat(100)}"`],
    [101, `"${'L'.repeat(97)}..."`],
  ])('quotes a logical ID of %i characters in the refusal whole up to 100 characters, cut beyond', (length, quoted) => {
    const verdict = stackVerdict({ ...event, LogicalResourceId: 'L'.repeat(length) }, { stack: { status: 'UPDATE_IN_PROGRESS' }, resource: 'missing' });

    expect(verdict).toEqual({ trusted: false, reason: `stack net has no resource with logical ID ${quoted}.` });
  });

  it.each<[string, StackObservation, string]>([
    ['a missing stack', { stack: 'missing' }, 'stack net does not exist in its account and region.'],
    ['a created stack', { stack: { status: 'CREATE_COMPLETE' } }, 'stack net is CREATE_COMPLETE: no stack operation is in progress, so CloudFormation sent no request.'],
    ['a deleted stack', { stack: { status: 'DELETE_COMPLETE' } }, 'stack net is DELETE_COMPLETE: no stack operation is in progress, so CloudFormation sent no request.'],
    ['a stack whose rollback failed', { stack: { status: 'UPDATE_ROLLBACK_FAILED' }, resource: custom }, 'stack net is UPDATE_ROLLBACK_FAILED: no stack operation is in progress, so CloudFormation sent no request.'],
    ['a stack under review', { stack: { status: 'REVIEW_IN_PROGRESS' }, resource: 'missing' }, 'stack net has no resource with logical ID "Endpoints".'],
    ['an unknown logical ID', { stack: { status: 'UPDATE_IN_PROGRESS' }, resource: 'missing' }, 'stack net has no resource with logical ID "Endpoints".'],
    ['a resource never asked about', { stack: { status: 'UPDATE_IN_PROGRESS' } }, 'stack net has no resource with logical ID "Endpoints".'],
    ['a VPC', { stack: { status: 'UPDATE_IN_PROGRESS' }, resource: { type: 'AWS::EC2::VPC', status: 'UPDATE_IN_PROGRESS' } }, '"Endpoints" in stack net is a AWS::EC2::VPC, not a custom resource.'],
    ['a look-alike type', { stack: { status: 'UPDATE_IN_PROGRESS' }, resource: { type: 'Custom:VpcEndpoints', status: 'UPDATE_IN_PROGRESS' } }, '"Endpoints" in stack net is a Custom:VpcEndpoints, not a custom resource.'],
    ['a nested stack', { stack: { status: 'UPDATE_IN_PROGRESS' }, resource: { type: 'AWS::CloudFormation::Stack', status: 'UPDATE_IN_PROGRESS' } }, '"Endpoints" in stack net is a AWS::CloudFormation::Stack, not a custom resource.'],
    ['a wait condition', { stack: { status: 'CREATE_IN_PROGRESS' }, resource: { type: 'AWS::CloudFormation::WaitCondition', status: 'CREATE_IN_PROGRESS' } }, '"Endpoints" in stack net is a AWS::CloudFormation::WaitCondition, not a custom resource.'],
    ['a module resource', { stack: { status: 'UPDATE_IN_PROGRESS' }, resource: { type: 'Org::Net::Endpoints::MODULE', status: 'UPDATE_IN_PROGRESS' } }, '"Endpoints" in stack net is a Org::Net::Endpoints::MODULE, not a custom resource.'],
  ])('refuses %s, saying why', (_label, observation, reason) => {
    expect(stackVerdict(event, observation)).toEqual({ trusted: false, reason });
  });
});

describe('the helpers of the stack check', () => {
  it.each([
    ['CREATE_IN_PROGRESS', true],
    ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', true],
    ['UPDATE_COMPLETE', false],
    ['ROLLBACK_COMPLETE', false],
    ['IN_PROGRESS_SOON', false],
  ])('isOperationInProgress(%s) is %s', (status, expected) => {
    expect(isOperationInProgress(status)).toBe(expected);
  });

  it.each([
    ['Custom::VpcEndpoints', true],
    ['AWS::CloudFormation::CustomResource', true],
    ['Custom::', false],
    ['AWS::EC2::VPC', false],
    ['custom::VpcEndpoints', false],
    [`Custom::${'A'.repeat(61)}`, false],
    // A registry type whose last segments look like a custom resource's.
    ['Acme::Custom::Widget', false],
    // CloudFormation's other own types: a forged event naming a nested stack or a wait condition must not pass.
    ['AWS::CloudFormation::Stack', false],
    ['AWS::CloudFormation::WaitCondition', false],
    ['AWS::CloudFormation::WaitConditionHandle', false],
    ['AWS::CloudFormation::Macro', false],
    ['AWS::CloudFormation::CustomResources', false],
    ['AWS::CloudFormation::CustomResourceX', false],
    ['XAWS::CloudFormation::CustomResource', false],
  ])('isCustomResourceType(%s) is %s', (type, expected) => {
    expect(isCustomResourceType(type)).toBe(expected);
  });

  it.each<[StackObservation['stack'], boolean]>([
    ['missing', false],
    [{ status: 'UPDATE_COMPLETE' }, false],
    [{ status: 'DELETE_IN_PROGRESS' }, true],
  ])('asks about the resource only while an operation runs (%j → %s)', (stack, expected) => {
    expect(needsResourceLookup({ stack })).toBe(expected);
  });
});
