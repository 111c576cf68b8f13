/**
 * Checks every planner test applies to every plan it makes, whatever the scenario: actions in stage order, and no
 * modify or delete aimed at anything this resource does not own.
 */
import { MANAGED_GROUP, stageOf, type Action, type ModifyEndpointAction } from '../../../lib/reconcile/actions';
import type { Observation, Tags } from '../../../lib/reconcile/observed';
import type { Owner } from '../../../lib/reconcile/ownership';
import { planConvergence, type Plan, type PlanContext } from '../../../lib/reconcile/plan';
import { type EndpointSpec } from '../../../lib/properties/spec';
import { TEST_OWNER } from '../../support/observation-builder';
import { applyToObservation } from './apply-to-observation';

export type SuccessfulPlan = Extract<Plan, { ok: true }>;

export const TEST_CONTEXT: PlanContext = { owner: TEST_OWNER, namePrefix: 'app-Endpoints' };

/**
 * A modifyEndpoint that changes only `changes`, spelled out here rather than built by plan.ts, so tests compare the
 * planner's output with an independent expectation.
 */
export function modifyEndpointAction(endpointId: string, service: string, changes: Partial<ModifyEndpointAction> = {}): ModifyEndpointAction {
  return {
    kind: 'modifyEndpoint',
    endpointId,
    service,
    addSubnetAzIds: [],
    removeSubnetIds: [],
    addRouteTableIds: [],
    removeRouteTableIds: [],
    addSecurityGroupIds: [],
    removeSecurityGroupIds: [],
    ...changes,
  };
}

/** The actions of one kind, typed. */
export function actionsOf<K extends Action['kind']>(actions: readonly Action[], kind: K): Extract<Action, { kind: K }>[] {
  return actions.filter((action): action is Extract<Action, { kind: K }> => action.kind === kind);
}

/**
 * planConvergence, expected to succeed, with the shared checks applied (stage order, ownership of every target).
 * Every planner test that expects a plan goes through here.
 */
export function planOk(spec: EndpointSpec, observation: Observation, context: PlanContext = TEST_CONTEXT): SuccessfulPlan {
  const plan = planConvergence(spec, observation, context);
  if (!plan.ok) throw new Error(`expected a plan, got problems:\n${plan.problems.join('\n')}`);
  expectStageOrder(plan.actions);
  expectOnlyOwnedTargets(plan.actions, observation, spec, context.owner);
  return plan;
}

/** The observation after the plan for (spec, observation) ran to completion. */
export function convergedObservation(spec: EndpointSpec, observation: Observation, context: PlanContext = TEST_CONTEXT): Observation {
  return applyToObservation(observation, planOk(spec, observation, context).actions, context.owner);
}

export function expectStageOrder(actions: readonly Action[]): void {
  const stages = actions.map(stageOf);
  expect(stages).toEqual([...stages].sort((a, b) => a - b));
}

/**
 * Every resource an action modifies or deletes is one the observation shows carrying all of `owner`'s tags (or the
 * managed group the same plan creates). Ownership is worked out here from the tags, not with lib/reconcile/ownership, so that
 * a bug there cannot hide itself.
 */
export function expectOnlyOwnedTargets(actions: readonly Action[], observation: Observation, spec: EndpointSpec, owner: Owner): void {
  const owns = (tags: Tags) =>
    tags['vpce-provisioner:owner'] === owner.physicalId && tags['vpce-provisioner:stack-id'] === owner.stackId && tags['vpce-provisioner:logical-id'] === owner.logicalResourceId;
  const resources = [
    ...observation.vpcSubnets.map((subnet) => ({ id: subnet.subnetId, tags: subnet.tags })),
    ...observation.endpoints.map((endpoint) => ({ id: endpoint.endpointId, tags: endpoint.tags })),
    ...observation.ownedSecurityGroups.map((group) => ({ id: group.groupId, tags: group.tags })),
  ];
  const owned = new Set(resources.filter((resource) => owns(resource.tags)).map((resource) => resource.id));
  const foreign = new Set([...resources.filter((resource) => !owns(resource.tags)).map((resource) => resource.id), ...spec.securityGroupIds]);

  const targets = actions.flatMap(targetsOf);
  expect(targets.filter((id) => foreign.has(id))).toEqual([]);
  expect(targets.filter((id) => !owned.has(id) && id !== MANAGED_GROUP)).toEqual([]);
}

/** The IDs of existing resources an action changes or removes. */
function targetsOf(action: Action): string[] {
  switch (action.kind) {
    case 'modifyEndpoint':
      return [action.endpointId, ...action.removeSubnetIds];
    case 'deleteEndpoints':
      return [...action.endpointIds];
    case 'deleteSubnet':
      return [action.subnetId];
    case 'deleteSecurityGroup':
    case 'authorizeIngress':
    case 'revokeIngress':
      return [action.groupId];
    case 'updateTags':
      return [...action.resourceIds];
    case 'createEndpoint':
      return action.replaces === undefined ? [] : [action.replaces];
    case 'createSubnet':
    case 'createSecurityGroup':
      return [];
  }
}
