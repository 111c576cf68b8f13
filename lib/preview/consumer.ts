/**
 * `vpce-provisioner plan --consumer`: what a consumer's Create (or Update) would do, worked out as the resource works it
 * out — parseConsumerProperties, observe the hub and the spoke, checkConsumer, planConverge (lib/consumer/) — and
 * reported instead of applied. Nothing here writes: the caller hands in the two observers (the CLI builds them over
 * read-only clients, the hub's with the hub account's credentials), and only their reads are made.
 *
 * `previewConsumer` does the one round of I/O; `summarizeConsumer` is pure.
 */
import { parseHubId } from '../centralised/hub-contract';
import { checkConsumer } from '../consumer/checks';
import { canonicalCidr, ownClaimRules } from '../consumer/claim';
import type { ObservedHub, ObservedSpoke } from '../consumer/observation';
import { consumerPhysicalIdFor } from '../consumer/physical-id';
import { planConverge, type ConsumerPlan, type ConsumerStep } from '../consumer/plan';
import type { HubAccountPort, SpokeAccountPort } from '../consumer/ports';
import { parseConsumerProperties, type ConsumerSpec } from '../consumer/properties';
import { CONSUMER_RESOURCE_TYPE } from '../consumer/resource-type';
import { isAssociated, selectZones } from '../consumer/zones';
import { InvalidPropertiesError, PreconditionFailedError } from '../errors';
import { readText } from '../properties/readers';
import { parseStackArn } from '../protocol/event';
import type { Owner } from '../reconcile/ownership';
import { countChanges } from './changes';
import { PLACEHOLDER_ACCOUNT_ID, validVpcId } from './index';
import type { ConsumerIngress, ConsumerPlanPreview, ConsumerPreviewHeader, ConsumerPreviewStep, ConsumerSummary, ConsumerZone } from './consumer-types';
import type { PlanChange } from './types';

/**
 * Why the consumer costs nothing a month. Route 53 bills hosted zones (the hub's) and queries, not VPC associations
 * (aws.amazon.com/route53/pricing, "Hosted zones and records"; queries to alias records that point at VPC interface
 * endpoints are free there too); security group rules have no price; and a consumer makes no gateway endpoint
 * (those are free in any case: Amazon VPC pricing, "Gateway endpoints").
 */
/** The logical ID a consumer's preview assumes when none is given: the one the documentation's template uses. */
export const DEFAULT_CONSUMER_LOGICAL_ID = 'Consumer';

export const CONSUMER_COST_NOTE =
  'nothing a month: zone associations are free (Route 53 bills the hub’s zones and queries, not associations), ' +
  'security group rules are free, and gateway endpoints are free too; the hub account pays for its endpoints and zones, ' +
  'and traffic is billed where it flows (the hub’s endpoints, the Transit Gateway)';

/** The reads a consumer's preview makes: the hub's side with the hub account's credentials, the spoke's with the stack's. */
export interface ConsumerPreviewReaders {
  readonly hub: Pick<HubAccountPort, 'observeHub'>;
  readonly spoke: Pick<SpokeAccountPort, 'observeSpoke'> & {
    /** The spoke VPC's owner (DescribeVpcs OwnerId), asked only when the stack's account is not otherwise known. */
    readonly ownerOf: (vpcId: string) => Promise<string | undefined>;
  };
}

export interface ConsumerPreviewRequest {
  /** The new ResourceProperties, as CloudFormation would send them. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** The old ResourceProperties: their presence makes this an Update preview. */
  readonly oldProperties?: Readonly<Record<string, unknown>>;
  /** The stack the consumer lives (or would live) in; its partition and Region are the hub's too. */
  readonly stackId: string;
  readonly logicalResourceId: string;
  /** The stack's (spoke's) account. Default: the stack's; for the placeholder stack, the spoke VPC's owner. */
  readonly accountId?: string;
}

/**
 * Validates the properties, observes the hub and the spoke, checks and plans, as a consumer's Create (or Update) would,
 * and reports the plan or every problem with the reason the resource would give.
 *
 * @throws TypeError when `stackId` is not a CloudFormation stack ARN; AWS's own errors (credentials, network) as thrown.
 * @example
 * const preview = await previewConsumer(
 *   { properties: { VpcId: 'vpc-0a1b2c3d', HubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c' }, stackId, logicalResourceId: 'Consumer' },
 *   { hub: hubPort, spoke: { observeSpoke: (id) => spokePort.observeSpoke(id), ownerOf } },
 * );
 * console.log(formatConsumerPreview(preview));
 */
