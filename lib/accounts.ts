import type { Clock } from './clock';
import { ec2ErrorCode } from './ec2/errors';
import type { Ec2Sender } from './ec2/paced-client';
import { UserInputError } from './errors';

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

/** Credentials are renewed this long before they expire, so none expires in the middle of a request. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * EC2 clients for the account a stack lives in. The account always comes from the event's StackId (never from a
 * property), so a stack can act only in its own account: in the provider's own account with the function's role, in a
 * member account through the spoke role there. Assumed credentials are cached per account for their lifetime.
 */
export class AccountAccess {
  private readonly cache = new Map<string, { credentials: TemporaryCredentials; client: Ec2Sender }>();

  constructor(private readonly options: AccountAccessOptions) {}

  async ec2For(accountId: string, region: string, partition: string): Promise<Ec2Sender> {
    if (accountId === this.options.ownAccountId) return this.ownClient(region);
    const { spokeRoleName, externalId } = this.options;
    if (!spokeRoleName) {
      throw new UserInputError([
        `This provider serves account ${this.options.ownAccountId} only, but the stack is in account ${accountId}. To serve other accounts of the organization, deploy the provider with SpokeRoleName set and the spoke role (examples/spoke/spoke-role.yaml) in account ${accountId}.`,
      ]);
    }
    const key = `${accountId}/${region}`;
    const cached = this.cache.get(key);
    if (cached && cached.credentials.expiration.getTime() - RENEW_BEFORE_MS > this.options.clock.now()) return cached.client;

    const roleArn = `arn:${partition}:iam::${accountId}:role/${spokeRoleName}`;
    // Loaded on first use: most invocations serve the provider's own account and never need STS (a faster cold start).
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    let output;
    try {
      output = await this.options.sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'vpce-provisioner', ExternalId: externalId || undefined, DurationSeconds: 3600 }),
      );
    } catch (error) {
      throw new UserInputError([
        `Could not assume ${roleArn} (${ec2ErrorCode(error) ?? 'error'}: ${error instanceof Error ? error.message : String(error)}). The platform team must deploy the spoke role (examples/spoke/spoke-role.yaml, for example as a StackSet) in account ${accountId}, trusting this provider's role with the configured external ID.`,
      ]);
    }
    const raw = output.Credentials;
    if (!raw?.AccessKeyId || !raw.SecretAccessKey || !raw.SessionToken || !raw.Expiration) {
      throw new Error(`AssumeRole of ${roleArn} returned no credentials.`);
    }
    const credentials: TemporaryCredentials = {
      accessKeyId: raw.AccessKeyId,
      secretAccessKey: raw.SecretAccessKey,
      sessionToken: raw.SessionToken,
      expiration: new Date(raw.Expiration),
    };
    const client = this.options.makeEc2(region, credentials);
    this.cache.set(key, { credentials, client });
    return client;
  }

  private readonly ownClients = new Map<string, Ec2Sender>();

  private ownClient(region: string): Ec2Sender {
    let client = this.ownClients.get(region);
    if (!client) {
      client = this.options.makeEc2(region);
      this.ownClients.set(region, client);
    }
    return client;
  }
}
