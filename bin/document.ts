/**
 * The one JSON document `plan --json` prints, whatever happened: a preview, a resource that would fail, an AWS error or
 * a usage error. Every key is always there (null or an empty list when it does not apply), so that a pipeline reads
 * `.outcome`, `.summary.destroy` or `.error.hint` without checking first. docs/plan.schema.json describes it (tests
 * validate against it); `formatVersion` changes its major number when a key is removed or changes meaning.
 */
import type { CostEstimate } from '../lib/pricing/estimate';
import { groupProblems } from '../lib/preview/format';
import type { PlanChange, PlanPreview, PreviewAction, PreviewHub, PreviewHubZone, PreviewGatewayEndpoint, PreviewInterfaceEndpoint, PreviewSecurityGroup, PreviewSubnet } from '../lib/preview/types';
import type { SkippedRead } from '../lib/reconcile/observed';
import type { ConsumerSection } from './consumer-document';
import type { Outcome } from './exit-codes';

/**
 * 1.1 added `hub`, `interfaceEndpoints[].privateDnsEnabled` and the cost's hosted zones; 1.2 added `resourceType` and
 * `consumer` (a `Custom::VpcEndpointConsumer`'s preview) and two change resources of a consumer (keys only added).
 */
export const FORMAT_VERSION = '1.2';

/** The endpoints resource, however the template names its type (any type but the consumer's is it). */
export const ENDPOINTS_DOCUMENT_TYPE = 'Custom::VpcEndpoints';

/**
 * Why there is no preview: `usage` (the command line), `account` (credentials of another account), `aws` (AWS or the
 * SDK answered an error), `internal` (a bug of the CLI itself).
 */
export interface DocumentError {
  readonly kind: 'usage' | 'account' | 'aws' | 'internal';
  readonly name: string;
  readonly message: string;
  /** One line on what to do. */
  readonly hint: string | null;
}

/** T with every optional key required, null standing for absent. */
type Nullable<T> = { [K in keyof T]-?: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };

export interface PlanDocument {
  readonly formatVersion: string;
  readonly tool: { readonly name: 'vpce-provisioner'; readonly version: string };
  /** Which resource was previewed; null when there is no preview. Added in 1.2. */
  readonly resourceType: 'Custom::VpcEndpoints' | 'Custom::VpcEndpointConsumer' | null;
  readonly outcome: Outcome;
  readonly exitCode: number;
  readonly requestType: 'Create' | 'Update' | null;
  readonly region: string | null;
  readonly vpcId: string | null;
  readonly stackId: string | null;
  readonly logicalResourceId: string | null;
  readonly physicalResourceId: string | null;
  /** The account the checks assumed (the stack's). */
  readonly accountId: string | null;
  /** The account of the credentials, when it could be asked (not through --endpoint-url). */
  readonly callerAccountId: string | null;
  readonly wouldSucceed: boolean | null;
  readonly failedAt: 'properties' | 'preconditions' | null;
  /** Each problem once; `about`: a property can fix it, or it is about the VPC as it is. */
  readonly problems: readonly { readonly about: 'properties' | 'vpc'; readonly text: string }[];
  /** The Reason the resource would send CloudFormation, word for word. */
  readonly reason: string | null;
  readonly ownsNothing: boolean;
  readonly skippedReads: readonly SkippedRead[];
  readonly replacement: { readonly oldVpcId: string } | null;
  readonly endpointSubnets: readonly Nullable<PreviewSubnet>[];
  readonly interfaceEndpoints: readonly Nullable<PreviewInterfaceEndpoint>[];
  readonly securityGroup: Nullable<PreviewSecurityGroup> | null;
  readonly gatewayEndpoints: readonly Nullable<PreviewGatewayEndpoint>[];
  readonly reusedEndpoints: readonly { readonly service: string; readonly shortName: string; readonly endpointId: string; readonly dnsNames: readonly string[] }[];
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly notes: readonly string[];
  readonly changes: readonly PlanChange[];
  readonly summary: { readonly add: number; readonly change: number; readonly destroy: number };
  readonly interfaceEndpointAzs: { readonly current: number; readonly planned: number } | null;
  /** DnsMode "HostedZones": the hub's zones and who may consume; null for a per-VPC resource. */
  readonly hub: (Nullable<Omit<PreviewHub, 'zones'>> & { readonly zones: readonly Nullable<PreviewHubZone>[] }) | null;
  readonly cost: CostEstimate | null;
  /** The planner's typed steps, in the order they would run; each `action` has `kind` and the fields of its kind. */
  readonly actions: readonly PreviewAction[];
  /** A consumer's plan (./consumer-document.ts); null for the endpoints resource and when there is no plan. Added in 1.2. */
  readonly consumer: ConsumerSection | null;
  readonly error: DocumentError | null;
}

