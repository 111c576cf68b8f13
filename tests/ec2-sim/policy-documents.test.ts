import { basicWorld, expectCode, interfaceInput, svc } from './fixtures';

const allow = { Effect: 'Allow', Principal: '*', Action: 'ecr:*', Resource: '*' };

describe('endpoint policies are validated as IAM policy documents', () => {
  it.each([
    ['text that is not JSON', '{"Statement": ['],
    ['a document without Statement', JSON.stringify({ Version: '2012-10-17' })],
    ['an unknown Version', JSON.stringify({ Version: '2020-01-01', Statement: [allow] })],
    ['an Effect other than Allow or Deny', JSON.stringify({ Statement: [{ ...allow, Effect: 'Permit' }] })],
    ['a statement without Action or NotAction', JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Resource: '*' }] })],
    ['both Action and NotAction', JSON.stringify({ Statement: [{ ...allow, NotAction: 's3:*' }] })],
    ['a statement without Resource', JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*' }] })],
    ['both Principal and NotPrincipal', JSON.stringify({ Statement: [{ ...allow, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } }] })],
    ['a Condition that is not operator → key → value', JSON.stringify({ Statement: [{ ...allow, Condition: { test: 'StringEquals' } }] })],
    ['an unknown statement field', JSON.stringify({ Statement: [{ ...allow, Actions: '*' }] })],
  ])('rejects %s with InvalidPolicyDocument and creates nothing', async (_case, policy) => {
    const world = await basicWorld();

    const attempt = world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { PolicyDocument: policy }));

    await expectCode(attempt, 'InvalidPolicyDocument');
    await expect(attempt).rejects.toThrow('The Policy Document is not valid.');
    expect(world.sim.state.endpoints.size).toBe(0);
  });

  it.each([
    ['one statement as an object, no Version', { Statement: allow }],
    ['NotAction, NotResource and a Condition', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: { AWS: ['arn:aws:iam::123456789012:root'] }, NotAction: ['s3:GetObject'], NotResource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }] }],
  ])('accepts %s', async (_case, policy) => {
    const world = await basicWorld();

    await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { PolicyDocument: JSON.stringify(policy) }));

    expect(world.sim.state.endpoints.size).toBe(1);
  });

  it('validates ModifyVpcEndpoint policies the same way', async () => {
    const world = await basicWorld();
    const created = await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA]));
    const id = (created.VpcEndpoint as { VpcEndpointId: string }).VpcEndpointId;

    await expectCode(world.sim.call('ModifyVpcEndpoint', { VpcEndpointId: id, PolicyDocument: JSON.stringify({ Statement: [{ ...allow, Effect: 'allow' }] }) }), 'InvalidPolicyDocument');
  });
});

/**
 * What endpoint policies take beyond IAM's grammar (PrivateLink guide, "Control access to VPC endpoints using endpoint
 * policies"): a Principal element; "Principal": "*" for gateway endpoints; no wildcards and no numeric operators on the
 * global keys that hold system-generated identifiers (aws:PrincipalAccount, aws:SourceVpc, …).
 */
describe('endpoint policies as PrivateLink takes them', () => {
  const gatewayInput = (world: { vpcId: string; routeTableId: string }, policy: unknown) => ({
    VpcEndpointType: 'Gateway',
    VpcId: world.vpcId,
    ServiceName: svc('s3'),
    RouteTableIds: [world.routeTableId],
    PolicyDocument: JSON.stringify(policy),
  });
  const withCondition = (condition: Record<string, unknown>) => ({ Statement: [{ ...allow, Condition: condition }] });

  it.each<[string, unknown, string]>([
    ['a statement without Principal', { Statement: [allow, { Effect: 'Deny', Action: 'ecr:DeleteRepository', Resource: '*' }] }, 'Principal'],
    ['a wildcard on aws:SourceVpc', withCondition({ StringLike: { 'aws:SourceVpc': 'vpc-0abc*' } }), 'aws:SourceVpc'],
    ['a ? wildcard in a list on aws:PrincipalAccount', withCondition({ 'ForAnyValue:StringLike': { 'aws:PrincipalAccount': ['111122223333', '11112222333?'] } }), 'aws:PrincipalAccount'],
    ['a numeric operator on aws:PrincipalAccount', withCondition({ NumericEquals: { 'aws:PrincipalAccount': 111122223333 } }), 'aws:PrincipalAccount'],
    ['a numeric operator with IfExists on aws:sourcevpce (keys are case-insensitive)', withCondition({ NumericLessThanIfExists: { 'aws:sourcevpce': 5 } }), 'aws:sourcevpce'],
  ])('refuses %s with InvalidPolicyDocument', async (_case, policy, named) => {
    const world = await basicWorld();

    const attempt = world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { PolicyDocument: JSON.stringify(policy) }));

    await expectCode(attempt, 'InvalidPolicyDocument');
    await expect(attempt).rejects.toThrow(named);
    expect(world.sim.state.endpoints.size).toBe(0);
  });

  it.each<[string, unknown]>([
    ['a NotPrincipal statement', { Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: '*', Resource: '*' }] }],
    ['exact values on aws:SourceVpc and aws:PrincipalAccount', withCondition({ StringEquals: { 'aws:SourceVpc': 'vpc-0abc', 'aws:PrincipalAccount': ['111122223333'] } })],
    ['wildcards on a key that holds no system-generated identifier', withCondition({ StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/build-*' } })],
    ['a numeric operator on another key', withCondition({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } })],
  ])('takes %s on an interface endpoint', async (_case, policy) => {
    const world = await basicWorld();

    await world.sim.call('CreateVpcEndpoint', interfaceInput(world.vpcId, [world.subnetA], { PolicyDocument: JSON.stringify(policy) }));

    expect(world.sim.state.endpoints.size).toBe(1);
  });

  it.each<[string, unknown]>([
    ['a Principal naming an account', { Statement: [{ ...allow, Principal: { AWS: 'arn:aws:iam::123456789012:root' } }] }],
    ['Principal {"AWS": "*"} instead of "*"', { Statement: [{ ...allow, Principal: { AWS: '*' } }] }],
    ['NotPrincipal', { Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: '*', Resource: '*' }] }],
    ['a second statement without Principal', { Statement: [allow, { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] }],
  ])('refuses %s on a gateway endpoint', async (_case, policy) => {
    const world = await basicWorld();

    const attempt = world.sim.call('CreateVpcEndpoint', gatewayInput(world, policy));

    await expectCode(attempt, 'InvalidPolicyDocument');
    await expect(attempt).rejects.toThrow('Principal');
    expect(world.sim.state.endpoints.size).toBe(0);
  });

  it('takes Principal "*" with aws:PrincipalArn on a gateway endpoint, and refuses an account Principal on Modify', async () => {
    const world = await basicWorld();
    const scoped = { Statement: [{ ...allow, Action: 's3:GetObject', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/app-*' } } }] };

    const created = (await world.sim.call('CreateVpcEndpoint', gatewayInput(world, scoped))) as { VpcEndpoint: { VpcEndpointId: string } };
    const modify = world.sim.call('ModifyVpcEndpoint', {
      VpcEndpointId: created.VpcEndpoint.VpcEndpointId,
      PolicyDocument: JSON.stringify({ Statement: [{ ...allow, Principal: { AWS: '123456789012' } }] }),
    });

    await expectCode(modify, 'InvalidPolicyDocument');
  });
});
