/**
 * The plan preview as data: what `previewConvergence` (lib/preview.ts) reports and `formatPreview`
 * (lib/preview-format.ts) prints. Types only, in a module of their own so that neither of those two imports the other's
 * types back (the preview uses the formatter's `describeAction`).
 */
import type { Action } from '../reconcile/actions';
import type { DesiredState } from '../reconcile/desired';
import type { SkippedRead } from '../reconcile/observed';
import type { Tag } from '../properties/spec';

/** What every preview says about itself. */
export interface PreviewHeader {
  readonly requestType: 'Create' | 'Update';
  /** Undefined only when VpcId itself is missing or invalid. */
  readonly vpcId?: string;
  /** The physical ID the resource would have; the owner tag of everything it creates. */
  readonly physicalResourceId?: string;
  readonly stackId: string;
  readonly logicalResourceId: string;
  /** The account the checks assumed. */
  readonly accountId?: string;
  readonly region: string;
  /**
   * An Update preview found nothing in the VPC owned by this stack and logical ID, so everything shows as new (and its
   * own endpoints as another team's): most often a wrong --stack-id or --logical-id.
   */
  readonly ownsNothing?: true;
  /**
   * Read checks the preview could not make (Route 53 or Service Quotas denied or failed): what went unchecked or was
   * assumed instead, as the resource itself would. Absent when every check was made.
   */
  readonly skippedReads?: readonly SkippedRead[];
}

/** The resource would answer FAILED, before any write. */
export interface FailingPreview extends PreviewHeader {
  readonly wouldSucceed: false;
  /** `properties`: parseProperties refused them. `preconditions`: the VPC, as observed, cannot take the endpoints. */
  readonly failedAt: 'properties' | 'preconditions';
  /** Every problem, each a sentence naming what to change. */
  readonly problems: readonly string[];
  /** The Reason the resource would send CloudFormation, word for word. */
  readonly reason: string;
}

/** The resource would succeed; this is what it would leave in the VPC and how it would get there. */
export interface SucceedingPreview extends PreviewHeader, PlanSummary {
  readonly wouldSucceed: true;
}

export type PlanPreview = FailingPreview | SucceedingPreview;

/** One endpoint subnet, by AZ ID. */
export interface PreviewSubnet {
  readonly azId: string;
  /** `new`: carved and created by this plan. `kept`: an owned subnet that stays. `deleted`: an owned subnet that goes. */
  readonly status: 'new' | 'kept' | 'deleted';
  /** Undefined for a new subnet (EC2 assigns the ID). */
  readonly subnetId?: string;
  /** The IPv4 block; undefined for a new subnet whose block comes from an IPAM pool. */
  readonly cidr?: string;
  /** A new subnet whose block an IPAM pool allocates: the pool, and the size asked of it. */
  readonly ipamPoolId?: string;
  readonly prefixLength?: number;
  readonly ipv6Cidr?: string;
  /** Short names of the interface endpoints with a network interface in this subnet once the plan has run. */
  readonly interfaceEndpoints: readonly string[];
  /**
   * IPv4 addresses once the plan has run: `usable` (the block less AWS's 5 reserved), `used` (one per interface
   * endpoint, plus whatever else EC2 counted in a kept subnet), `free`. Absent for a deleted subnet.
   */
  readonly addresses?: SubnetAddresses;
}

export interface SubnetAddresses {
  readonly usable: number;
  readonly used: number;
  readonly free: number;
}

/** `deleted`: an endpoint the resource owns that the plan deletes (a service no longer wanted, a duplicate). */
export type EndpointStatus = 'new' | 'replaced' | 'modified' | 'unchanged' | 'deleted';

export interface PreviewInterfaceEndpoint {
  /** As the user wrote it. */
  readonly service: string;
  readonly shortName: string;
  readonly serviceName: string;
  readonly status: EndpointStatus;
  /** The existing endpoint (kept, modified, or the one replaced); undefined for a new one. */
  readonly endpointId?: string;
  readonly azIds: readonly string[];
  /** PrivateDnsEnabled as the endpoint is (or would be) created; off for every endpoint of a hub. Absent for a deleted one. */
  readonly privateDnsEnabled?: boolean;
}

export interface PreviewGatewayEndpoint {
  readonly service: string;
  readonly shortName: string;
  readonly serviceName: string;
  /** `none`: every route table is already served by another endpoint, so none is made. */
  readonly status: EndpointStatus | 'none';
  readonly endpointId?: string;
  readonly routeTableIds: readonly string[];
  /** Route tables left alone: another gateway endpoint for the service is already there. */
  readonly skippedRouteTables: readonly { readonly routeTableId: string; readonly endpointId: string }[];
}

