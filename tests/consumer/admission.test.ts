/**
 * readAncestry: a consumer account's parents up to the root, over the real OrganizationsClient answered by the
 * simulator's Organizations (through lib/consumer-aws/organizations-port.ts), and what it says when it cannot read them.
 */
import { readAncestry } from '../../lib/consumer/admission';
import type { OrganizationsPort } from '../../lib/consumer/ports';
import { AwsOrganizationsPort } from '../../lib/consumer-aws/organizations-port';
import { Ec2Simulator } from '../support/ec2-sim';
import { SimOrganization } from '../support/ec2-sim/organizations';

const PROVIDER = '123456789012';
const MANAGEMENT = '999988887777';
const CONSUMER = '444455556666';

function simWithOrganization(): Ec2Simulator {
  const sim = new Ec2Simulator({ accountId: PROVIDER });
  sim.organization = new SimOrganization({ managementAccountId: MANAGEMENT, rootId: 'r-a1b2' })
    .addOrganizationalUnit('ou-a1b2-workload1', 'r-a1b2')
    .addOrganizationalUnit('ou-a1b2-prod0001', 'ou-a1b2-workload1')
    .addAccount(CONSUMER, 'ou-a1b2-prod0001')
    .addAccount(PROVIDER)
    .delegate(PROVIDER);
  return sim;
}

function portOf(sim: Ec2Simulator): OrganizationsPort {
  return new AwsOrganizationsPort(sim.organizationsClient({ accountId: PROVIDER }), PROVIDER);
}

describe('readAncestry', () => {
  it('walks from the account’s OU up to the root, one ListParents per level', async () => {
    const sim = simWithOrganization();

    const ancestry = await readAncestry(portOf(sim), CONSUMER);

    expect(ancestry).toEqual({ kind: 'read', parentIds: ['ou-a1b2-prod0001', 'ou-a1b2-workload1', 'r-a1b2'] });
    expect(sim.calls.map((call) => call.input['ChildId'])).toEqual([CONSUMER, 'ou-a1b2-prod0001', 'ou-a1b2-workload1']);
  });

  it('follows a NextToken past an empty page instead of taking it for “no parent”', async () => {
    const sim = simWithOrganization();
    (sim.organization as SimOrganization).settings.emptyPagesFirst = 2;

    expect(await readAncestry(portOf(sim), CONSUMER)).toEqual({ kind: 'read', parentIds: ['ou-a1b2-prod0001', 'ou-a1b2-workload1', 'r-a1b2'] });
  });

  it('names the delegation the provider’s account lacks when Organizations refuses it', async () => {
    const sim = simWithOrganization();
    sim.organization = new SimOrganization({ managementAccountId: MANAGEMENT, rootId: 'r-a1b2' }).addAccount(CONSUMER).addAccount(PROVIDER);

    const ancestry = await readAncestry(portOf(sim), CONSUMER);

    expect(ancestry).toEqual({
      kind: 'unreadable',
      reason:
        "AWS Organizations refused ListParents to the provider's role in account 123456789012 (AccessDeniedException). The organisation's management account " +
        'must delegate organizations:ListParents to account 123456789012 (its resource-based delegation policy, "Delegated administrator for AWS Organizations"), ' +
        'and the provider role needs organizations:ListParents (template.yaml, the consumers policy)',
    });
  });

  it('says so when the provider’s account is in no organisation', async () => {
    const sim = simWithOrganization();
    sim.organization = undefined;

    expect(await readAncestry(portOf(sim), CONSUMER)).toEqual({
      kind: 'unreadable',
      reason: "the provider's account 123456789012 is not a member of an organisation (AWSOrganizationsNotInUseException), so OUs cannot admit anyone",
    });
  });

  it('says so when the consumer’s account is not in the provider’s organisation', async () => {
    expect(await readAncestry(portOf(simWithOrganization()), '777766665555')).toEqual({
      kind: 'unreadable',
      reason: "account 777766665555 is not in the organisation of the provider's account 123456789012 (ChildNotFoundException), so no OU of it holds the account",
    });
  });

  it('lets throttling through, for the caller to retry (the paced client retries it first)', async () => {
    const sim = simWithOrganization();
    (sim.organization as SimOrganization).settings.throttleNextCalls = 1;

    await expect(readAncestry(portOf(sim), CONSUMER)).rejects.toMatchObject({ name: 'TooManyRequestsException' });
  });

  it('refuses rather than guesses without an Organizations client, or with an answer of two parents', async () => {
    const twoParents: OrganizationsPort = {
      callerAccountId: PROVIDER,
      listParents: async () => [
        { id: 'ou-a1b2-workload1', type: 'ORGANIZATIONAL_UNIT' },
        { id: 'ou-a1b2-sandbox1', type: 'ORGANIZATIONAL_UNIT' },
      ],
    };

    expect(await readAncestry(undefined, CONSUMER)).toEqual({
      kind: 'unreadable',
      reason: 'this provider was started without an AWS Organizations client, so it cannot tell which OU an account is in',
    });
    expect(await readAncestry(twoParents, CONSUMER)).toEqual({ kind: 'unreadable', reason: 'ListParents of 444455556666 answered 2 parents, not one' });
  });

  it('gives up after six levels instead of walking a cycle for ever', async () => {
    const cycle: OrganizationsPort = { callerAccountId: PROVIDER, listParents: async () => [{ id: 'ou-a1b2-loop0001', type: 'ORGANIZATIONAL_UNIT' }] };

    expect(await readAncestry(cycle, CONSUMER)).toEqual({ kind: 'unreadable', reason: 'the parents of account 444455556666 did not reach a root within 6 levels' });
  });
});
