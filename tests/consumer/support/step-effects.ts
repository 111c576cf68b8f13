/**
 * What each consumer step does to the observation, as AWS would show it afterwards: enough to replay a plan step by
 * step and plan again from the world a crash at any step would leave.
 */
import type { ObservedHub, ObservedSpoke } from '../../../lib/consumer/observation';
import type { ConsumerStep } from '../../../lib/consumer/plan';

export interface World {
  readonly hub: ObservedHub;
  readonly spoke: ObservedSpoke;
}

export function withStepDone(world: World, step: ConsumerStep): World {
  const { hub, spoke } = world;
  const zones = (change: (zone: ObservedHub['zones'][number]) => ObservedHub['zones'][number]) =>
    hub.zones.map((zone) => ('zoneId' in step && zone.zoneId === step.zoneId ? change(zone) : zone));
  switch (step.kind) {
    case 'claim-cidr': {
      const tags = Object.fromEntries(step.tags.map((tag) => [tag.key, tag.value]));
      const rule = { ruleId: `sgr-for-${step.cidr}`, protocol: 'tcp', fromPort: 443, toPort: 443, cidr: step.cidr, tags };
      return { spoke, hub: { ...hub, ingressRules: [...hub.ingressRules, rule] } };
    }
    case 'release-cidr':
      return { spoke, hub: { ...hub, ingressRules: hub.ingressRules.filter((rule) => rule.ruleId !== step.ruleId) } };
    case 'authorise-association':
      return { spoke, hub: { ...hub, zones: zones((zone) => ({ ...zone, authorisedVpcIds: [...zone.authorisedVpcIds, step.vpcId] })) } };
    case 'remove-authorisation':
      return { spoke, hub: { ...hub, zones: zones((zone) => ({ ...zone, authorisedVpcIds: zone.authorisedVpcIds.filter((id) => id !== step.vpcId) })) } };
    case 'associate':
      return {
        hub: { ...hub, zones: zones((zone) => ({ ...zone, associatedVpcCount: zone.associatedVpcCount + 1 })) },
        spoke: { ...spoke, associatedZones: [...spoke.associatedZones, { zoneId: step.zoneId, name: step.zoneName }] },
      };
    case 'disassociate':
      return {
        hub: { ...hub, zones: zones((zone) => ({ ...zone, associatedVpcCount: zone.associatedVpcCount - 1 })) },
        spoke: { ...spoke, associatedZones: spoke.associatedZones.filter((zone) => zone.zoneId !== step.zoneId) },
      };
  }
}

export function withStepsDone(world: World, steps: readonly ConsumerStep[]): World {
  return steps.reduce(withStepDone, world);
}