export async function previewConsumer(request: ConsumerPreviewRequest, readers: ConsumerPreviewReaders): Promise<ConsumerPlanPreview> {
  const stack = parseStackArn(request.stackId);
  if (!stack) throw new TypeError(`Not a CloudFormation stack ARN: ${JSON.stringify(request.stackId)}.`);
  const header: ConsumerPreviewHeader = {
    resourceType: CONSUMER_RESOURCE_TYPE,
    requestType: request.oldProperties === undefined ? 'Create' : 'Update',
    stackId: request.stackId,
    logicalResourceId: request.logicalResourceId,
    region: stack.region,
    ...(request.accountId === undefined ? {} : { accountId: request.accountId }),
  };

  let spec: ConsumerSpec;
  try {
    spec = parseConsumerProperties(request.properties, stack);
  } catch (error) {
    if (!(error instanceof InvalidPropertiesError)) throw error;
    const vpcId = validVpcId(request.properties);
    const hubId = validHubId(request.properties['HubId']);
    return {
      ...header,
      ...(vpcId === undefined ? {} : { vpcId }),
      ...(hubId === undefined ? {} : { hubId }),
      wouldSucceed: false,
      failedAt: 'properties',
      problems: error.problems,
      reason: `Invalid properties: ${error.message}`,
    };
  }

  const physicalResourceId = consumerPhysicalIdFor({ stackId: request.stackId, logicalResourceId: request.logicalResourceId, vpcId: spec.vpcId, hubId: spec.hubId });
  const owner: Owner = { physicalId: physicalResourceId, stackId: request.stackId, logicalResourceId: request.logicalResourceId };
  const [hub, spoke] = await Promise.all([readers.hub.observeHub(spec.hub, spec.hubId), readers.spoke.observeSpoke(spec.vpcId)]);
  const accountId =
    request.accountId ?? (stack.accountId !== PLACEHOLDER_ACCOUNT_ID ? stack.accountId : spoke === undefined ? undefined : await readers.spoke.ownerOf(spec.vpcId));
  // An unknown account is said as such in the checks' sentences; it cannot be the hub's, so authorisations are planned.
  const who = { owner, accountId: accountId ?? '(the caller’s)' };
  const replacement = replacementOf(request.oldProperties, spec);
  const identified = {
    ...header,
    vpcId: spec.vpcId,
    hubId: spec.hubId,
    physicalResourceId,
    ...(accountId === undefined ? {} : { accountId }),
    ...(replacement ? { replacement } : {}),
    // An Update of a consumer that holds no claim on the hub is most often a wrong --stack-id or --logical-id (after a
    // replacement, holding nothing under the new physical ID is expected).
    ...(request.oldProperties !== undefined && !replacement && hub !== undefined && ownClaimRules(hub, owner, spec.vpcId).length === 0 ? { ownsNothing: true as const } : {}),
  };

  const { problems, notes } = checkConsumer({ ...(hub ? { hub } : {}), ...(spoke ? { spoke } : {}) }, spec, who);
  if (problems.length > 0 || hub === undefined || spoke === undefined) {
    return { ...identified, wouldSucceed: false, failedAt: 'preconditions', problems, reason: new PreconditionFailedError(problems).message };
  }
  const sameAccount = accountId === spec.hub.accountId;
  const plan = planConverge(hub, spoke, spec, { owner, region: stack.region, sameAccount });
  const summary = summarizeConsumer({ spec, hub, spoke, plan, owner, sameAccount });
  return { ...identified, wouldSucceed: true, notes, ...summary };
}

/**
 * A succeeding consumer plan as a report: each hub zone and what happens to the spoke's association, the claim's CIDRs,
 * one change per zone or rule, and every step in order. Pure.
 */
export function summarizeConsumer(input: {
  readonly spec: ConsumerSpec;
  readonly hub: ObservedHub;
  readonly spoke: ObservedSpoke;
  readonly plan: ConsumerPlan;
  readonly owner: Owner;
  readonly sameAccount: boolean;
}): { consumer: ConsumerSummary; changes: PlanChange[]; counts: ReturnType<typeof countChanges> } {
  const { spec, hub, spoke, plan } = input;
  const wanted = new Set(selectZones(hub.zones, spec.services).zones.map((zone) => zone.zoneId));
  const stepsOf = (zoneId: string) => plan.steps.filter((step) => 'zoneId' in step && step.zoneId === zoneId).map(previewStep);
  const zones: ConsumerZone[] = [...hub.zones]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((zone) => {
      const associated = isAssociated(spoke, zone);
      const status: ConsumerZone['status'] = wanted.has(zone.zoneId) ? (associated ? 'kept' : 'associate') : associated ? 'leave' : 'not-used';
      return {
        service: zone.service,
        zoneName: zone.name,
        zoneId: zone.zoneId,
        status,
        steps: stepsOf(zone.zoneId),
        associatedVpcs: zone.associatedVpcCount,
        maxAssociatedVpcs: zone.maxAssociatedVpcs,
      };
    });

  const held = ownClaimRules(hub, input.owner, spoke.vpcId);
  const ingress: ConsumerIngress = {
    groupId: hub.groupId,
    cidrs: plan.outcome.ingressCidrs,
    add: plan.steps.flatMap((step) => (step.kind === 'claim-cidr' ? [step.cidr] : [])),
    keep: held.flatMap((rule) => (rule.cidr !== undefined && plan.outcome.ingressCidrs.includes(canonicalCidr(rule.cidr)) ? [canonicalCidr(rule.cidr)] : [])),
    release: plan.steps.flatMap((step) => (step.kind === 'release-cidr' ? [{ cidr: step.cidr, ruleId: step.ruleId }] : [])),
  };

  const changes = changesOf(plan.steps, zones, hub.groupId);
  return {
    consumer: {
      hubId: spec.hubId,
      hubAccountId: spec.hub.accountId,
      sameAccount: input.sameAccount,
      zones,
      ingress,
      steps: plan.steps.map(previewStep),
      cost: { monthlyUsd: 0, note: CONSUMER_COST_NOTE },
    },
    changes,
    counts: countChanges(changes),
  };
}

