import type { Clock } from './clock';
import { ec2ErrorCode, isTransient } from './ec2/errors';
import type { Ec2Sender } from './ec2/paced-client';
import { ProvisionerError, UserInputError } from './errors';

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface AccountAccessOptions {
  /** The account the provider runs in: its own role serves it directly. */
  readonly ownAccountId: string;
  /** The role to assume in other accounts of the organization; unset = serve only the own account. */
  readonly spokeRoleName?: string;
  readonly externalId?: string;
  readonly sts: Ec2Sender;
  /** Builds an EC2 client for a region, with the given credentials or the function's own. */
  readonly makeEc2: (region: string, credentials?: TemporaryCredentials) => Ec2Sender;
  readonly clock: Clock;
}

/** Credentials are renewed once fewer than this many ms of their lifetime remain, so none expires under a call in flight. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * EC2 clients for the account a stack lives in. The account always comes from the event's StackId (never from a
 * property), so a stack can act only in its own account: in the provider's own account with the function's role, in a
 * member account through the spoke role there. Assumed credentials are cached per account and region for their
 * lifetime.
 *
 * @example
 * const access = new AccountAccess({ ownAccountId: '111122223333', spokeRoleName: 'vpce-provisioner-spoke', externalId, sts, makeEc2, clock });
 * const ec2 = await access.ec2For('222233334444', 'eu-west-1', 'aws'); // through arn:aws:iam::222233334444:role/vpce-provisioner-spoke
 */
export class AccountAccess {
  private readonly sessions = new Map<string, SpokeSession>();
  private readonly ownClients = new Map<string, Ec2Sender>();

  constructor(private readonly options: AccountAccessOptions) {}

  /**
   * EC2 for `accountId` in `region`. For a member account the spoke role is assumed here, before any EC2 call, so a
   * missing or untrusting role fails the request before anything is read or written.
   *
   * @throws UserInputError (terminal) when no spoke role is configured or the spoke role refuses; a retryable
   * ProvisionerError when STS itself failed (throttling, an outage).
   */
  async ec2For(accountId: string, region: string, partition: string): Promise<Ec2Sender> {
    if (accountId === this.options.ownAccountId) return this.ownClient(region);
    const { spokeRoleName } = this.options;
    if (!spokeRoleName) {
      throw new UserInputError([
        `This provider serves account ${this.options.ownAccountId} only, but the stack is in account ${accountId}. To serve other accounts of the organization, deploy the provider with SpokeRoleName set and the spoke role (examples/spoke/spoke-role.yaml) in account ${accountId}.`,
      ]);
    }
    const session = this.spokeSession(accountId, region, partition, spokeRoleName);
    await session.client();
    // Every call asks the session for its client: one handed out near the end of the credentials' lifetime still signs
    // with valid ones for the whole invocation (up to 15 minutes), renewed under it when due.
    const current = session;
    return { send: async (command) => (await current.client()).send(command) };
  }

  /**
   * Another AWS client (CloudFormation, …) for `accountId` in `region`, signed exactly as {@link ec2For} signs EC2 there:
   * the function's own role in its own account, the spoke role elsewhere (assumed at most once for both).
   *
   * @param make builds the client for a region, with the given credentials or the function's own.
   */
  async clientFor(accountId: string, region: string, partition: string, make: (region: string, credentials?: TemporaryCredentials) => Ec2Sender): Promise<Ec2Sender> {
    if (accountId === this.options.ownAccountId) return make(region);
    // ec2For assumes the role (or explains why it cannot); the session it leaves holds the credentials to share.
    await this.ec2For(accountId, region, partition);
    const session = this.spokeSession(accountId, region, partition, this.options.spokeRoleName as string);
    const clients = new WeakMap<TemporaryCredentials, Ec2Sender>();
    return {
      send: async (command) => {
        const credentials = await session.credentials();
        let client = clients.get(credentials);
        if (!client) {
          client = make(region, credentials);
          clients.set(credentials, client);
        }
        return client.send(command);
      },
    };
  }

  private spokeSession(accountId: string, region: string, partition: string, spokeRoleName: string): SpokeSession {
    const key = `${accountId}/${region}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = new SpokeSession(`arn:${partition}:iam::${accountId}:role/${spokeRoleName}`, accountId, region, this.options);
      this.sessions.set(key, session);
    }
    return session;
  }

  private ownClient(region: string): Ec2Sender {
    let client = this.ownClients.get(region);
    if (!client) {
      client = this.options.makeEc2(region);
      this.ownClients.set(region, client);
    }
    return client;
  }
}

/** The spoke role of one account, in one region: its current credentials and the EC2 client signed with them. */
class SpokeSession {
  private current?: { credentials: TemporaryCredentials; client: Ec2Sender };
  /** The renewal in progress, shared by the calls that need it, so calls made together assume the role once. */
  private renewal?: Promise<Ec2Sender>;

  constructor(
    private readonly roleArn: string,
    private readonly accountId: string,
    private readonly region: string,
    private readonly options: AccountAccessOptions,
  ) {}

  /** The client, renewing the credentials first when fewer than RENEW_BEFORE_MS of them remain. */
  client(): Promise<Ec2Sender> {
    const current = this.current;
    if (current && current.credentials.expiration.getTime() - RENEW_BEFORE_MS > this.options.clock.now()) return Promise.resolve(current.client);
    this.renewal ??= this.renew().finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
  }

  /** The current credentials, renewed first when due (as {@link client} does). */
  async credentials(): Promise<TemporaryCredentials> {
    await this.client();
    return (this.current as { credentials: TemporaryCredentials }).credentials;
  }

  private async renew(): Promise<Ec2Sender> {
    const credentials = await this.assumeRole();
    const client = this.options.makeEc2(this.region, credentials);
    this.current = { credentials, client };
    return client;
  }

  private async assumeRole(): Promise<TemporaryCredentials> {
    const { roleArn, accountId } = this;
    // Loaded on first use: most invocations serve the provider's own account and never need STS (a faster cold start).
    const { AssumeRoleCommand } = await import('./aws/sts');
    let output;
    try {
      output = await this.options.sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'vpce-provisioner', ExternalId: this.options.externalId || undefined, DurationSeconds: 3600 }),
      );
    } catch (error) {
      const cause = `${ec2ErrorCode(error) ?? 'error'}: ${error instanceof Error ? error.message : String(error)}`;
      if (isTransient(error)) {
        // STS was busy or unreachable: nothing the platform team must change, and the next attempt may well succeed.
        throw new ProvisionerError(`Could not assume ${roleArn} for account ${accountId} (${cause}); STS did not answer. Retry the stack operation.`, { cause: error });
      }
      throw new UserInputError(
        [
          `Could not assume ${roleArn} (${cause}). The platform team must deploy the spoke role (examples/spoke/spoke-role.yaml, for example as a StackSet) in account ${accountId}, trusting this provider's role with the configured external ID.`,
        ],
        { cause: error },
      );
    }
    const raw = output.Credentials;
    if (!raw?.AccessKeyId || !raw.SecretAccessKey || !raw.SessionToken || !raw.Expiration) {
      throw new Error(`AssumeRole of ${roleArn} returned no credentials.`);
    }
    return {
      accessKeyId: raw.AccessKeyId,
      secretAccessKey: raw.SecretAccessKey,
      sessionToken: raw.SessionToken,
      expiration: new Date(raw.Expiration),
    };
  }
}
