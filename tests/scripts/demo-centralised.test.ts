/**
 * `npm run demo -- --centralised`, run as the script runs it (the bundled handler in a child process per step): a hub
 * and two consumers, one in the hub's account and one in a member account reached through the spoke role (the
 * simulator's STS); each spoke then resolves the hub's names to the hub's endpoint addresses, and after the Deletes
 * nothing is left.
 */
import { playCentralisedDemo } from '../../scripts/demo-centralised';

const SHORT_TIMING = { endpointCreateMs: 100, endpointDeleteMs: 100, eniLingerMs: 50 };
const ZONE_NAMES = ['api.ecr.us-east-1.amazonaws.com', 'dkr.ecr.us-east-1.amazonaws.com', 'logs.us-east-1.amazonaws.com'];

/** The lines of one step: from its `== title` line to the next step's. */
function section(lines: readonly string[], title: string): string[] {
  const start = lines.findIndex((line) => line.startsWith(`== ${title}`));
  if (start < 0) throw new Error(`no step "${title}" in:\n${lines.join('\n')}`);
  const end = lines.findIndex((line, index) => index > start && line.startsWith('== '));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('the centralised demo', () => {
  it('plays a hub and a consumer in each of two accounts, each spoke resolving the hub endpoints, and leaves nothing after the Deletes', async () => {
    const lines: string[] = [];

    const code = await playCentralisedDemo({ print: (line) => lines.push(...line.split('\n')), timing: SHORT_TIMING, changeSyncMs: 200 });

    expect(code).toBe(0);
    expect(lines).toContain('Route 53 changes reach INSYNC here in 200 ms; real Route 53 takes up to about 60 s, so each hub or consumer step takes about a minute longer in AWS.');
    const hub = section(lines, 'Hub Create');
    expect(hub[1]).toBe('   answer: SUCCESS');
    expect(hub.join('\n')).toContain('CreateHostedZone ×3');
    expect(hub.filter((line) => line.startsWith('   zone ')).map((line) => line.split(' ')[4])).toEqual(ZONE_NAMES);
    const hubAnswers = hub.filter((line) => line.startsWith('     '));
    // The apexes, and a registry name under ecr.dkr's wildcard, each to three endpoint addresses through a hub zone.
    expect(hubAnswers.map((line) => line.trim().split(' ')[0])).toEqual([ZONE_NAMES[0], ZONE_NAMES[1], `123456789012.${ZONE_NAMES[1]}`, ZONE_NAMES[2]]);
    for (const line of hubAnswers) expect(line).toMatch(/ -> (10\.0\.255\.\d+, ){2}10\.0\.255\.\d+ \(vpce-[0-9a-f]+, via zone Z[0-9A-Z]+\)$/);

    const consumerA = section(lines, 'consumer A');
    const consumerB = section(lines, 'consumer B');
    expect(consumerA[1]).toBe('   answer: SUCCESS');
    expect(consumerA[2]).toBe('   writes: AuthorizeSecurityGroupIngress ×1, AssociateVPCWithHostedZone ×3');
    expect(consumerB[1]).toBe('   answer: SUCCESS');
    // The member account's VPC is associated by the member account (through the spoke role), on the hub's authorisation.
    expect(consumerB[2]).toBe(
      '   writes: AuthorizeSecurityGroupIngress ×1, CreateVPCAssociationAuthorization ×3, AssociateVPCWithHostedZone ×3, DeleteVPCAssociationAuthorization ×3',
    );
    for (const step of [consumerA, consumerB]) {
      expect(step[4]).toMatch(/^ {3}names that now resolve in vpc-[0-9a-f]+ to the hub's endpoint addresses:$/);
      // The same names to the same addresses and endpoints as in the hub VPC, through the hub's zones.
      expect(step.filter((line) => line.startsWith('     '))).toEqual(hubAnswers);
    }

    // Both consumers first (their stacks depend on the hub's outputs), then the hub.
    const deletes = lines.flatMap((line, index) => (/^== (Consumer|Hub) Delete/.test(line) ? [`${line.split(' ')[1]} ${lines[index + 1]?.trim()}`] : []));
    expect(deletes).toEqual(['Consumer answer: SUCCESS', 'Consumer answer: SUCCESS', 'Hub answer: SUCCESS']);
    expect(section(lines, 'Hub Delete').join('\n')).toContain('DeleteHostedZone ×3');
    expect(lines.slice(-5)).toEqual([
      'What is left:',
      '   hosted zones: 0',
      '   zone associations of the spoke VPCs: 0',
      "   security group rules for the spokes' CIDRs once their consumers were deleted: 0",
      'Every consumer resolved the hub’s names, and nothing is left.',
    ]);
  }, 60_000);
});
