/**
 * STS as the provider meets it: AssumeRole of a spoke role in a member account, and GetCallerIdentity. Query protocol
 * (form body, XML answer), told apart from EC2 and CloudFormation on the shared server by the SigV4 credential scope's
 * service name `sts`. The credentials it hands out are remembered: a request signed with one acts as the role's account,
 * which is how calls through the spoke role reach the member account's resources in the simulator.
 *
 * Shapes: STS API Reference, "AssumeRole" and "GetCallerIdentity" (https://docs.aws.amazon.com/STS/latest/APIReference/),
 * checked against @aws-sdk/client-sts 3.1174.0 (awsQuery protocol, `<AssumeRoleResponse><AssumeRoleResult>…`).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { escapeXml } from './xml-encoder';

/** The XML namespace of every STS answer (API version 2011-06-15). */
const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** How the stand-in decides who may assume what. */
export interface StsOptions {
  /**
   * The accounts where the spoke role exists and trusts the provider: AssumeRole of a role in any other account answers
   * AccessDenied, as STS does when the role is missing or its trust policy does not name the caller (STS API Reference,
   * AssumeRole, "Errors"; STS says the same for both, so the caller cannot tell them apart).
   */
  readonly trustingAccounts: readonly string[];
  /**
   * The external ID the roles' trust policies require (condition `sts:ExternalId`); unset: none required. A wrong or
   * missing one answers AccessDenied (IAM User Guide, "Access to AWS accounts owned by third parties").
   */
  readonly externalId?: string;
  /** Now, for the credentials' Expiration; default Date.now. */
  readonly now?: () => number;
}

/** A finished STS answer. */
export interface StsAnswer {
  readonly status: number;
  readonly body: string;
  readonly action: string;
}

/** `arn:<partition>:iam::<account>:role/<path/name>`: the parts AssumeRole needs. */
const ROLE_ARN = /^arn:([a-z-]+):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/**
 * The STS stand-in of one simulator server. Credentials it issues live in memory as long as the server does.
 *
 * @example
 * const sts = new StsStandIn({ trustingAccounts: ['222233334444'] });
 * sts.answer('Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A222233334444%3Arole%2Fspoke&RoleSessionName=s', '123456789012');
 * sts.accountFor(issuedAccessKeyId); // '222233334444'
 */
export class StsStandIn {
  private readonly issued = new Map<string, { accountId: string; arn: string; userId: string }>();

  constructor(private readonly options: StsOptions) {}

  /** The account a request signed with `accessKeyId` acts as, when STS issued that key; `undefined` otherwise. */
  accountFor(accessKeyId: string): string | undefined {
    return this.issued.get(accessKeyId)?.accountId;
  }

  /** Answers one Query request (its form body) from `callerAccountId`, the account the signing key acts as. */
  answer(body: string, callerAccountId: string, signingAccessKeyId?: string): StsAnswer {
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    const requestId = randomUUID();
    if (action === 'AssumeRole') return this.assumeRole(params, callerAccountId, requestId);
    if (action === 'GetCallerIdentity') return this.callerIdentity(callerAccountId, signingAccessKeyId, requestId);
    return failure(400, 'InvalidAction', `Could not find operation ${action || '(none)'} for version 2011-06-15`, requestId, action);
  }

  private assumeRole(params: URLSearchParams, callerAccountId: string, requestId: string): StsAnswer {
    const action = 'AssumeRole';
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    // RoleSessionName: 2–64 characters of [\w+=,.@-] (API reference, AssumeRole, "Request Parameters").
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return failure(400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`, requestId, action);
    }
    const parsed = ROLE_ARN.exec(roleArn);
    if (!parsed) return failure(400, 'ValidationError', `${roleArn} is invalid`, requestId, action);
    const [, partition, accountId, roleName] = parsed as unknown as [string, string, string, string];
    const externalIdMatches = this.options.externalId === undefined || params.get('ExternalId') === this.options.externalId;
    if (!this.options.trustingAccounts.includes(accountId) || !externalIdMatches) {
      // 403 AccessDenied, the message naming the caller and the role (API reference, AssumeRole, "Errors"; the wording
      // is what STS writes in the field).
      return failure(403, 'AccessDenied', `User: arn:${partition}:iam::${callerAccountId}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, requestId, action);
    }
    // DurationSeconds: 900 to 43 200, default 3 600 (API reference, AssumeRole); the role's maximum is not modelled.
    const duration = Number(params.get('DurationSeconds') ?? '3600');
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      return failure(400, 'ValidationError', `1 validation error detected: Value '${params.get('DurationSeconds')}' at 'durationSeconds' failed to satisfy constraint`, requestId, action);
    }
    // Temporary keys start with ASIA (IAM User Guide, "Unique identifiers": ASIA is a temporary access key).
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const roleId = `AROA${randomBytes(8).toString('hex').toUpperCase()}`;
    const arn = `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
    this.issued.set(accessKeyId, { accountId, arn, userId: `${roleId}:${sessionName}` });
    const expiration = new Date((this.options.now ?? Date.now)() + duration * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const result =
      `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>` +
      `<SessionToken>${randomBytes(32).toString('base64')}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
      `<AssumedRoleUser><Arn>${escapeXml(arn)}</Arn><AssumedRoleId>${escapeXml(`${roleId}:${sessionName}`)}</AssumedRoleId></AssumedRoleUser>`;
    return success(action, result, requestId);
  }

  private callerIdentity(callerAccountId: string, accessKeyId: string | undefined, requestId: string): StsAnswer {
    // An issued key answers its role session; any other key, the account's root (the simulator knows no IAM users).
    const session = accessKeyId === undefined ? undefined : this.issued.get(accessKeyId);
    const arn = session?.arn ?? `arn:aws:iam::${callerAccountId}:root`;
    const userId = session?.userId ?? callerAccountId;
    return success('GetCallerIdentity', `<Arn>${escapeXml(arn)}</Arn><UserId>${escapeXml(userId)}</UserId><Account>${callerAccountId}</Account>`, requestId);
  }
}

function success(action: string, result: string, requestId: string): StsAnswer {
  const body =
    `<${action}Response xmlns="${STS_NAMESPACE}"><${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, body, action };
}

/** STS's error document: `<ErrorResponse><Error><Type>Sender</Type><Code>…` (the awsQuery error shape). */
function failure(status: number, code: string, message: string, requestId: string, action: string): StsAnswer {
  const body =
    `<ErrorResponse xmlns="${STS_NAMESPACE}"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status, body, action };
}
