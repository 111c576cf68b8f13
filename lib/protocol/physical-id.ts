/**
 * The custom resource's physical ID: stable, readable, and bound to its stack and logical ID.
 *
 * CloudFormation treats a changed physical ID as a replacement and deletes "the old one", so the ID
 * is a pure function of what identifies the resource: (stack, logical ID, VPC). It shows the VPC ID
 * readably and carries a digest of all three, so a Delete can tell its own IDs from foreign ones
 * (another stack's, another logical resource's, or one issued before this provider existed) and
 * touch nothing for the latter.
 *
 * Format: `vpce-provisioner-v1-<vpc-id>-<20 hex digest>`, or `vpce-provisioner-v1-none-<digest>`
 * for a failed Create that never got a VPC. Only `[a-z0-9-]`, at most 61 characters: valid as an EC2
 * tag value (256) and as part of a security-group name (255).
 *
 * Pure: node:crypto only.
 */
import { createHash } from 'node:crypto';

const PREFIX = 'vpce-provisioner-v1-';
const NO_VPC = 'none';
/** 80 bits: collisions between the IDs of one account's stacks are not a practical concern. */
const DIGEST_HEX_LENGTH = 20;
const VPC_ID = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const OWN_ID = new RegExp(`^${PREFIX}(vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})|${NO_VPC})-([0-9a-f]{${DIGEST_HEX_LENGTH}})$`);

/** Identifies one custom resource in one stack, and the VPC it provisions. */
export interface PhysicalIdInput {
  stackId: string;
  logicalResourceId: string;
  vpcId: string;
}

/**
 * Deterministic: the same (stackId, logicalResourceId, vpcId) always gives the same ID; changing any
 * of them gives a different one. The VPC ID is compared case-insensitively (AWS IDs are lowercase).
 *
 * @throws TypeError when `vpcId` is not `vpc-` followed by 8 or 17 hex digits (validate properties first).
 * @example
 * physicalIdFor({ stackId, logicalResourceId: 'Endpoints', vpcId: 'vpc-0a1b2c3d4e5f67890' })
 * // 'vpce-provisioner-v1-vpc-0a1b2c3d4e5f67890-3c9e0f1a2b4d6e8f0a1b'
 */
export function physicalIdFor(input: PhysicalIdInput): string {
  const vpcId = input.vpcId.toLowerCase();
  if (!VPC_ID.test(vpcId)) throw new TypeError(`Not a VPC ID: ${JSON.stringify(input.vpcId)}.`);
  return `${PREFIX}${vpcId}-${digest(input.stackId, input.logicalResourceId, vpcId)}`;
}

/**
 * The VPC ID if `physicalId` was issued by {@link physicalIdFor} for exactly this stack and logical
 * ID; undefined for anything else: foreign IDs, IDs of other stacks or logical resources, garbage,
 * and also the {@link invalidCreatePhysicalId} marker, which names no VPC (nothing was made; tell
 * it apart with {@link isInvalidCreatePhysicalId}).
 */
export function vpcIdOfOwnPhysicalId(physicalId: string, stackId: string, logicalResourceId: string): string | undefined {
  const match = OWN_ID.exec(physicalId);
  if (!match) return undefined;
  const [, vpcId, givenDigest] = match as unknown as [string, string, string];
  if (vpcId === NO_VPC || givenDigest !== digest(stackId, logicalResourceId, vpcId)) return undefined;
  return vpcId;
}

/**
 * The ID answered on a FAILED Create whose VpcId could not be read at all. CloudFormation sends a
 * Delete with it next; that Delete must succeed and touch nothing. Deterministic per stack and
 * logical ID, so a retried failure answers the same ID.
 */
export function invalidCreatePhysicalId(stackId: string, logicalResourceId: string): string {
  return `${PREFIX}${NO_VPC}-${digest(stackId, logicalResourceId, NO_VPC)}`;
}

/** True for an ID made by {@link invalidCreatePhysicalId} (for any stack): nothing was created under it. */
export function isInvalidCreatePhysicalId(physicalId: string): boolean {
  return OWN_ID.exec(physicalId)?.[1] === NO_VPC;
}

function digest(stackId: string, logicalResourceId: string, vpcPart: string): string {
  return physicalIdDigest([stackId, logicalResourceId, vpcPart]);
}

/**
 * The digest a physical ID carries: 20 hex digits of SHA-256 over the parts that identify the resource. Shared by every
 * resource type's physical ID, so that all of them bind their parts the same way. Deployed IDs depend on it: never
 * change it.
 *
 * @example
 * physicalIdDigest([stackId, 'Endpoints', 'vpc-0a1b2c3d']) // 20 lower-case hex digits
 */
export function physicalIdDigest(parts: readonly string[]): string {
  // JSON framing keeps the parts apart: ('a-b', 'c') and ('a', 'b-c') hash differently.
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, DIGEST_HEX_LENGTH);
}

/** The digest's length in hex digits, for the patterns that recognise IDs carrying it. */
export const PHYSICAL_ID_DIGEST_HEX_LENGTH = DIGEST_HEX_LENGTH;