/**
 * The document for what happened. `preview` is absent when there is none (usage error, AWS error).
 *
 * @example
 * planDocument({ version: '0.1.0', outcome: 'usage-error', exitCode: 64, error: { kind: 'usage', name: 'UsageError', message: 'Missing --vpc.', hint: null } })
 * // { formatVersion: '1.0', …, outcome: 'usage-error', exitCode: 64, requestType: null, …, problems: [], …, error: { kind: 'usage', … } }
 */
export function planDocument(input: {
  readonly version: string;
  readonly outcome: Outcome;
  readonly exitCode: number;
  readonly preview?: PlanPreview;
  readonly cost?: CostEstimate;
  readonly callerAccountId?: string;
  readonly region?: string;
  readonly error?: DocumentError;
}): PlanDocument {
  const preview = input.preview;
  const plan = preview?.wouldSucceed ? preview : undefined;
  const failed = preview && !preview.wouldSucceed ? preview : undefined;
  const groups = groupProblems(failed?.problems ?? []);
  return {
    formatVersion: FORMAT_VERSION,
    tool: { name: 'vpce-provisioner', version: input.version },
    resourceType: preview ? ENDPOINTS_DOCUMENT_TYPE : null,
    outcome: input.outcome,
    exitCode: input.exitCode,
    requestType: preview?.requestType ?? null,
    region: preview?.region ?? input.region ?? null,
    vpcId: preview?.vpcId ?? null,
    stackId: preview?.stackId ?? null,
    logicalResourceId: preview?.logicalResourceId ?? null,
    physicalResourceId: preview?.physicalResourceId ?? null,
    accountId: preview?.accountId ?? null,
    callerAccountId: input.callerAccountId ?? null,
    wouldSucceed: preview?.wouldSucceed ?? null,
    failedAt: failed?.failedAt ?? null,
    problems: [...groups.properties.map((text) => ({ about: 'properties' as const, text })), ...groups.vpc.map((text) => ({ about: 'vpc' as const, text }))],
    reason: failed?.reason ?? null,
    ownsNothing: preview?.ownsNothing === true,
    skippedReads: preview?.skippedReads ?? [],
    replacement: plan?.replacement ?? null,
    endpointSubnets: (plan?.endpointSubnets ?? []).map((subnet) => ({
      azId: subnet.azId,
      status: subnet.status,
      subnetId: subnet.subnetId ?? null,
      cidr: subnet.cidr ?? null,
      ipamPoolId: subnet.ipamPoolId ?? null,
      prefixLength: subnet.prefixLength ?? null,
      ipv6Cidr: subnet.ipv6Cidr ?? null,
      interfaceEndpoints: subnet.interfaceEndpoints,
      addresses: subnet.addresses ?? null,
    })),
    interfaceEndpoints: (plan?.interfaceEndpoints ?? []).map((endpoint) => ({
      service: endpoint.service,
      shortName: endpoint.shortName,
      serviceName: endpoint.serviceName,
      status: endpoint.status,
      endpointId: endpoint.endpointId ?? null,
      azIds: endpoint.azIds,
      privateDnsEnabled: endpoint.privateDnsEnabled ?? null,
    })),
    securityGroup: plan?.securityGroup
      ? {
          status: plan.securityGroup.status,
          groupId: plan.securityGroup.groupId ?? null,
          groupName: plan.securityGroup.groupName,
          httpsIngressCidrs: plan.securityGroup.httpsIngressCidrs,
          authorize: plan.securityGroup.authorize,
          revoke: plan.securityGroup.revoke,
        }
      : null,
    gatewayEndpoints: (plan?.gatewayEndpoints ?? []).map((gateway) => ({
      service: gateway.service,
      shortName: gateway.shortName,
      serviceName: gateway.serviceName,
      status: gateway.status,
      endpointId: gateway.endpointId ?? null,
      routeTableIds: gateway.routeTableIds,
      skippedRouteTables: gateway.skippedRouteTables,
    })),
    reusedEndpoints: plan?.reusedEndpoints ?? [],
    tags: plan?.tags ?? [],
    notes: plan?.notes ?? [],
    changes: plan?.changes ?? [],
    summary: plan?.counts ?? { add: 0, change: 0, destroy: 0 },
    interfaceEndpointAzs: plan?.interfaceEndpointAzs ?? null,
    hub: plan?.hub
      ? {
          hubId: plan.hub.hubId ?? null,
          allowedConsumers: plan.hub.allowedConsumers,
          allowedConsumerTags: plan.hub.allowedConsumerTags,
          zones: plan.hub.zones.map((zone) => ({ ...zone, zoneId: zone.zoneId ?? null })),
          hostedZones: plan.hub.hostedZones,
        }
      : null,
    cost: input.cost ?? null,
    actions: plan?.actions ?? [],
    consumer: null,
    error: input.error ?? null,
  };
}
