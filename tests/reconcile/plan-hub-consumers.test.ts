/**
 * A hub's security group holds its consumers' rules beside its own: the hub's plan must never revoke them.
 */
import type { Observation } from '../../lib/reconcile/observed';
import { ObservationBuilder } from '../support/observation-builder';
import { buildSpec } from '../support/spec-builder';
import { actionsOf, convergedObservation, planOk } from './support/plan-invariants';

const HUB_SPEC = buildSpec({ dnsMode: 'HostedZones', privateDnsEnabled: false });
const CONSUMER_CIDR = '10.20.0.0/16';

/** The converged hub, with a rule for CONSUMER_CIDR on its group; `claimed` says whether the rule carries a consumer's tags. */
function hubWithExtraRule(claimed: boolean): Observation {
  const converged = convergedObservation(HUB_SPEC, ObservationBuilder.standard().build());
  return {
    ...converged,
    ownedSecurityGroups: converged.ownedSecurityGroups.map((group) => ({
      ...group,
      tags: { ...group.tags, 'vpce-provisioner:hub': 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d4e5f60718' },
      httpsIngressCidrs: [...group.httpsIngressCidrs, CONSUMER_CIDR],
      ...(claimed ? { consumerCidrs: [CONSUMER_CIDR] } : {}),
    })),
  };
}

describe('planConvergence of a hub with consumers', () => {
  it('never revokes a consumer\'s rule', () => {
    // Act
    const plan = planOk(HUB_SPEC, hubWithExtraRule(true));

    // Assess
    expect(actionsOf(plan.actions, 'revokeIngress')).toStrictEqual([]);
  });

  it('still revokes an HTTPS rule on its group that no consumer claims', () => {
    // Act
    const plan = planOk(HUB_SPEC, hubWithExtraRule(false));

    // Assess
    expect(actionsOf(plan.actions, 'revokeIngress').map((action) => action.cidrs)).toStrictEqual([[CONSUMER_CIDR]]);
  });
});
