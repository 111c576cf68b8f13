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

/** Builds a client for a region, with the given credentials or the function's own. */
export type ClientFactory = (region: string, credentials?: TemporaryCredentials) => Ec2Sender;

/** The services the provider calls in a stack's account: EC2, CloudFormation (the stack check) and the read-only checks before writing. */
export type ServiceKind = 'ec2' | 'cloudFormation' | 'route53' | 'serviceQuotas';

export interface AccountAccessOptions {
  /** The account the provider runs in: its own role serves it directly. */
  readonly ownAccountId: string;
  /** The role to assume in other accounts of the organization; unset = serve only the own account. */
  readonly spokeRoleName?: string;
  readonly externalId?: string;
  readonly sts: Ec2Sender;
  /** Builds an EC2 client for a region, with the given credentials or the function's own. */
  readonly makeEc2: ClientFactory;
  /** CloudFormation (the stack check before any write); required by {@link AccountAccess.cloudFormationFor}. */
  readonly makeCloudFormation?: ClientFactory;
  /** Route 53 (private hosted zones of the VPC); without it those are not checked before writing. */
  readonly makeRoute53?: ClientFactory;
  /** Service Quotas (the applied VPC quotas); without it the default quotas are assumed. */
  readonly makeServiceQuotas?: ClientFactory;
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
  private readonly factories: Readonly<Record<ServiceKind, ClientFactory | undefined>>;

  constructor(private readonly options: AccountAccessOptions) {
    this.factories = { ec2: options.makeEc2, cloudFormation: options.makeCloudFormation, route53: options.makeRoute53, serviceQuotas: options.makeServiceQuotas };
  }

  /**
   * EC2 for `accountId` in `region`. For a member account the spoke role is assumed here, before any EC2 call, so a
   * missing or untrusting role fails the request before anything is read or written.
   *
   * @throws UserInputError (terminal) when no spoke role is configured or the spoke role refuses; a retryable
   * ProvisionerError when STS itself failed (throttling, an outage).
   */
  async ec2For(accountId: string, region: string, partition: string): Promise<Ec2Sender> {
    return this.clientFor('ec2', accountId, region, partition);
  }

  /**
   * CloudFormation for `accountId` in `region`, signed exactly as {@link ec2For} signs EC2 there (the spoke role is
   * assumed at most once for both), so the stack check asks the stack's own account.
   */
  async cloudFormationFor(accountId: string, region: string, partition: string): Promise<Ec2Sender> {
    if (this.factories.cloudFormation === undefined) throw new Error('AccountAccess was built without makeCloudFormation.');
    return this.clientFor('cloudFormation', accountId, region, partition);
  }

  /**
   * Another service in the same account, with the same credentials as EC2 (the spoke role there); undefined when this
   * provider was built without it.
   */
  async serviceFor(kind: Exclude<ServiceKind, 'ec2' | 'cloudFormation'>, accountId: string, region: string, partition: string): Promise<Ec2Sender | undefined> {
    return this.factories[kind] === undefined ? undefined : this.clientFor(kind, accountId, region, partition);
  }

  private async clientFor(kind: ServiceKind, accountId: string, region: string, partition: string): Promise<Ec2Sender> {
    if (accountId === this.options.ownAccountId) return this.ownClient(kind, region);
    const { spokeRoleName } = this.options;
    if (!spokeRoleName) {
      throw new UserInputError([
        `This provider serves account ${this.options.ownAccountId} only, but the stack is in account ${accountId}. To serve other accounts of the organization, deploy the provider with SpokeRoleName set and the spoke role (examples/spoke/spoke-role.yaml) in account ${accountId}.`,
      ]);
    }
    const key = `${accountId}/${region}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = new SpokeSession(`arn:${partition}:iam::${accountId}:role/${spokeRoleName}`, accountId, region, this.options, this.factories);
      this.sessions.set(key, session);
    }
    await session.client(kind);
    // Every call asks the session for its client: one handed out near the end of the credentials' lifetime still signs
    // with valid ones for the whole invocation (up to 15 minutes), renewed under it when due.
    const current = session;
    return { send: async (command) => (await current.client(kind)).send(command) };
  }

  private ownClient(kind: ServiceKind, region: string): Ec2Sender {
    const key = `${kind}/${region}`;
    let client = this.ownClients.get(key);
    if (!client) {
      client = (this.factories[kind] as ClientFactory)(region);
      this.ownClients.set(key, client);
    }
    return client;
  }
}

/** The spoke role of one account, in one region: its current credentials and the clients signed with them. */
class SpokeSession {
  private current?: { credentials: TemporaryCredentials; clients: Map<ServiceKind, Ec2Sender> };
  /** The renewal in progress, shared by the calls that need it, so calls made together assume the role once. */
  private renewal?: Promise<TemporaryCredentials>;

  constructor(
    private readonly roleArn: string,
    private readonly accountId: string,
    private readonly region: string,
    private readonly options: AccountAccessOptions,
    private readonly factories: Readonly<Record<ServiceKind, ClientFactory | undefined>>,
  ) {}

  /** The client of `kind`, renewing the credentials first when fewer than RENEW_BEFORE_MS of them remain. */
  async client(kind: ServiceKind): Promise<Ec2Sender> {
    let current = this.current;
    if (!current || current.credentials.expiration.getTime() - RENEW_BEFORE_MS <= this.options.clock.now()) {
      this.renewal ??= this.renew().finally(() => {
        this.renewal = undefined;
      });
      await this.renewal;
      current = this.current as NonNullable<SpokeSession['current']>;
    }
    let client = current.clients.get(kind);
    if (!client) {
      client = (this.factories[kind] as ClientFactory)(this.region, current.credentials);
      current.clients.set(kind, client);
    }
    return client;
  }

  private async renew(): Promise<TemporaryCredentials> {
    const credentials = await this.assumeRole();
    this.current = { credentials, clients: new Map() };
    return credentials;
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
