/**
 * What a consumer needs from AWS, as small interfaces ("ports") the lifecycle will wire to the real clients (the hub
 * account's EC2 and Route 53 through its role, the spoke account's Route 53) and the tests to an in-memory fake.
 *
 * The write methods are one AWS call each and fail as AWS does, with the error's `name` set to AWS's code
 * (`InvalidPermission.Duplicate`, `VPCAssociationNotFound`…): apply.ts decides which of those mean "already done".
 * The observe methods read everything one side contributes to the observation, or undefined when it is not found.
 *
 * Pure: types only.
 */
import type { HubRef } from '../centralised/hub-contract';
import type { Tag } from '../properties/spec';
import type { ObservedHub, ObservedIngressRule, ObservedSpoke, ObservedSpokeZone } from './observation';
import type { ZoneAndVpc } from './plan';

/** Calls made with the hub account's credentials. */
export interface HubAccountPort {
  /** The hub named by `hubId`: its group tagged `vpce-provisioner:hub` = `hubId` and its zones; undefined when none is. */
  observeHub(hub: HubRef, hubId: string): Promise<ObservedHub | undefined>;
  /** The group's ingress rules as they are now (DescribeSecurityGroupRules), to settle an `InvalidPermission.Duplicate`. */
  describeIngressRules(groupId: string): Promise<readonly ObservedIngressRule[]>;
  /** AuthorizeSecurityGroupIngress of TCP 443 from `cidr`, the rule tagged at creation (TagSpecifications `security-group-rule`). */
  authorizeHttpsIngress(input: { readonly groupId: string; readonly cidr: string; readonly tags: readonly Tag[] }): Promise<{ readonly ruleId: string }>;
  /** RevokeSecurityGroupIngress by rule ID. */
  revokeIngressRule(input: { readonly groupId: string; readonly ruleId: string }): Promise<void>;
  /** CreateVPCAssociationAuthorization. */
  createVpcAssociationAuthorization(pair: ZoneAndVpc): Promise<void>;
  /** DeleteVPCAssociationAuthorization. */
  deleteVpcAssociationAuthorization(pair: ZoneAndVpc): Promise<void>;
}

/** Calls made with the spoke (stack) account's credentials. */
export interface SpokeAccountPort {
  /** The spoke VPC with its DNS attributes, private-DNS endpoints, associated zones and route tables; undefined when not found. */
  observeSpoke(vpcId: string): Promise<ObservedSpoke | undefined>;
  /** ListHostedZonesByVPC, to settle a `ConflictingDomainExists`. */
  listHostedZonesByVpc(vpcId: string, vpcRegion: string): Promise<readonly ObservedSpokeZone[]>;
  /** AssociateVPCWithHostedZone. */
  associateVpcWithHostedZone(pair: ZoneAndVpc): Promise<void>;
  /** DisassociateVPCFromHostedZone. */
  disassociateVpcFromHostedZone(pair: ZoneAndVpc): Promise<void>;
}

/** A parent of an account or OU in AWS Organizations, as ListParents gives it. */
export interface OrganizationParent {
  readonly id: string;
  readonly type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | string;
}

/** Calls made with the provider's own credentials, in the provider's account: AWS Organizations, to admit by OU. */
export interface OrganizationsPort {
  /** The account the calls are made from (for the reasons a refusal gives: it is the one that needs the delegation). */
  readonly callerAccountId: string;
  /** ListParents of an account or OU, every page (an empty page with a NextToken is not the end). */
  listParents(childId: string): Promise<readonly OrganizationParent[]>;
}

/** Everything a consumer's converge and teardown use. */
export interface ConsumerPorts {
  readonly hub: HubAccountPort;
  readonly spoke: SpokeAccountPort;
  /** AWS Organizations; absent when the provider was started without it (then a hub admitting OUs cannot admit by them). */
  readonly organizations?: OrganizationsPort;
  /** Waits this long (the lifecycle's clock; a virtual one in tests). */
  readonly pause: (ms: number) => Promise<void>;
}
