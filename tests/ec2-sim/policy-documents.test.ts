import { basicWorld, expectCode, interfaceInput } from './fixtures';

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
