import fc from 'fast-check';
import { invalidCreatePhysicalId, isInvalidCreatePhysicalId, physicalIdFor, vpcIdOfOwnPhysicalId } from '../../lib/protocol/physical-id';

const stackId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/vpce-demo/214057f0-2c35-4bc7-aa20-870e57f2b6c8';
const otherStackId = 'arn:aws:cloudformation:us-east-1:123456789012:stack/vpce-demo/9d3a1f00-0000-4000-a000-000000000001';
const logicalResourceId = 'VpcEndpoints';
const vpcId = 'vpc-0a1b2c3d4e5f67890';
const base = { stackId, logicalResourceId, vpcId };

describe('physicalIdFor', () => {
  it('is the same for the same stack, logical ID and VPC', () => {
    expect(physicalIdFor(base)).toBe(physicalIdFor({ ...base }));
  });

  it.each([
    ['VPC', { vpcId: 'vpc-0a1b2c3d4e5f67891' }],
    ['stack', { stackId: otherStackId }],
    ['logical ID', { logicalResourceId: 'OtherEndpoints' }],
  ])('differs when the %s differs', (_label, change) => {
    expect(physicalIdFor({ ...base, ...change })).not.toBe(physicalIdFor(base));
  });

  it('keeps the stack and logical ID apart: moving text from one to the other changes the ID', () => {
    const joinedLeft = physicalIdFor({ stackId: `${stackId}/Vpc`, logicalResourceId: 'Endpoints', vpcId });
    const joinedRight = physicalIdFor({ stackId, logicalResourceId: '/VpcEndpoints', vpcId });

    expect(joinedLeft).not.toBe(joinedRight);
  });

  it('shows the VPC ID readably and is valid as a tag value and a security-group name part', () => {
    const id = physicalIdFor(base);

    expect(id).toContain(vpcId);
    expect(id.length).toBeLessThanOrEqual(256);
    expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  it('treats the VPC ID case-insensitively, so a re-cased property does not replace the resource', () => {
    expect(physicalIdFor({ ...base, vpcId: vpcId.toUpperCase().replace('VPC-', 'vpc-') })).toBe(physicalIdFor(base));
  });

  it.each([
    ['', 'Not a VPC ID: "".'],
    ['vpc-', 'Not a VPC ID: "vpc-".'],
    ['vpc-123', 'Not a VPC ID: "vpc-123".'],
    ['subnet-0a1b2c3d', 'Not a VPC ID: "subnet-0a1b2c3d".'],
    ['vpc-0a1b2c3d4e5f6789g', 'Not a VPC ID: "vpc-0a1b2c3d4e5f6789g".'],
    ['my-vpc-0a1b2c3d', 'Not a VPC ID: "my-vpc-0a1b2c3d".'],
    ['vpc-0a1b2c3d4e5f67890 ', 'Not a VPC ID: "vpc-0a1b2c3d4e5f67890 ".'],
  ])('refuses %j as a VPC ID, quoting it', (bad, message) => {
    expect(() => physicalIdFor({ ...base, vpcId: bad })).toThrow(new TypeError(message));
  });

  it('stays short for the longest stack ARNs and logical IDs (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 255 }), fc.stringMatching(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/), (stack, logical, vpc) => {
        const id = physicalIdFor({ stackId: stack, logicalResourceId: logical, vpcId: vpc });

        expect(id.length).toBeLessThanOrEqual(256);
        expect(vpcIdOfOwnPhysicalId(id, stack, logical)).toBe(vpc);
      }),
    );
  });
});

describe('vpcIdOfOwnPhysicalId', () => {
  it('returns the VPC ID of an ID issued for this stack and logical ID', () => {
    expect(vpcIdOfOwnPhysicalId(physicalIdFor(base), stackId, logicalResourceId)).toBe(vpcId);
  });

  it.each([
    ['another stack', otherStackId, logicalResourceId],
    ['another logical ID', stackId, 'OtherEndpoints'],
  ])('does not claim an ID issued for %s', (_label, askingStack, askingLogical) => {
    expect(vpcIdOfOwnPhysicalId(physicalIdFor(base), askingStack, askingLogical)).toBeUndefined();
  });

  const ownId = physicalIdFor(base);
  it.each([
    ['empty', ''],
    ['garbage', 'not-an-id'],
    ['a bare VPC ID', vpcId],
    ['a CDK-style ID', 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED'],
    ['a log stream name', '2026/01/01/[$LATEST]0123456789abcdef'],
    ['a tampered digest', ownId.replace(/.$/, (last) => (last === '0' ? '1' : '0'))],
    ['another VPC with our digest', ownId.replace(vpcId, 'vpc-0a1b2c3d4e5f67891')],
    ['an upper-cased own ID', ownId.toUpperCase()],
    ['an own ID with a suffix', `${ownId}-x`],
  ])('does not claim a foreign ID: %s', (_label, id) => {
    expect(vpcIdOfOwnPhysicalId(id, stackId, logicalResourceId)).toBeUndefined();
  });
});

describe('invalidCreatePhysicalId', () => {
  it('is deterministic per stack and logical ID, and recognised as the marker', () => {
    const id = invalidCreatePhysicalId(stackId, logicalResourceId);

    expect(invalidCreatePhysicalId(stackId, logicalResourceId)).toBe(id);
    expect(invalidCreatePhysicalId(otherStackId, logicalResourceId)).not.toBe(id);
    expect(isInvalidCreatePhysicalId(id)).toBe(true);
    expect(id.length).toBeLessThanOrEqual(256);
  });

  it('names no VPC, so a Delete carrying it touches nothing', () => {
    expect(vpcIdOfOwnPhysicalId(invalidCreatePhysicalId(stackId, logicalResourceId), stackId, logicalResourceId)).toBeUndefined();
  });

  it.each([
    ['an ordinary own ID', physicalIdFor(base)],
    ['garbage', 'none'],
    ['empty', ''],
  ])('is not confused with %s', (_label, id) => {
    expect(isInvalidCreatePhysicalId(id)).toBe(false);
  });
});
