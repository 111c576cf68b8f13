import { consumerPhysicalIdFor, isOwnConsumerPhysicalId } from '../../lib/consumer/physical-id';
import { physicalIdDigest, physicalIdFor } from '../../lib/protocol/physical-id';

const stackId = 'arn:aws:cloudformation:eu-west-1:444455556666:stack/spoke/214057f0-2c35-4bc7-aa20-870e57f2b6c8';
const identity = {
  stackId,
  logicalResourceId: 'Consumer',
  vpcId: 'vpc-0a1b2c3d4e5f67890',
  hubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c0b0a09080',
};

describe('consumerPhysicalIdFor', () => {
  it('has its own prefix, shows the spoke VPC, and is valid as a tag value', () => {
    const id = consumerPhysicalIdFor(identity);

    expect(id).toMatch(/^vpce-consumer-v1-vpc-0a1b2c3d4e5f67890-[0-9a-f]{20}$/);
    expect(id.length).toBeLessThanOrEqual(59);
  });

  it('is the same for the same identity', () => {
    expect(consumerPhysicalIdFor({ ...identity })).toBe(consumerPhysicalIdFor(identity));
  });

  it.each([
    ['spoke VPC', { vpcId: 'vpc-0a1b2c3d4e5f67891' }],
    ['hub', { hubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c0b0a09081' }],
    ['stack', { stackId: stackId.replace('214057f0', '314057f0') }],
    ['logical ID', { logicalResourceId: 'OtherConsumer' }],
  ])('changes when the %s changes (a replacement)', (_label, change) => {
    expect(consumerPhysicalIdFor({ ...identity, ...change })).not.toBe(consumerPhysicalIdFor(identity));
  });

  it('never equals the endpoints resource ID of the same stack, logical ID and VPC, even in its digest', () => {
    const endpointsId = physicalIdFor(identity);
    const consumerId = consumerPhysicalIdFor(identity);

    expect(consumerId.slice(-20)).not.toBe(endpointsId.slice(-20));
  });

  it('refuses what is not a VPC ID', () => {
    expect(() => consumerPhysicalIdFor({ ...identity, vpcId: 'subnet-0a1b2c3d' })).toThrow(TypeError);
  });
});

describe('isOwnConsumerPhysicalId', () => {
  it('recognises the ID issued for the identity', () => {
    expect(isOwnConsumerPhysicalId(consumerPhysicalIdFor(identity), identity)).toBe(true);
  });

  it.each([
    ['another hub', { hubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c0b0a09081' }],
    ['another logical ID', { logicalResourceId: 'OtherConsumer' }],
  ])('refuses the ID of %s', (_label, change) => {
    expect(isOwnConsumerPhysicalId(consumerPhysicalIdFor({ ...identity, ...change }), identity)).toBe(false);
  });

  it.each([
    ['the endpoints resource ID of the same triple', physicalIdFor(identity)],
    ['a foreign ID', 'my-consumer'],
    ['an ID naming another VPC with the right digest', `vpce-consumer-v1-vpc-0a1b2c3d4e5f67891-${consumerPhysicalIdFor(identity).slice(-20)}`],
  ])('refuses %s', (_label, physicalId) => {
    expect(isOwnConsumerPhysicalId(physicalId, identity)).toBe(false);
  });
});

describe('physicalIdDigest', () => {
  it('is the digest the endpoints resource has always carried (deployed IDs depend on it)', () => {
    const endpointsId = physicalIdFor({ stackId, logicalResourceId: 'Endpoints', vpcId: 'vpc-0a1b2c3d' });

    expect(endpointsId).toBe('vpce-provisioner-v1-vpc-0a1b2c3d-2929998dd7781a86febc');
    expect(physicalIdDigest([stackId, 'Endpoints', 'vpc-0a1b2c3d'])).toBe('2929998dd7781a86febc');
  });
});
