import { planConverge, planTeardown, type ConsumerStep } from '../../lib/consumer/plan';
import { readServiceName, type ServiceName } from '../../lib/properties/service-names';
import { claimRule, hub, HUB_ID, OWNER, spec, spoke, SPOKE_VPC } from './support/fixtures';
import { withStepsDone, type World } from './support/step-effects';

const CONTEXT = { owner: OWNER, region: 'eu-west-1' };
const TEARDOWN = { ...CONTEXT, spokeVpcId: SPOKE_VPC };

function names(...written: string[]): ServiceName[] {
  return written.map((text) => (readServiceName(text) as { name: ServiceName }).name);
}

/** Steps as short lines: `kind target`. */
function lines(steps: readonly ConsumerStep[]): string[] {
  return steps.map((step) => {
    switch (step.kind) {
      case 'claim-cidr':
        return `claim-cidr ${step.cidr}`;
      case 'release-cidr':
        return `release-cidr ${step.ruleId}`;
      default:
        return `${step.kind} ${step.zoneId}`;
    }
  });
}

const FRESH: World = { hub: hub(), spoke: spoke({ ipv4Blocks: ['10.1.0.0/16', '10.2.0.0/16'] }) };

const CREATE_LINES = [
  'claim-cidr 10.1.0.0/16',
  'claim-cidr 10.2.0.0/16',
  'authorise-association ZECRAPI',
  'authorise-association ZECRDKR',
  'authorise-association ZLOGS',
  'associate ZECRAPI',
  'associate ZECRDKR',
  'associate ZLOGS',
  'remove-authorisation ZECRAPI',
  'remove-authorisation ZECRDKR',
  'remove-authorisation ZLOGS',
];

