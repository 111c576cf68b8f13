import { checkConsumer } from '../../lib/consumer/checks';
import type { ObservedIngressRule } from '../../lib/consumer/observation';
import { claimRule, OTHER_OWNER, observation, spec, WHO } from './support/fixtures';

/** `count` HTTPS rules of other spokes, 10.100.0.0/24, 10.100.1.0/24… */
function otherSpokesRules(count: number): ObservedIngressRule[] {
  return Array.from({ length: count }, (_, index) => claimRule(`sgr-other${index}`, `10.100.${index}.0/24`, OTHER_OWNER, `vpc-0e0e0e${String(index).padStart(2, '0')}`));
}

describe('the hub group’s inbound-rule quota (L-0EA8095F) before any write', () => {
  it('refuses a claim that would take the group past the default 60 IPv4 rules, naming how many it has and needs', () => {
    const problems = checkConsumer(observation({ hub: { ingressRules: otherSpokesRules(59) }, spoke: { ipv4Blocks: ['10.1.0.0/16', '10.2.0.0/16'] } }), spec(), WHO).problems;

    expect(problems).toEqual([
      'The hub\'s security group sg-0c0c0c0c has 59 inbound IPv4 rules and this consumer needs 2 more (one per CIDR block of vpc-0b0b0b0b), above the quota of 60 rules per group ' +
        '(the default: Service Quotas was not read or holds no applied value). The hub account must raise "Inbound or outbound rules per security group" (Service Quotas, Amazon VPC, quota code L-0EA8095F).',
    ]);
  });

  it('admits the same claim under a quota the hub account raised', () => {
    const observed = observation({ hub: { ingressRules: otherSpokesRules(59), inboundRulesQuota: { value: 100, applied: true } }, spoke: { ipv4Blocks: ['10.1.0.0/16', '10.2.0.0/16'] } });

    expect(checkConsumer(observed, spec(), WHO).problems).toEqual([]);
  });

  it('counts only the rules still to add: a consumer already holding its rules at the quota passes', () => {
    const held = [...otherSpokesRules(59), claimRule('sgr-own', '10.1.0.0/16')];

    expect(checkConsumer(observation({ hub: { ingressRules: held } }), spec(), WHO).problems).toEqual([]);
  });
});
