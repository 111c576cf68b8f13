import { hintFor } from '../../bin/hints';

const named = (name: string, message: string, code?: string) => Object.assign(new Error(message), { name, ...(code ? { code } : {}) });

describe('hintFor: one line on what to do after an SDK failure', () => {
  const previousProfile = process.env['AWS_PROFILE'];
  beforeEach(() => delete process.env['AWS_PROFILE']);
  afterAll(() => (previousProfile === undefined ? delete process.env['AWS_PROFILE'] : (process.env['AWS_PROFILE'] = previousProfile)));

  it.each([
    [named('CredentialsProviderError', 'Could not load credentials from any providers'), {}, 'No credentials were found for the default profile: log in (aws sso login, aws configure), set AWS_PROFILE or pass --profile.'],
    [named('CredentialsProviderError', 'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login'), { profile: 'dev' }, 'Your session has expired: log in again (aws sso login --profile dev, or refresh the credentials of profile dev).'],
    [named('ExpiredToken', 'The security token included in the request is expired'), {}, 'Your session has expired: log in again (aws sso login, or refresh the credentials of the default profile).'],
    [named('AuthFailure', 'AWS was not able to validate the provided access credentials'), { profile: 'dev' }, 'AWS refused the credentials of profile dev: check AWS_PROFILE or --profile (and that the keys are current).'],
    [named('UnauthorizedOperation', 'You are not authorized to perform this operation.'), {}, expect.stringMatching(/^The credentials of the default profile lack a read the preview needs: ec2:Describe\*/)],
    [named('Error', 'connect ECONNREFUSED 127.0.0.1:4566', 'ECONNREFUSED'), { endpointUrl: 'http://127.0.0.1:4566' }, 'Nothing answers at http://127.0.0.1:4566: start the simulator (npm run sim) or check --endpoint-url.'],
    [named('Error', 'getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com', 'ENOTFOUND'), {}, 'The AWS host for us-east-1 does not resolve: check --region (us-east-1) and your network or DNS.'],
    [named('TimeoutError', 'socket timed out'), {}, 'AWS did not answer in time: check your network or proxy, then retry.'],
    [named('RequestLimitExceeded', 'Request limit exceeded.'), {}, 'AWS throttled the reads (other tools share the account\'s limits): retry in a minute.'],
    [named('SomethingElse', 'surprise'), { endpointUrl: 'http://localhost:4566' }, 'Check --region (us-east-1), AWS_PROFILE or --profile and --endpoint-url http://localhost:4566.'],
  ])('%s', (error, context, hint) => {
    expect(hintFor(error, { region: 'us-east-1', ...context })).toEqual(hint);
  });

  it('names AWS_PROFILE when that is where the credentials come from', () => {
    process.env['AWS_PROFILE'] = 'payments-prod';

    expect(hintFor(named('AuthFailure', 'nope'), { region: 'us-east-1' })).toBe('AWS refused the credentials of AWS_PROFILE=payments-prod: check AWS_PROFILE or --profile (and that the keys are current).');
  });
});
