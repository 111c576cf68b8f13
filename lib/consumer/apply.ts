/**
 * Runs a consumer's steps in order, one AWS call each, through the ports. Every step is idempotent the way AWS makes
 * it: an answer that means the step's effect is already there counts as done, after a read that proves it when the
 * answer alone does not (a duplicate rule may be someone else's; a conflicting domain may be another zone).
 *
 * Steps run one after the other: the plan's order is what keeps a crash between two of them safe (plan.ts).
 */
import { PreconditionFailedError, ProvisionerError, StaleObservationError, StillPendingError } from '../errors';
import type { Owner } from '../reconcile/ownership';
import { CONSUMER_ERROR_CODES as CODES, hasErrorCode } from './aws-errors';
import { canonicalCidr, ownClaimRules } from './claim';
import type { ConsumerStep, ZoneAndVpc } from './plan';
import type { ConsumerPorts } from './ports';

/**
 * Waits before each new attempt at an association Route 53 answered `NotAuthorizedException` right after its
 * authorisation: the two calls are made in different accounts, and how soon an authorisation is usable is not
 * documented (docs/design/centralised-endpoints.md, "Open"). 15 s in all, then the request is handed on as pending.
 */
export const ASSOCIATION_RETRY_PAUSES_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000];

/** A state this provider never creates: a hub zone losing its last VPC means the hub VPC left it. Report it. */
export class ConsumerBugError extends ProvisionerError {
  override readonly terminal = true;

  constructor(message: string) {
    super(`${message} This should not happen; please report it as a bug of the provider, with this message.`);
    this.name = 'ConsumerBugError';
  }
}

/** What applying the steps did. */
export interface ApplyResult {
  /** Calls that changed something (an answer meaning "already done" is not counted). */
  readonly writes: number;
}

/**
 * Applies the steps in order.
 *
 * @throws StillPendingError when an association stays unauthorised through every pause (the request continues later).
 * @throws StaleObservationError when AWS shows a change since the observation that the checks would have refused.
 * @example
 * await applyConsumerSteps(plan.steps, ports, { owner }) // { writes: 11 }
 */
export async function applyConsumerSteps(steps: readonly ConsumerStep[], ports: ConsumerPorts, context: { readonly owner: Owner }): Promise<ApplyResult> {
  let writes = 0;
  for (const step of steps) {
    if (await applyStep(step, ports, context.owner)) writes += 1;
  }
  return { writes };
}

/** One step; true when it changed something. */
async function applyStep(step: ConsumerStep, ports: ConsumerPorts, owner: Owner): Promise<boolean> {
  switch (step.kind) {
    case 'claim-cidr':
      return claimCidr(step, ports, owner);
    case 'release-cidr':
      return doneUnless(ports.hub.revokeIngressRule({ groupId: step.groupId, ruleId: step.ruleId }), CODES.ruleNotFound);
    case 'authorise-association':
      await ports.hub.createVpcAssociationAuthorization(pairOf(step));
      return true;
    case 'associate':
      return associate(pairOf(step), ports);
    // A zone gone is an association and an authorisation gone: Route 53 deletes them with it (docs/simulator.md).
    case 'remove-authorisation':
      return doneUnless(ports.hub.deleteVpcAssociationAuthorization(pairOf(step)), [CODES.authorisationNotFound, CODES.noSuchZone]);
    case 'disassociate':
      try {
        return await doneUnless(ports.spoke.disassociateVpcFromHostedZone(pairOf(step)), [CODES.associationNotFound, CODES.noSuchZone]);
      } catch (error) {
        if (!hasErrorCode(error, CODES.lastAssociation)) throw error;
        throw new ConsumerBugError(`Route 53 refused to disassociate ${step.vpcId} from the hub's zone ${step.zoneName} (${step.zoneId}) as its last VPC: the hub's own VPC has left it.`);
      }
  }
}

/** A duplicate rule is done only when it is this consumer's; anyone else's appeared since the checks. */
async function claimCidr(step: Extract<ConsumerStep, { kind: 'claim-cidr' }>, ports: ConsumerPorts, owner: Owner): Promise<boolean> {
  try {
    await ports.hub.authorizeHttpsIngress({ groupId: step.groupId, cidr: step.cidr, tags: step.tags });
    return true;
  } catch (error) {
    if (!hasErrorCode(error, CODES.ruleDuplicate)) throw error;
  }
  const rules = await ports.hub.describeIngressRules(step.groupId);
  const ours = ownClaimRules({ ingressRules: rules }, owner, step.spokeVpcId).some((rule) => rule.cidr !== undefined && canonicalCidr(rule.cidr) === step.cidr);
  if (ours) return false;
  throw new StaleObservationError(`An HTTPS rule for ${step.cidr} appeared in the hub's security group ${step.groupId} since it was read, and it is not this consumer's; the next attempt checks again.`);
}

/**
 * Associates, waiting out an authorisation not yet usable. `ConflictingDomainExists` is done when the spoke turns out
 * to be associated with this very zone, and a refusal naming the other zone otherwise.
 */
async function associate(pair: ZoneAndVpc, ports: ConsumerPorts): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await ports.spoke.associateVpcWithHostedZone(pair);
      return true;
    } catch (error) {
      if (hasErrorCode(error, CODES.conflictingDomain)) return settleConflict(pair, ports);
      if (!hasErrorCode(error, CODES.notAuthorised)) throw error;
      const pause = ASSOCIATION_RETRY_PAUSES_MS[attempt];
      if (pause === undefined) {
        const waiting = `the association of ${pair.vpcId} with the hub's zone ${pair.zoneName} (authorised, not yet usable)`;
        throw new StillPendingError(`Route 53 has not yet made ${waiting}`, [waiting]);
      }
      await ports.pause(pause);
    }
  }
}

async function settleConflict(pair: ZoneAndVpc, ports: ConsumerPorts): Promise<boolean> {
  const zones = await ports.spoke.listHostedZonesByVpc(pair.vpcId, pair.vpcRegion);
  if (zones.some((zone) => zone.zoneId === pair.zoneId)) return false;
  const others = zones.filter((zone) => zone.name === pair.zoneName).map((zone) => zone.zoneId);
  throw new PreconditionFailedError([
    `The spoke VPC ${pair.vpcId} cannot be associated with the hub's zone ${pair.zoneName} (${pair.zoneId}): Route 53 answered ConflictingDomainExists` +
      (others.length > 0 ? `, since it is associated with ${others.join(', ')} of the same name.` : ', naming a zone of the same name the spoke serves.') +
      ' Remove that zone or private-DNS endpoint from the spoke, or leave the service out of Services.',
  ]);
}

/** Awaits a write; the listed codes mean its effect is already there (not a change). */
async function doneUnless(write: Promise<void>, alreadyDone: readonly string[]): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (hasErrorCode(error, alreadyDone)) return false;
    throw error;
  }
}

function pairOf(step: ZoneAndVpc): ZoneAndVpc {
  return { zoneId: step.zoneId, zoneName: step.zoneName, vpcId: step.vpcId, vpcRegion: step.vpcRegion };
}