describe('planConverge on Create', () => {
  it('claims every CIDR first, then authorises every zone before the first association, associates each, and removes the authorisations', () => {
    const plan = planConverge(FRESH.hub, FRESH.spoke, spec(), CONTEXT);

    expect(lines(plan.steps)).toEqual(CREATE_LINES);
    expect(plan.outcome).toEqual({ hubId: HUB_ID, associatedZoneIds: ['ZECRAPI', 'ZECRDKR', 'ZLOGS'], ingressCidrs: ['10.1.0.0/16', '10.2.0.0/16'] });
  });

  it('tags each claim rule with the owner tags, the spoke VPC and the user’s tags, and names the spoke’s Region', () => {
    const plan = planConverge(FRESH.hub, FRESH.spoke, spec({ tags: [{ key: 'team', value: 'red' }] }), CONTEXT);

    expect(plan.steps[0]).toEqual({
      kind: 'claim-cidr',
      groupId: 'sg-0c0c0c0c',
      cidr: '10.1.0.0/16',
      spokeVpcId: SPOKE_VPC,
      tags: [
        { key: 'vpce-provisioner:owner', value: OWNER.physicalId },
        { key: 'vpce-provisioner:stack-id', value: OWNER.stackId },
        { key: 'vpce-provisioner:logical-id', value: 'Consumer' },
        { key: 'vpce-provisioner:consumer-vpc', value: SPOKE_VPC },
        { key: 'team', value: 'red' },
      ],
    });
    expect(plan.steps[5]).toEqual({ kind: 'associate', zoneId: 'ZECRAPI', zoneName: 'api.ecr.eu-west-1.amazonaws.com', vpcId: SPOKE_VPC, vpcRegion: 'eu-west-1' });
  });

  it('claims the spoke’s IPv6 blocks too when the hub is dual-stack, and only then', () => {
    const dualSpoke = spoke({ ipv6Blocks: ['2600:1F18:0:100::/56'] });

    expect(planConverge(hub({ dualStack: true }), dualSpoke, spec({ services: names('logs') }), CONTEXT).outcome.ingressCidrs).toEqual(['10.1.0.0/16', '2600:1f18:0:100::/56']);
    expect(planConverge(hub(), dualSpoke, spec({ services: names('logs') }), CONTEXT).outcome.ingressCidrs).toEqual(['10.1.0.0/16']);
  });

  it('associates without authorisations when the spoke is in the hub’s account, removing one left behind all the same', () => {
    const leftBehind = { ...FRESH.hub, zones: FRESH.hub.zones.map((zone) => (zone.zoneId === 'ZLOGS' ? { ...zone, authorisedVpcIds: [SPOKE_VPC] } : zone)) };

    const plan = planConverge(leftBehind, FRESH.spoke, spec({ services: names('ecr.api', 'logs') }), { ...CONTEXT, sameAccount: true });

    expect(lines(plan.steps)).toEqual(['claim-cidr 10.1.0.0/16', 'claim-cidr 10.2.0.0/16', 'associate ZECRAPI', 'associate ZLOGS', 'remove-authorisation ZLOGS']);
  });

  it('takes only the zones of the requested services', () => {
    const plan = planConverge(FRESH.hub, FRESH.spoke, spec({ services: names('com.amazonaws.eu-west-1.logs') }), CONTEXT);

    expect(lines(plan.steps)).toEqual(['claim-cidr 10.1.0.0/16', 'claim-cidr 10.2.0.0/16', 'authorise-association ZLOGS', 'associate ZLOGS', 'remove-authorisation ZLOGS']);
    expect(plan.outcome.associatedZoneIds).toEqual(['ZLOGS']);
  });

  it.each(CREATE_LINES.map((line, index) => [index + 1, line] as const))(
    'after a crash following step %i (%s), plans exactly the steps that remain',
    (done) => {
      const first = planConverge(FRESH.hub, FRESH.spoke, spec(), CONTEXT);
      const crashed = withStepsDone(FRESH, first.steps.slice(0, done));

      const retry = planConverge(crashed.hub, crashed.spoke, spec(), CONTEXT);

      expect(lines(retry.steps)).toEqual(CREATE_LINES.slice(done));
      expect(retry.outcome).toEqual(first.outcome);
    },
  );

  it('plans nothing for a duplicate delivery of a Create that finished', () => {
    const done = withStepsDone(FRESH, planConverge(FRESH.hub, FRESH.spoke, spec(), CONTEXT).steps);

    expect(planConverge(done.hub, done.spoke, spec(), CONTEXT).steps).toEqual([]);
  });
});

describe('planConverge on Update', () => {
  const created = withStepsDone(FRESH, planConverge(FRESH.hub, FRESH.spoke, spec(), CONTEXT).steps);

  it('leaves the zones of removed services and joins those of added ones', () => {
    const onlyLogs = withStepsDone(created, planConverge(created.hub, created.spoke, spec({ services: names('logs') }), CONTEXT).steps);

    expect(lines(planConverge(created.hub, created.spoke, spec({ services: names('logs') }), CONTEXT).steps)).toEqual(['disassociate ZECRAPI', 'disassociate ZECRDKR']);
    expect(lines(planConverge(onlyLogs.hub, onlyLogs.spoke, spec({ services: names('ecr.api', 'logs') }), CONTEXT).steps)).toEqual([
      'authorise-association ZECRAPI',
      'associate ZECRAPI',
      'remove-authorisation ZECRAPI',
    ]);
  });

  it('claims a CIDR block the spoke gained and releases, last, one it lost', () => {
    const changed = { hub: created.hub, spoke: { ...created.spoke, ipv4Blocks: ['10.1.0.0/16', '10.3.0.0/16'] } };

    const plan = planConverge(changed.hub, changed.spoke, spec({ services: names('logs') }), CONTEXT);

    expect(lines(plan.steps)).toEqual(['claim-cidr 10.3.0.0/16', 'disassociate ZECRAPI', 'disassociate ZECRDKR', 'release-cidr sgr-for-10.2.0.0/16']);
    expect(plan.outcome.ingressCidrs).toEqual(['10.1.0.0/16', '10.3.0.0/16']);
  });

  it('removes an authorisation a crash left on a zone no longer wanted', () => {
    const crashed = withStepsDone(FRESH, planConverge(FRESH.hub, FRESH.spoke, spec(), CONTEXT).steps.slice(0, 3));

    expect(lines(planConverge(crashed.hub, crashed.spoke, spec({ services: names('logs') }), CONTEXT).steps)).toEqual([
      'authorise-association ZLOGS',
      'associate ZLOGS',
      'remove-authorisation ZLOGS',
      'remove-authorisation ZECRAPI',
    ]);
  });

  it('leaves other consumers’ rules alone', () => {
    const withOther = { ...created.hub, ingressRules: [...created.hub.ingressRules, claimRule('sgr-other', '10.9.0.0/16', { ...OWNER, physicalId: 'other' }, 'vpc-0f0f0f0f')] };

    expect(planConverge(withOther, created.spoke, spec(), CONTEXT).steps).toEqual([]);
  });
});

