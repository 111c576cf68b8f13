/**
 * The simulator's AWS Organizations (tests/support/ec2-sim/organizations/): ListParents through the real
 * OrganizationsClient, in process and over HTTP (awsJson1_1), with the errors the API reference lists.
 */
import { ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { Ec2Simulator } from '../support/ec2-sim';
import { startEc2HttpServer, type Ec2HttpServer } from '../support/ec2-sim/http';
import { SimOrganization } from '../support/ec2-sim/organizations';

const MANAGEMENT = '999988887777';
const DELEGATED = '111122223333';
const MEMBER = '444455556666';
const OUTSIDER = '777766665555';
const ROOT = 'r-a1b2';
const WORKLOADS = 'ou-a1b2-workload1';
const PROD = 'ou-a1b2-prod0001';

function organization(): SimOrganization {
  return new SimOrganization({ managementAccountId: MANAGEMENT, rootId: ROOT })
    .addOrganizationalUnit(WORKLOADS, ROOT)
    .addOrganizationalUnit(PROD, WORKLOADS)
    .addAccount(MEMBER, PROD)
    .addAccount(DELEGATED)
    .delegate(DELEGATED);
}

describe('ListParents in the simulator', () => {
  let sim: Ec2Simulator;
  beforeEach(() => {
    sim = new Ec2Simulator();
    sim.organization = organization();
  });
  const parentsOf = (childId: string, accountId = MANAGEMENT) => sim.organizationsClient({ accountId }).send(new ListParentsCommand({ ChildId: childId }));

  it('answers each child’s one parent, typed, up to the root', async () => {
    expect((await parentsOf(MEMBER)).Parents).toEqual([{ Id: PROD, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect((await parentsOf(PROD)).Parents).toEqual([{ Id: WORKLOADS, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect((await parentsOf(WORKLOADS)).Parents).toEqual([{ Id: ROOT, Type: 'ROOT' }]);
  });

  it('answers a delegated administrator as it answers the management account', async () => {
    expect((await parentsOf(MEMBER, DELEGATED)).Parents).toEqual([{ Id: PROD, Type: 'ORGANIZATIONAL_UNIT' }]);
  });

  it.each([
    ['a member that is neither management nor delegated', MEMBER, MEMBER, 'AccessDeniedException', 403],
    ['an account outside the organisation', MEMBER, OUTSIDER, 'AWSOrganizationsNotInUseException', 400],
    ['an unknown child', OUTSIDER, MANAGEMENT, 'ChildNotFoundException', 400],
    ['a root as the child', ROOT, MANAGEMENT, 'InvalidInputException', 400],
    ['a malformed child', 'ou-A1B2-x', MANAGEMENT, 'InvalidInputException', 400],
  ])('refuses %s', async (_, childId, caller, code, status) => {
    await expect(parentsOf(childId, caller)).rejects.toMatchObject({ name: code, $metadata: { httpStatusCode: status } });
  });

  it('refuses every account when there is no organisation at all', async () => {
    sim.organization = undefined;
    await expect(parentsOf(MEMBER)).rejects.toMatchObject({ name: 'AWSOrganizationsNotInUseException' });
  });

  it('refuses a role without organizations:ListParents, even in the management account', async () => {
    sim.organizationsDeniedAccounts.add(MANAGEMENT);
    await expect(parentsOf(MEMBER)).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining('organizations:ListParents') });
  });

  it('can answer an empty page with a NextToken first, the parent on the next page', async () => {
    (sim.organization as SimOrganization).settings.emptyPagesFirst = 1;
    const client = sim.organizationsClient({ accountId: MANAGEMENT });

    const first = await client.send(new ListParentsCommand({ ChildId: MEMBER }));
    const second = await client.send(new ListParentsCommand({ ChildId: MEMBER, NextToken: first.NextToken }));

    expect(first).toMatchObject({ Parents: [], NextToken: expect.any(String) });
    expect(second.Parents).toEqual([{ Id: PROD, Type: 'ORGANIZATIONAL_UNIT' }]);
    expect(second.NextToken).toBeUndefined();
  });

  it('can throttle the next calls with TooManyRequestsException', async () => {
    (sim.organization as SimOrganization).settings.throttleNextCalls = 1;
    await expect(parentsOf(MEMBER)).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    expect((await parentsOf(MEMBER)).Parents).toEqual([{ Id: PROD, Type: 'ORGANIZATIONAL_UNIT' }]);
  });

  it('logs its calls as reads', async () => {
    sim.resetCallLog();
    await parentsOf(MEMBER);
    expect(sim.calls.map((call) => [call.action, call.accountId, call.mutating, call.outcome])).toEqual([['ListParents', MANAGEMENT, false, 'ok']]);
  });
});

describe('the organisation as a world builder', () => {
  it('refuses a sixth level of OUs under the root', () => {
    const org = new SimOrganization({ managementAccountId: MANAGEMENT, rootId: ROOT });
    const ids = ['ou-a1b2-level001', 'ou-a1b2-level002', 'ou-a1b2-level003', 'ou-a1b2-level004', 'ou-a1b2-level005'];
    ids.reduce((parent, id) => (org.addOrganizationalUnit(id, parent), id), ROOT);
    expect(() => org.addOrganizationalUnit('ou-a1b2-level006', 'ou-a1b2-level005')).toThrow('would nest deeper than 5 OUs');
  });

  it('refuses a parent that is not in the organisation', () => {
    expect(() => new SimOrganization({ managementAccountId: MANAGEMENT, rootId: ROOT }).addAccount(MEMBER, 'ou-a1b2-missing1')).toThrow('No root or OU');
  });
});

describe('ListParents over HTTP (awsJson1_1)', () => {
  let sim: Ec2Simulator;
  let server: Ec2HttpServer;
  const clients: OrganizationsClient[] = [];
  const clientFor = (accessKeyId: string) => {
    const client = new OrganizationsClient({ endpoint: server.url, region: 'eu-west-1', credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    sim = new Ec2Simulator();
    sim.organization = organization();
    server = await startEc2HttpServer(sim, { accountForAccessKey: (key) => ({ AKIDMANAGEMENT: MANAGEMENT, AKIDMEMBER: MEMBER })[key] });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  it('answers the management account the parent', async () => {
    expect((await clientFor('AKIDMANAGEMENT').send(new ListParentsCommand({ ChildId: MEMBER }))).Parents).toEqual([{ Id: PROD, Type: 'ORGANIZATIONAL_UNIT' }]);
  });

  it('answers a member without delegation AccessDeniedException, as the SDK reads it', async () => {
    await expect(clientFor('AKIDMEMBER').send(new ListParentsCommand({ ChildId: MEMBER }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: "You don't have permissions to access this resource.",
      $metadata: { httpStatusCode: 403 },
    });
  });
});