export interface PreviewSecurityGroup {
  readonly status: 'new' | 'kept';
  readonly groupId?: string;
  readonly groupName: string;
  /** The CIDRs admitted on TCP 443 once the plan has run: the application subnets'. */
  readonly httpsIngressCidrs: readonly string[];
  readonly authorize: readonly string[];
  readonly revoke: readonly string[];
}

/** `+` add, `~` change in place, `-` destroy, `-/+` destroy and create anew (a failed endpoint replaced). */
export type ChangeMarker = '+' | '~' | '-' | '-/+';
/** The last two are a consumer's (Custom::VpcEndpointConsumer): its spoke's association with a hub zone, its rule on the hub's group. */
export type PlanChangeResource = 'endpoint subnet' | 'security group' | 'interface endpoint' | 'gateway endpoint' | 'hosted zone' | 'zone association' | 'hub ingress rule';

/** One resource the plan adds, changes or destroys. */
export interface PlanChange {
  readonly marker: ChangeMarker;
  readonly resource: PlanChangeResource;
  /** The service (short name, as in the properties) or the AZ ID it concerns; `of the endpoints` for the group. */
  readonly concerns: string;
  /** The existing resource changed, destroyed or replaced; null for one the plan creates. */
  readonly id: string | null;
  /** What happens to it, with blocks, AZs and route tables. */
  readonly detail: string;
}

/** Terraform's `Plan: N to add, M to change, K to destroy.` */
export interface ChangeCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

export interface PreviewAction {
  /** Actions of one stage are independent; stages run in order (see STAGE_OF). */
  readonly stage: number;
  readonly description: string;
  readonly action: Action;
}

/** A succeeding plan, as plain data (no Maps), ready for JSON. */
export interface PlanSummary {
  /** In AZ-ID order, as the `SubnetCidrs` output lists them. */
  readonly endpointSubnets: readonly PreviewSubnet[];
  readonly interfaceEndpoints: readonly PreviewInterfaceEndpoint[];
  /** Present while any interface endpoint is wanted. */
  readonly securityGroup?: PreviewSecurityGroup;
  readonly gatewayEndpoints: readonly PreviewGatewayEndpoint[];
  /** Foreign private-DNS endpoints that serve a service instead (ExistingEndpoints: reuse). */
  readonly reusedEndpoints: DesiredState['reusedEndpoints'];
  /** The notes the resource reports in its `Notes` output (the same function words them). */
  readonly notes: readonly string[];
  /** In the order they would run. Empty when the VPC already matches. */
  readonly actions: readonly PreviewAction[];
  /** One per resource added, changed or destroyed, in the order they would run. */
  readonly changes: readonly PlanChange[];
  readonly counts: ChangeCounts;
  /** The user's Tags, on everything the resource creates. */
  readonly tags: readonly Tag[];
  /**
   * Interface endpoint-AZs (one network interface each, each billed by the hour): those the resource owns now and
   * those it will own once the plan has run. Gateway endpoints are free and not counted.
   */
  readonly interfaceEndpointAzs: { readonly current: number; readonly planned: number };
  /** An Update that changes VpcId: a new resource in the new VPC; CloudFormation then deletes the old one. */
  readonly replacement?: { readonly oldVpcId: string };
  /** DnsMode "HostedZones" only: the hub's zones, records and who may consume. */
  readonly hub?: PreviewHub;
}

/** A hub's part of the plan (DnsMode "HostedZones"). */
export interface PreviewHub {
  /** What consumers name the hub by (its `HubId` output); absent when the account is not known. */
  readonly hubId?: string;
  /** Who may consume, in words. */
  readonly allowedConsumers: string;
  /** The tags on the endpoints' security group that tell consumers who may consume. */
  readonly allowedConsumerTags: readonly Tag[];
  /** Zones removed first, then the wanted ones in service order, as the converge handles them. */
  readonly zones: readonly PreviewHubZone[];
  /** Private hosted zones the resource owns now and once the plan has run (each billed by the month). */
  readonly hostedZones: { readonly current: number; readonly planned: number };
}

/** One private hosted zone of the hub, for one service. */
export interface PreviewHubZone {
  /** The service as the user wrote it. */
  readonly service: string;
  /** Lower case, no trailing dot. */
  readonly zoneName: string;
  readonly status: 'new' | 'kept' | 'deleted';
  /** Undefined for a new zone (Route 53 assigns the ID). */
  readonly zoneId?: string;
  readonly records: readonly PreviewHubRecord[];
}

/** One alias record of a hub zone and what the plan does to it. */
export interface PreviewHubRecord {
  /** Fully qualified, no trailing dot; `*.<zone>` for the wildcard. */
  readonly name: string;
  readonly type: 'A' | 'AAAA';
  /** The endpoint's regional DNS name the alias points at (or says that a new endpoint's goes there). */
  readonly target: string;
  readonly change: 'create' | 'update' | 'keep' | 'delete';
}