describe('planTeardown', () => {
  const created = withStepsDone(FRESH, planConverge(FRESH.hub, FRESH.spoke, spec(), CONTEXT).steps);
  const DELETE_LINES = ['disassociate ZECRAPI', 'disassociate ZECRDKR', 'disassociate ZLOGS', 'release-cidr sgr-for-10.1.0.0/16', 'release-cidr sgr-for-10.2.0.0/16'];

  it('disassociates every hub zone, then releases the claim last', () => {
    expect(lines(planTeardown(created.hub, created.spoke, TEARDOWN))).toEqual(DELETE_LINES);
  });

  it.each(DELETE_LINES.map((line, index) => [index + 1, line] as const))('after a crash following step %i (%s), plans exactly the steps that remain', (done) => {
    const crashed = withStepsDone(created, planTeardown(created.hub, created.spoke, TEARDOWN).slice(0, done));

    expect(lines(planTeardown(crashed.hub, crashed.spoke, TEARDOWN))).toEqual(DELETE_LINES.slice(done));
  });

  it('undoes a Create that crashed half-way, its pending authorisations included', () => {
    // Done: both claims, the three authorisations, the first association.
    const crashed = withStepsDone(FRESH, planConverge(FRESH.hub, FRESH.spoke, spec(), CONTEXT).steps.slice(0, 6));

    expect(lines(planTeardown(crashed.hub, crashed.spoke, TEARDOWN))).toEqual([
      'disassociate ZECRAPI',
      'remove-authorisation ZECRAPI',
      'remove-authorisation ZECRDKR',
      'remove-authorisation ZLOGS',
      'release-cidr sgr-for-10.1.0.0/16',
      'release-cidr sgr-for-10.2.0.0/16',
    ]);
  });

  it('touches nothing without a claim: the spoke’s associations are then not this consumer’s', () => {
    const unclaimed = { ...created.hub, ingressRules: [] };

    expect(planTeardown(unclaimed, created.spoke, TEARDOWN)).toEqual([]);
  });

  it('does nothing when the hub is gone', () => {
    expect(planTeardown(undefined, created.spoke, TEARDOWN)).toEqual([]);
  });

  it('releases the claim, and removes the authorisations left, when the spoke VPC is gone', () => {
    const crashed = withStepsDone(FRESH, planConverge(FRESH.hub, FRESH.spoke, spec(), CONTEXT).steps.slice(0, 3));

    expect(lines(planTeardown(crashed.hub, undefined, TEARDOWN))).toEqual(['remove-authorisation ZECRAPI', 'release-cidr sgr-for-10.1.0.0/16', 'release-cidr sgr-for-10.2.0.0/16']);
  });

  it('plans nothing for a duplicate delivery of a Delete that finished', () => {
    const deleted = withStepsDone(created, planTeardown(created.hub, created.spoke, TEARDOWN));

    expect(planTeardown(deleted.hub, deleted.spoke, TEARDOWN)).toEqual([]);
  });
});