/**
 * One change per rule added or released and per zone whose association changes, in the order the steps run (a zone's
 * authorise, associate and de-authorise are one change: the association).
 */
function changesOf(steps: readonly ConsumerStep[], zones: readonly ConsumerZone[], groupId: string): PlanChange[] {
  const changes: PlanChange[] = [];
  const zoneDone = new Set<string>();
  for (const step of steps) {
    if (step.kind === 'claim-cidr') {
      changes.push({ marker: '+', resource: 'hub ingress rule', concerns: step.cidr, id: null, detail: `TCP 443 from ${step.cidr} on the hub’s group ${groupId}, tagged as this consumer’s` });
      continue;
    }
    if (step.kind === 'release-cidr') {
      changes.push({ marker: '-', resource: 'hub ingress rule', concerns: step.cidr, id: step.ruleId, detail: `revoke TCP 443 from ${step.cidr} on ${groupId}: the spoke no longer has that block` });
      continue;
    }
    if (zoneDone.has(step.zoneId)) continue;
    zoneDone.add(step.zoneId);
    const zone = zones.find((candidate) => candidate.zoneId === step.zoneId);
    if (zone === undefined) continue;
    const what = zone.steps.map((zoneStep) => zoneStep.description).join(', then ');
    const marker = zone.status === 'associate' ? '+' : zone.status === 'leave' ? '-' : '~';
    changes.push({ marker, resource: 'zone association', concerns: zone.service, id: zone.zoneId, detail: `${zone.zoneName}: ${what}` });
  }
  return changes;
}

/** A step in words, with the account that makes it. */
function previewStep(step: ConsumerStep): ConsumerPreviewStep {
  switch (step.kind) {
    case 'claim-cidr':
      return { kind: step.kind, account: 'hub', description: `allow TCP 443 from ${step.cidr} on ${step.groupId}` };
    case 'release-cidr':
      return { kind: step.kind, account: 'hub', description: `revoke ${step.ruleId} (TCP 443 from ${step.cidr}) on ${step.groupId}` };
    case 'authorise-association':
      return { kind: step.kind, account: 'hub', description: `authorise ${step.vpcId} on ${step.zoneId} (hub account)` };
    case 'associate':
      return { kind: step.kind, account: 'spoke', description: `associate ${step.vpcId} with ${step.zoneId} (spoke account)` };
    case 'remove-authorisation':
      return { kind: step.kind, account: 'hub', description: `remove the authorisation of ${step.vpcId} on ${step.zoneId} (hub account)` };
    case 'disassociate':
      return { kind: step.kind, account: 'spoke', description: `disassociate ${step.vpcId} from ${step.zoneId} (spoke account)` };
  }
}

/**
 * The old pair when an Update changes VpcId or HubId: both are in the consumer's physical ID, so CloudFormation replaces
 * it (lib/consumer/physical-id.ts).
 */
function replacementOf(oldProperties: Readonly<Record<string, unknown>> | undefined, spec: ConsumerSpec): { oldVpcId: string; oldHubId: string } | undefined {
  if (oldProperties === undefined) return undefined;
  const oldVpcId = typeof oldProperties['VpcId'] === 'string' ? oldProperties['VpcId'].trim() : '';
  const oldHubId = typeof oldProperties['HubId'] === 'string' ? oldProperties['HubId'].trim() : '';
  const changed = oldVpcId.toLowerCase() !== spec.vpcId.toLowerCase() || oldHubId !== spec.hubId;
  return changed ? { oldVpcId, oldHubId } : undefined;
}

/** HubId when it names a hub by itself, for the header of a failing preview. */
function validHubId(raw: unknown): string | undefined {
  const read = readText('HubId', raw, () => undefined, '');
  return read.ok && read.value !== undefined && parseHubId(read.value) !== undefined ? read.value : undefined;
}
