/**
 * A consumer's physical ID: stable, readable, and bound to its stack, logical ID, spoke VPC and hub.
 *
 * CloudFormation replaces a resource whose answer carries a new physical ID, and deletes the old one afterwards. A
 * consumer moved to another spoke VPC or another hub is such a replacement (its claim and associations belong to the
 * old pair), so both are in the digest; the spoke VPC is also shown readably. The digest is the endpoints resource's
 * (lib/protocol/physical-id.ts) over different parts, under a prefix of its own, so neither type mistakes the other's
 * IDs for its own.
 *
 * Format: `vpce-consumer-v1-<spoke vpc-id>-<20 hex digest>`: only `[a-z0-9-]`, at most 59 characters, valid as an EC2
 * tag value (the consumer's owner tag on its ingress rules).
 *
 * Pure: no AWS SDK.
 */
import { PHYSICAL_ID_DIGEST_HEX_LENGTH, physicalIdDigest } from '../protocol/physical-id';

const PREFIX = 'vpce-consumer-v1-';
const VPC_ID = '(vpc-(?:[0-9a-f]{8}|[0-9a-f]{17}))';
const OWN_ID = new RegExp(`^${PREFIX}${VPC_ID}-([0-9a-f]{${PHYSICAL_ID_DIGEST_HEX_LENGTH}})$`);
/** Separates the consumer's digest from an endpoints resource's over the same stack, logical ID and VPC. */
const DIGEST_DOMAIN = 'consumer';

/** What identifies one consumer: its place in a stack, the spoke VPC it serves and the hub it consumes. */
export interface ConsumerIdentity {
  readonly stackId: string;
  readonly logicalResourceId: string;
  /** The spoke VPC, lower-case (as the properties give it). */
  readonly vpcId: string;
  /** The hub's ID as the properties give it (the hub VPC's ARN). */
  readonly hubId: string;
}

/**
 * The consumer's physical ID: the same identity always gives the same ID; any change of stack, logical ID, spoke VPC
 * or hub gives another.
 *
 * @example
 * consumerPhysicalIdFor({ stackId, logicalResourceId: 'Consumer', vpcId: 'vpc-0a1b2c3d', hubId: 'arn:aws:ec2:…:vpc/vpc-…' })
 * // 'vpce-consumer-v1-vpc-0a1b2c3d-<20 hex digits>'
 */
export function consumerPhysicalIdFor(identity: ConsumerIdentity): string {
  if (!new RegExp(`^${VPC_ID}$`).test(identity.vpcId)) throw new TypeError(`Not a VPC ID: ${JSON.stringify(identity.vpcId)}.`);
  return `${PREFIX}${identity.vpcId}-${digestOf(identity)}`;
}

/**
 * Whether `physicalId` is the one {@link consumerPhysicalIdFor} issues for exactly this identity. A Delete acts only
 * then: an ID of another stack, logical ID, spoke or hub, a foreign ID or the failed-Create marker names nothing this
 * consumer made.
 */
export function isOwnConsumerPhysicalId(physicalId: string, identity: ConsumerIdentity): boolean {
  const match = OWN_ID.exec(physicalId);
  if (match === null) return false;
  const [, vpcId, givenDigest] = match as unknown as [string, string, string];
  return vpcId === identity.vpcId && givenDigest === digestOf(identity);
}

function digestOf(identity: ConsumerIdentity): string {
  return physicalIdDigest([identity.stackId, identity.logicalResourceId, identity.vpcId, identity.hubId, DIGEST_DOMAIN]);
}
