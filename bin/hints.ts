/**
 * One line of help under an AWS or SDK error, so that `CredentialsProviderError`, `ECONNREFUSED` or `ENOTFOUND
 * sts.eu-west-1…` says what to do next: log in, pick the profile, check --endpoint-url or --region. Pure.
 */

/** Where the failed call was going, to name the flag to check. */
export interface CallContext {
  readonly region: string;
  readonly endpointUrl?: string;
  readonly profile?: string;
}

/**
 * The hint for an error the SDK threw (recognised by its name, its Node `code` or, for network failures the SDK
 * wraps, its message).
 *
 * @example
 * hintFor(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' }), { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:4566' })
 * // 'Nothing answers at http://127.0.0.1:4566: start the simulator (npm run sim) or check --endpoint-url.'
 */
export function hintFor(error: unknown, context: CallContext): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const code = typeof (error as { code?: unknown } | undefined)?.code === 'string' ? (error as { code: string }).code : '';
  const has = (...needles: string[]) => needles.some((needle) => code === needle || name === needle || message.includes(needle));
  const profile = context.profile ? `profile ${context.profile}` : process.env['AWS_PROFILE'] ? `AWS_PROFILE=${process.env['AWS_PROFILE']}` : 'the default profile';

  if (has('SSO session', 'sso login', 'Token is expired', 'token has expired', 'ExpiredToken', 'ExpiredTokenException', 'RequestExpired')) {
    return `Your session has expired: log in again (aws sso login${context.profile ? ` --profile ${context.profile}` : ''}, or refresh the credentials of ${profile}).`;
  }
  if (name === 'CredentialsProviderError' || has('Could not load credentials', 'Could not resolve credentials')) {
    return `No credentials were found for ${profile}: log in (aws sso login, aws configure), set AWS_PROFILE or pass --profile.`;
  }
  if (has('AuthFailure', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'IncompleteSignature')) {
    return `AWS refused the credentials of ${profile}: check AWS_PROFILE or --profile (and that the keys are current).`;
  }
  if (has('UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException')) {
    return `The credentials of ${profile} lack a read the preview needs: ec2:Describe*, route53:ListHostedZonesByVPC and servicequotas:GetServiceQuota (and sts:GetCallerIdentity).`;
  }
  if (has('ECONNREFUSED')) {
    return context.endpointUrl
      ? `Nothing answers at ${context.endpointUrl}: start the simulator (npm run sim) or check --endpoint-url.`
      : 'The connection was refused: check your network, proxy (HTTPS_PROXY) or AWS_ENDPOINT_URL.';
  }
  if (has('ENOTFOUND', 'EAI_AGAIN')) {
    return context.endpointUrl
      ? `The host of --endpoint-url ${context.endpointUrl} does not resolve: check --endpoint-url.`
      : `The AWS host for ${context.region} does not resolve: check --region (${context.region}) and your network or DNS.`;
  }
  if (has('ETIMEDOUT', 'TimeoutError', 'ECONNRESET', 'socket hang up', 'EHOSTUNREACH', 'ENETUNREACH')) {
    return `AWS did not answer in time: check your network or proxy${context.endpointUrl ? ` and --endpoint-url ${context.endpointUrl}` : ''}, then retry.`;
  }
  if (has('RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException')) {
    return 'AWS throttled the reads (other tools share the account\'s limits): retry in a minute.';
  }
  if (has('Region is missing', 'region is missing')) return 'No Region: pass --region, or set AWS_REGION (or a region in your profile).';
  return `Check --region (${context.region}), ${context.profile ? `--profile ${context.profile}` : 'AWS_PROFILE or --profile'}${context.endpointUrl ? ` and --endpoint-url ${context.endpointUrl}` : ''}.`;
}
