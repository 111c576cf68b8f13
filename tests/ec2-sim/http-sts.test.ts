/**
 * The STS face of the HTTP simulator, driven by the real @aws-sdk/client-sts: what the bundle pointed at
 * `AWS_ENDPOINT_URL_STS` meets when it assumes the spoke role of a member account.
 */
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { Ec2Simulator } from '../support/ec2-sim';
import { startEc2HttpServer, type Ec2HttpServer } from '../support/ec2-sim/http';

const PROVIDER_ACCOUNT = '123456789012';
const MEMBER_ACCOUNT = '222233334444';
const UNTRUSTING_ACCOUNT = '999988887777';
const SPOKE_ROLE = (account: string) => `arn:aws:iam::${account}:role/vpce-provisioner-spoke`;

describe('STS over HTTP (Query protocol, told apart by the signing service)', () => {
  let sim: Ec2Simulator;
  let server: Ec2HttpServer;
  const destroyers: (() => void)[] = [];
  const stsClient = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = { accessKeyId: 'AKIDPROVIDER', secretAccessKey: 'x' }) => {
    const client = new STSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    destroyers.push(() => client.destroy());
    return client;
  };

  beforeEach(async () => {
    sim = new Ec2Simulator();
    server = await startEc2HttpServer(sim, { sts: { trustingAccounts: [MEMBER_ACCOUNT], externalId: 'org-secret' } });
  });

  afterEach(async () => {
    for (const destroy of destroyers.splice(0)) destroy();
    await server.close();
  });

  it('answers AssumeRole of a trusting account with temporary credentials that act as that account in EC2', async () => {
    const memberVpc = await sim.call('CreateVpc', { CidrBlock: '10.30.0.0/16' }, { accountId: MEMBER_ACCOUNT });
    await sim.call('CreateVpc', { CidrBlock: '10.0.0.0/16' }, { accountId: PROVIDER_ACCOUNT });

    const assumed = await stsClient().send(
      new AssumeRoleCommand({ RoleArn: SPOKE_ROLE(MEMBER_ACCOUNT), RoleSessionName: 'vpce-provisioner', ExternalId: 'org-secret', DurationSeconds: 3600 }),
    );

    const credentials = assumed.Credentials;
    expect(credentials?.AccessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(credentials?.SecretAccessKey).toBeTruthy();
    expect(credentials?.SessionToken).toBeTruthy();
    expect(credentials?.Expiration).toBeInstanceOf(Date);
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222233334444:assumed-role/vpce-provisioner-spoke/vpce-provisioner');
    const ec2 = new EC2Client({
      endpoint: server.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: credentials?.AccessKeyId ?? '', secretAccessKey: credentials?.SecretAccessKey ?? '', sessionToken: credentials?.SessionToken ?? '' },
    });
    destroyers.push(() => ec2.destroy());
    const vpcs = await ec2.send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs?.map((vpc) => vpc.VpcId)).toEqual([(memberVpc.Vpc as { VpcId: string }).VpcId]);
    expect(vpcs.Vpcs?.[0]?.OwnerId).toBe(MEMBER_ACCOUNT);
  });

  it('answers GetCallerIdentity with the assumed role session for issued credentials', async () => {
    const assumed = await stsClient().send(new AssumeRoleCommand({ RoleArn: SPOKE_ROLE(MEMBER_ACCOUNT), RoleSessionName: 'demo', ExternalId: 'org-secret' }));
    const { AccessKeyId, SecretAccessKey, SessionToken } = assumed.Credentials ?? {};

    const identity = await stsClient({ accessKeyId: AccessKeyId ?? '', secretAccessKey: SecretAccessKey ?? '', sessionToken: SessionToken ?? '' }).send(new GetCallerIdentityCommand({}));

    expect(identity.Account).toBe(MEMBER_ACCOUNT);
    expect(identity.Arn).toBe('arn:aws:sts::222233334444:assumed-role/vpce-provisioner-spoke/demo');
  });

  it('refuses with AccessDenied (403) a role in an account where the spoke role is not', async () => {
    const attempt = stsClient().send(new AssumeRoleCommand({ RoleArn: SPOKE_ROLE(UNTRUSTING_ACCOUNT), RoleSessionName: 'vpce-provisioner', ExternalId: 'org-secret' }));

    await expect(attempt).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(attempt).rejects.toThrow('is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::999988887777:role/vpce-provisioner-spoke');
  });

  it('refuses with AccessDenied a wrong external ID', async () => {
    const attempt = stsClient().send(new AssumeRoleCommand({ RoleArn: SPOKE_ROLE(MEMBER_ACCOUNT), RoleSessionName: 'vpce-provisioner', ExternalId: 'guessed' }));

    await expect(attempt).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('refuses a malformed role ARN with ValidationError', async () => {
    const attempt = stsClient().send(new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'vpce-provisioner', ExternalId: 'org-secret' }));

    await expect(attempt).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
  });
});
