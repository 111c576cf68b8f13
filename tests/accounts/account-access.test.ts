import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { AccountAccess, type AccountAccessOptions, type TemporaryCredentials } from '../../lib/accounts';
import { isTerminal, UserInputError } from '../../lib/errors';
import { VirtualClock } from '../support/ec2-sim';
import { accountOfRoleArn, EXTERNAL_ID, grantingAssumeRole, HUB_ACCOUNT, OTHER_ACCOUNT, SESSION_MS, SPOKE_ACCOUNT, SPOKE_ROLE_NAME } from './hub';

const RENEW_BEFORE_MS = 5 * 60_000;

/** One EC2 client the access built: where, with which credentials, and what was sent through it. */
interface BuiltClient {
  region: string;
  credentials: TemporaryCredentials | undefined;
  sent: { action: string; at: number }[];
}

/** The error a request ended with (it must end with one). */
async function failureOf(attempt: Promise<unknown>): Promise<Error> {
  const outcome = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a failure, got ${String(outcome)}`);
  return outcome;
}

/** An EC2 error as the SDK raises it for expired credentials. */
function expiredToken(): Error {
  return Object.assign(new Error('The provided token has expired.'), { name: 'RequestExpired' });
}

function stsError(name: string, message: string): STSServiceException {
  return new STSServiceException({ name, message, $fault: 'client', $metadata: { httpStatusCode: 403 } });
}

function setUp(overrides: Partial<Omit<AccountAccessOptions, 'sts' | 'makeEc2' | 'clock'>> = {}) {
  const clock = new VirtualClock();
  const stsClient = new STSClient({ region: 'us-east-1' });
  const sts = mockClient(stsClient);
  sts.on(AssumeRoleCommand).callsFake(grantingAssumeRole(clock));
  const built: BuiltClient[] = [];
  const access = new AccountAccess({
    ownAccountId: HUB_ACCOUNT,
    spokeRoleName: SPOKE_ROLE_NAME,
    externalId: EXTERNAL_ID,
    ...overrides,
    sts: stsClient,
    // Each client answers like EC2: a request signed with expired credentials is refused.
    makeEc2: (region, credentials) => {
      const client: BuiltClient = { region, credentials, sent: [] };
      built.push(client);
      return {
        send: async (command: object) => {
          if (credentials && credentials.expiration.getTime() <= clock.now()) throw expiredToken();
          client.sent.push({ action: command.constructor.name, at: clock.now() });
          return { Vpcs: [] };
        },
      };
    },
    clock,
  });
  const assumeRoleInputs = () => sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
  return { clock, sts, access, built, assumeRoleInputs };
}

describe('AccountAccess: the provider’s own account', () => {
  it('serves the own account with the function’s role: no AssumeRole, no explicit credentials', async () => {
    const { access, built, assumeRoleInputs } = setUp();

    const client = await access.ec2For(HUB_ACCOUNT, 'us-east-1', 'aws');
    await client.send(new DescribeVpcsCommand({}));

    expect(assumeRoleInputs()).toEqual([]);
    expect(built).toEqual([{ region: 'us-east-1', credentials: undefined, sent: [expect.objectContaining({ action: 'DescribeVpcsCommand' })] }]);
  });

  it('keeps one client per region of the own account', async () => {
    const { access, built } = setUp();

    const first = await access.ec2For(HUB_ACCOUNT, 'us-east-1', 'aws');
    const again = await access.ec2For(HUB_ACCOUNT, 'us-east-1', 'aws');
    const elsewhere = await access.ec2For(HUB_ACCOUNT, 'eu-west-1', 'aws');

    expect(again).toBe(first);
    expect(elsewhere).not.toBe(first);
    expect(built.map((client) => client.region)).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('serves the own account even when no spoke role is configured', async () => {
    const { access, assumeRoleInputs } = setUp({ spokeRoleName: undefined, externalId: undefined });

    await expect(access.ec2For(HUB_ACCOUNT, 'us-east-1', 'aws')).resolves.toBeDefined();
    expect(assumeRoleInputs()).toEqual([]);
  });
});

describe('AccountAccess: member accounts through the spoke role', () => {
  it('assumes the spoke role of the stack’s account with the external ID, and builds the client with those credentials', async () => {
    const { access, built, assumeRoleInputs, clock } = setUp();

    const client = await access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws');
    await client.send(new DescribeVpcsCommand({}));

    expect(assumeRoleInputs()).toEqual([
      {
        RoleArn: `arn:aws:iam::${SPOKE_ACCOUNT}:role/${SPOKE_ROLE_NAME}`,
        RoleSessionName: 'vpce-provisioner',
        ExternalId: EXTERNAL_ID,
        DurationSeconds: 3600,
      },
    ]);
    expect(built).toHaveLength(1);
    expect(built[0]?.region).toBe('us-east-1');
    expect(built[0]?.credentials).toMatchObject({ accessKeyId: `ASIASIM${SPOKE_ACCOUNT}`, secretAccessKey: 'secret', sessionToken: expect.any(String) });
    expect(built[0]?.credentials?.expiration.getTime()).toBe(clock.now() + SESSION_MS);
    expect(built[0]?.sent).toHaveLength(1);
  });

  it.each([
    ['aws', 'us-east-1'],
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
  ])('names the role in the stack’s partition (%s)', async (partition, region) => {
    const { access, assumeRoleInputs } = setUp();

    await access.ec2For(SPOKE_ACCOUNT, region, partition);

    expect(assumeRoleInputs().map((input) => input.RoleArn)).toEqual([`arn:${partition}:iam::${SPOKE_ACCOUNT}:role/${SPOKE_ROLE_NAME}`]);
  });

  it('sends no ExternalId when none is configured (the hub template refuses that setup)', async () => {
    const { access, assumeRoleInputs } = setUp({ externalId: undefined });

    await access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws');

    expect(assumeRoleInputs()).toHaveLength(1);
    expect(assumeRoleInputs()[0]).not.toHaveProperty('ExternalId', expect.anything());
  });

  // The provider asks for one hour; credentials are renewed once fewer than five minutes remain.
  it.each([
    ['at once', 0, 1],
    ['ten minutes later', 10 * 60_000, 1],
    ['just before the renewal window', SESSION_MS - RENEW_BEFORE_MS - 1, 1],
    ['at the start of the renewal window', SESSION_MS - RENEW_BEFORE_MS, 2],
    ['after expiry', SESSION_MS + 1, 2],
  ])('asked again %s (%i ms later), has called AssumeRole %i time(s) in all', async (_label, laterMs, expectedAssumeRoles) => {
    const { access, clock, assumeRoleInputs, built } = setUp();
    await access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws');

    await clock.sleep(laterMs);
    const client = await access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws');
    await client.send(new DescribeVpcsCommand({}));

    expect(assumeRoleInputs()).toHaveLength(expectedAssumeRoles);
    const used = built.find((candidate) => candidate.sent.length > 0);
    expect(used?.credentials?.expiration.getTime()).toBeGreaterThan(clock.now() + RENEW_BEFORE_MS - 1);
  });

  it('caches per account and per region', async () => {
    const { access, assumeRoleInputs, built } = setUp();

    for (const [account, region] of [
      [SPOKE_ACCOUNT, 'us-east-1'],
      [SPOKE_ACCOUNT, 'eu-west-1'],
      [OTHER_ACCOUNT, 'us-east-1'],
      [SPOKE_ACCOUNT, 'us-east-1'],
      [OTHER_ACCOUNT, 'us-east-1'],
    ] as const) {
      await access.ec2For(account, region, 'aws');
    }

    expect(assumeRoleInputs().map((input) => accountOfRoleArn(input.RoleArn))).toEqual([SPOKE_ACCOUNT, SPOKE_ACCOUNT, OTHER_ACCOUNT]);
    expect(built.map((client) => `${client.credentials?.accessKeyId}@${client.region}`)).toEqual([
      `ASIASIM${SPOKE_ACCOUNT}@us-east-1`,
      `ASIASIM${SPOKE_ACCOUNT}@eu-west-1`,
      `ASIASIM${OTHER_ACCOUNT}@us-east-1`,
    ]);
  });

  it('keeps a client usable for a whole request: one handed out shortly before renewal still signs with valid credentials ten minutes later', async () => {
    const { access, clock, assumeRoleInputs } = setUp();
    await access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws');
    await clock.sleep(SESSION_MS - RENEW_BEFORE_MS - 60_000);
    const client = await access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws');

    // A Lambda invocation may last 15 minutes: well past the 6 minutes these credentials had left.
    await clock.sleep(10 * 60_000);

    await expect(client.send(new DescribeVpcsCommand({}))).resolves.toEqual({ Vpcs: [] });
    expect(assumeRoleInputs()).toHaveLength(2);
  });

  it('renews once for calls made together', async () => {
    const { access, clock, assumeRoleInputs } = setUp();
    const client = await access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws');
    await clock.sleep(SESSION_MS);

    await Promise.all([1, 2, 3, 4].map(() => client.send(new DescribeVpcsCommand({}))));

    expect(assumeRoleInputs()).toHaveLength(2);
  });
});

describe('AccountAccess: refusals', () => {
  it('without a spoke role name, refuses a foreign account with what the platform team must deploy, and calls nothing', async () => {
    const { access, assumeRoleInputs, built } = setUp({ spokeRoleName: undefined, externalId: undefined });

    const error = await failureOf(access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws'));

    expect(error).toBeInstanceOf(UserInputError);
    for (const fragment of [HUB_ACCOUNT, SPOKE_ACCOUNT, 'SpokeRoleName', 'examples/spoke/spoke-role.yaml']) expect(error.message).toContain(fragment);
    expect(isTerminal(error)).toBe(true);
    expect(assumeRoleInputs()).toEqual([]);
    expect(built).toEqual([]);
  });

  it.each([
    ['AccessDenied', `User: arn:aws:sts::${HUB_ACCOUNT}:assumed-role/hub-ProviderRole/vpce-hub-provider is not authorized to perform: sts:AssumeRole`],
    ['AccessDenied', 'The external ID does not match'],
  ])('turns a refused AssumeRole (%s: %s) into a terminal error naming the role ARN and the account, and builds no EC2 client', async (code, message) => {
    const { access, sts, built } = setUp();
    sts.on(AssumeRoleCommand).rejects(stsError(code, message));

    const error = await failureOf(access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws'));

    expect(error).toBeInstanceOf(UserInputError);
    expect(isTerminal(error)).toBe(true);
    for (const fragment of [`arn:aws:iam::${SPOKE_ACCOUNT}:role/${SPOKE_ROLE_NAME}`, `account ${SPOKE_ACCOUNT}`, code, 'examples/spoke/spoke-role.yaml']) {
      expect(error.message).toContain(fragment);
    }
    expect(built).toEqual([]);
  });

  it('does not remember a refusal: once the spoke role exists, the next request assumes it', async () => {
    const { access, sts, built, clock } = setUp();
    sts.on(AssumeRoleCommand).rejectsOnce(stsError('AccessDenied', 'not authorized')).callsFake(grantingAssumeRole(clock));

    await expect(access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws')).rejects.toThrow(UserInputError);
    await expect(access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws')).resolves.toBeDefined();

    expect(built.map((client) => client.credentials?.accessKeyId)).toEqual([`ASIASIM${SPOKE_ACCOUNT}`]);
  });

  it('treats a throttled or failing STS as retryable, not as a missing spoke role', async () => {
    const { access, sts } = setUp();
    sts.on(AssumeRoleCommand).rejects(new STSServiceException({ name: 'Throttling', message: 'Rate exceeded', $fault: 'client', $metadata: { httpStatusCode: 400 } }));

    const error = await failureOf(access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws'));

    expect(isTerminal(error)).toBe(false);
    expect(error.message).toContain(`arn:aws:iam::${SPOKE_ACCOUNT}:role/${SPOKE_ROLE_NAME}`);
    expect(error.message).toContain('Throttling');
    expect(error.message).not.toContain('must deploy');
  });

  it('refuses an AssumeRole answer without credentials rather than building a client without them', async () => {
    const { access, sts, built } = setUp();
    sts.on(AssumeRoleCommand).resolves({});

    await expect(access.ec2For(SPOKE_ACCOUNT, 'us-east-1', 'aws')).rejects.toThrow(`arn:aws:iam::${SPOKE_ACCOUNT}:role/${SPOKE_ROLE_NAME}`);
    expect(built).toEqual([]);
  });
});

describe('AccountAccess: Route 53 and Service Quotas beside EC2', () => {
  it('builds them with the same spoke credentials as EC2, assuming the role once', async () => {
    const routeClients: { region: string; credentials: TemporaryCredentials | undefined }[] = [];
    const { access, built, assumeRoleInputs } = setUp({
      makeRoute53: (region, credentials) => {
        routeClients.push({ region, credentials });
        return { send: async () => ({ HostedZoneSummaries: [] }) };
      },
    });

    await access.ec2For(SPOKE_ACCOUNT, 'eu-west-1', 'aws');
    const route53 = await access.serviceFor('route53', SPOKE_ACCOUNT, 'eu-west-1', 'aws');
    await route53?.send({});

    expect(assumeRoleInputs()).toHaveLength(1);
    expect(routeClients).toHaveLength(1);
    expect(routeClients[0]?.region).toBe('eu-west-1');
    expect(routeClients[0]?.credentials).toBe(built[0]?.credentials);
  });

  it('gives undefined for a service the provider was built without, and the own role\'s client in the own account', async () => {
    let ownBuilt = 0;
    const { access } = setUp({
      makeServiceQuotas: (_region, credentials) => {
        ownBuilt += credentials === undefined ? 1 : 0;
        return { send: async () => ({}) };
      },
    });

    expect(await access.serviceFor('route53', HUB_ACCOUNT, 'us-east-1', 'aws')).toBeUndefined();
    const first = await access.serviceFor('serviceQuotas', HUB_ACCOUNT, 'us-east-1', 'aws');
    const again = await access.serviceFor('serviceQuotas', HUB_ACCOUNT, 'us-east-1', 'aws');
    expect(first).toBeDefined();
    expect(again).toBe(first);
    expect(ownBuilt).toBe(1);
  });
});
