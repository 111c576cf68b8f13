/**
 * The EC2 Query protocol details the round-trip test cannot see on its own: wire names as EC2
 * documents them, errors, accounts, pagination and malformed requests.
 */
import { DescribeInstancesCommand, DescribeSubnetsCommand, paginateDescribeVpcs, type EC2Client, type Vpc } from '@aws-sdk/client-ec2';
import { accessKeyIdOf, startEc2HttpServer, type Ec2HttpServer } from '../support/ec2-sim/http';
import { localEc2Client, RecordingCore } from '../support/ec2-sim/http/fixtures/recording-core';

const DEFAULT_ACCOUNT = '123456789012';
const PARTNER_ACCOUNT = '210987654321';
const core = new RecordingCore(DEFAULT_ACCOUNT);
let server: Ec2HttpServer;
let client: EC2Client;

beforeAll(async () => {
  server = await startEc2HttpServer(core, { accountForAccessKey: (key) => (key === 'AKIDPARTNER' ? PARTNER_ACCOUNT : undefined) });
  client = localEc2Client(server.url);
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

beforeEach(() => {
  core.answer = async () => ({});
});

/** Sends a raw form body, as any Query client would, and returns status and XML. */
async function post(body: string): Promise<{ status: number; xml: string }> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { status: response.status, xml: await response.text() };
}

function serviceError(code: string, message: string, status: number): Error {
  return Object.assign(new Error(message), { name: code, $metadata: { httpStatusCode: status } });
}

describe('request decoding by the wire names EC2 documents', () => {
  it.each([
    {
      what: 'filters, id lists and numbers (DescribeVpcs)',
      body: 'Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1&Filter.1.Value.2=vpc-2&VpcId.1=vpc-1&MaxResults=5&DryRun=false',
      input: { Filters: [{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] }], VpcIds: ['vpc-1'], MaxResults: 5, DryRun: false },
    },
    {
      what: 'tag specifications (CreateSubnet)',
      body: 'Action=CreateSubnet&VpcId=vpc-1&CidrBlock=10.0.0.0%2F28&AvailabilityZoneId=use1-az1&TagSpecification.1.ResourceType=subnet&TagSpecification.1.Tag.1.Key=k&TagSpecification.1.Tag.1.Value=a%20%26%20b',
      input: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/28', AvailabilityZoneId: 'use1-az1', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'k', Value: 'a & b' }] }] },
    },
    {
      what: 'subnet and group lists, booleans, nested structures (CreateVpcEndpoint)',
      body: 'Action=CreateVpcEndpoint&VpcId=vpc-1&ServiceName=com.amazonaws.us-east-1.logs&SubnetId.1=subnet-1&SubnetId.2=subnet-2&SecurityGroupId.1=sg-1&PrivateDnsEnabled=true&DnsOptions.DnsRecordIpType=ipv4',
      input: { VpcId: 'vpc-1', ServiceName: 'com.amazonaws.us-east-1.logs', SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroupIds: ['sg-1'], PrivateDnsEnabled: true, DnsOptions: { DnsRecordIpType: 'ipv4' } },
    },
    {
      what: 'endpoint id lists (DeleteVpcEndpoints)',
      body: 'Action=DeleteVpcEndpoints&VpcEndpointId.1=vpce-1&VpcEndpointId.2=vpce-2',
      input: { VpcEndpointIds: ['vpce-1', 'vpce-2'] },
    },
    {
      what: 'rules with groups and ranges (AuthorizeSecurityGroupIngress)',
      body: 'Action=AuthorizeSecurityGroupIngress&GroupId=sg-1&IpPermissions.1.IpProtocol=tcp&IpPermissions.1.FromPort=443&IpPermissions.1.ToPort=443&IpPermissions.1.IpRanges.1.CidrIp=10.0.0.0%2F16&IpPermissions.1.Groups.1.GroupId=sg-2',
      input: { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }], UserIdGroupPairs: [{ GroupId: 'sg-2' }] }] },
    },
    {
      what: 'resources and tag keys (DeleteTags)',
      body: 'Action=DeleteTags&ResourceId.1=subnet-1&Tag.1.Key=Name',
      input: { Resources: ['subnet-1'], Tags: [{ Key: 'Name' }] },
    },
    {
      what: 'list items ordered by their index, not by arrival (DescribeSubnets)',
      body: 'Action=DescribeSubnets&SubnetId.10=subnet-j&SubnetId.2=subnet-b&SubnetId.1=subnet-a',
      input: { SubnetIds: ['subnet-a', 'subnet-b', 'subnet-j'] },
    },
    {
      what: 'parameters the model does not know are ignored (DescribeVpcs)',
      body: 'Action=DescribeVpcs&Version=2016-11-15&Bogus.1=x&vpcId.1=lower-case-is-not-the-wire-name',
      input: {},
    },
  ])('decodes $what', async ({ body, input }) => {
    const { status } = await post(body);

    expect(status).toBe(200);
    expect(core.lastCall().input).toStrictEqual(input);
  });
});

describe('response encoding under the XML names EC2 documents', () => {
  const created = new Date('2026-01-01T00:01:02.345Z');
  it.each([
    {
      action: 'DescribeVpcs',
      output: { Vpcs: [{ VpcId: 'vpc-1', IsDefault: false, CidrBlockAssociationSet: [{ CidrBlock: '10.0.0.0/16' }], Tags: [{ Key: 'k', Value: '<&>' }] }] },
      fragments: ['<vpcSet><item>', '<vpcId>vpc-1</vpcId>', '<cidrBlockAssociationSet><item><cidrBlock>10.0.0.0/16</cidrBlock></item></cidrBlockAssociationSet>', '<isDefault>false</isDefault>', '<tagSet><item><key>k</key><value>&lt;&amp;&gt;</value></item></tagSet>'],
    },
    {
      action: 'DescribeSubnets',
      output: { Subnets: [{ SubnetId: 'subnet-1', AvailableIpAddressCount: 11 }] },
      fragments: ['<subnetSet><item><subnetId>subnet-1</subnetId>', '<availableIpAddressCount>11</availableIpAddressCount>'],
    },
    {
      action: 'DescribeRouteTables',
      output: { RouteTables: [{ RouteTableId: 'rtb-1', Associations: [{ Main: true }], Routes: [{ DestinationPrefixListId: 'pl-1' }] }] },
      fragments: ['<routeTableSet><item>', '<routeTableId>rtb-1</routeTableId>', '<associationSet><item><main>true</main></item></associationSet>', '<routeSet><item><destinationPrefixListId>pl-1</destinationPrefixListId></item></routeSet>'],
    },
    {
      action: 'DescribeSecurityGroups',
      output: { SecurityGroups: [{ GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, UserIdGroupPairs: [{ GroupId: 'sg-2' }] }] }] },
      fragments: ['<securityGroupInfo><item><groupId>sg-1</groupId>', '<ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><groups><item><groupId>sg-2</groupId>'],
    },
    {
      action: 'DescribeVpcEndpoints',
      output: { VpcEndpoints: [{ VpcEndpointId: 'vpce-1', Groups: [{ GroupId: 'sg-1' }], SubnetIds: [], CreationTimestamp: created }] },
      fragments: ['<vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId>', '<subnetIdSet/>', '<groupSet><item><groupId>sg-1</groupId></item></groupSet>', '<creationTimestamp>2026-01-01T00:01:02.345Z</creationTimestamp>'],
    },
    {
      action: 'DescribeVpcEndpointServices',
      output: { ServiceNames: ['s'], ServiceDetails: [{ ServiceName: 's', ServiceType: [{ ServiceType: 'Gateway' }] }] },
      fragments: ['<serviceNameSet><item>s</item></serviceNameSet>', '<serviceDetailSet><item><serviceName>s</serviceName><serviceType><item><serviceType>Gateway</serviceType></item></serviceType>'],
    },
  ])('writes $action', async ({ action, output, fragments }) => {
    core.answer = async () => output;

    const { status, xml } = await post(`Action=${action}&Version=2016-11-15`);

    expect(status).toBe(200);
    expect(xml).toMatch(new RegExp(`^<\\?xml[^>]*>\\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>[0-9a-f-]{36}</requestId>`));
    expect(xml.endsWith(`</${action}Response>`)).toBe(true);
    expect(fragments.length).toBeGreaterThan(0);
    for (const fragment of fragments) expect(xml).toContain(fragment);
  });
});

describe('errors', () => {
  it.each([
    { code: 'InvalidSubnet.Conflict', message: "The CIDR '10.0.0.0/24' conflicts with another subnet", status: 400 },
    { code: 'InvalidVpcID.NotFound', message: "The vpc ID 'vpc-404' does not exist", status: 400 },
    { code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.', status: 403 },
    { code: 'DryRunOperation', message: 'Request would have succeeded, but DryRun flag is set.', status: 412 },
    { code: 'RequestLimitExceeded', message: 'Request limit exceeded.', status: 503 },
  ])('carries $code with its message and HTTP $status to the SDK caller', async ({ code, message, status }) => {
    core.answer = async () => {
      throw serviceError(code, message, status);
    };

    const error = await client.send(new DescribeSubnetsCommand({})).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: code, message, $metadata: { httpStatusCode: status } });
  });

  it('reads the code and status of an error that has `code` and `statusCode` but no `$metadata`', async () => {
    core.answer = async () => {
      throw Object.assign(new Error('Subnet has dependencies'), { name: 'Error', code: 'DependencyViolation', statusCode: 400 });
    };

    const error = await client.send(new DescribeSubnetsCommand({})).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'DependencyViolation', message: 'Subnet has dependencies', $metadata: { httpStatusCode: 400 } });
  });

  it('turns a bug in the core (an error with no HTTP status) into a 500 InternalError', async () => {
    core.answer = async () => {
      throw new TypeError('cannot read properties of undefined');
    };

    const error = await client.send(new DescribeSubnetsCommand({})).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'InternalError', message: 'cannot read properties of undefined', $metadata: { httpStatusCode: 500 } });
  });

  it('writes the error document EC2 writes', async () => {
    core.answer = async () => {
      throw serviceError('InvalidParameter', 'bad <value> & more', 400);
    };

    const { status, xml } = await post('Action=DescribeSubnets');

    expect(status).toBe(400);
    expect(xml).toMatch(/<Response><Errors><Error><Code>InvalidParameter<\/Code><Message>bad &lt;value&gt; &amp; more<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
  });

  it('passes an EC2 operation the core does not model to the core, which refuses it', async () => {
    core.answer = async (action) => {
      throw serviceError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
    };

    const error = await client.send(new DescribeInstancesCommand({})).catch((e: unknown) => e);

    expect(core.lastCall().action).toBe('DescribeInstances');
    expect(error).toMatchObject({ name: 'InvalidAction', $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    { what: 'the core refuses it', answer: async () => Promise.reject(serviceError('InvalidAction', 'The action FrobnicateVpc is not valid for this web service.', 400)) },
    { what: 'the core wrongly accepts it', answer: async () => ({}) },
  ])('answers InvalidAction to an action EC2 does not have when $what', async ({ answer }) => {
    core.answer = answer;

    const { status, xml } = await post('Action=FrobnicateVpc&Version=2016-11-15&Thing.1=x');

    expect(core.lastCall()).toMatchObject({ action: 'FrobnicateVpc', input: { Action: 'FrobnicateVpc', 'Thing.1': 'x' } });
    expect(status).toBe(400);
    expect(xml).toContain('<Code>InvalidAction</Code><Message>The action FrobnicateVpc is not valid for this web service.</Message>');
  });

  it.each([
    { what: 'no Action', body: 'Version=2016-11-15', code: 'MissingAction' },
    { what: 'a number that is not one', body: 'Action=DescribeVpcs&MaxResults=lots', code: 'InvalidParameterValue' },
    { what: 'a boolean that is not one', body: 'Action=DescribeVpcs&DryRun=yes', code: 'InvalidParameterValue' },
  ])('refuses a request with $what before reaching the core', async ({ body, code }) => {
    const callsBefore = core.calls.length;

    const { status, xml } = await post(body);

    expect(status).toBe(400);
    expect(xml).toContain(`<Code>${code}</Code>`);
    expect(core.calls.length).toBe(callsBefore);
  });
});

describe('accounts', () => {
  it.each([
    { accessKeyId: 'AKIDPARTNER', account: PARTNER_ACCOUNT },
    { accessKeyId: 'AKIDANYONE', account: DEFAULT_ACCOUNT },
  ])('acts as $account for access key $accessKeyId', async ({ accessKeyId, account }) => {
    const partnerClient = localEc2Client(server.url, { credentials: { accessKeyId, secretAccessKey: 'anything' }, region: 'eu-west-3' });

    await partnerClient.send(new DescribeSubnetsCommand({}));
    partnerClient.destroy();

    expect(core.lastCall().caller).toEqual({ accountId: account });
  });

  it.each([
    { what: 'a SigV4 Authorization header', authorization: 'AWS4-HMAC-SHA256 Credential=AKIDHEADER/20260101/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=00', credential: undefined, expected: 'AKIDHEADER' },
    { what: 'a presigned URL', authorization: undefined, credential: 'AKIDQUERY/20260101/eu-west-3/ec2/aws4_request', expected: 'AKIDQUERY' },
    { what: 'an unsigned request', authorization: undefined, credential: null, expected: undefined },
    { what: 'a header without a credential scope', authorization: 'Bearer token', credential: null, expected: undefined },
  ])('reads the access key id from $what', ({ authorization, credential, expected }) => {
    expect(accessKeyIdOf(authorization, credential)).toBe(expected);
  });

  it('acts as the default account for an unsigned request', async () => {
    await post('Action=DescribeSubnets');

    expect(core.lastCall().caller).toEqual({ accountId: DEFAULT_ACCOUNT });
  });
});

describe('pagination', () => {
  it('carries MaxResults and NextToken both ways, so the SDK paginator walks every page', async () => {
    const vpcs: Vpc[] = Array.from({ length: 7 }, (_, i) => ({ VpcId: `vpc-${i}` }));
    core.answer = async (_action, input) => {
      const start = Number(input.NextToken ?? 0);
      const size = Number(input.MaxResults);
      const next = start + size < vpcs.length ? String(start + size) : undefined;
      return { Vpcs: vpcs.slice(start, start + size), ...(next ? { NextToken: next } : {}) };
    };
    const callsBefore = core.calls.length;

    const seen: string[] = [];
    for await (const page of paginateDescribeVpcs({ client, pageSize: 3 }, {})) {
      seen.push(...(page.Vpcs ?? []).map((v) => v.VpcId ?? '?'));
    }

    expect(seen).toEqual(vpcs.map((v) => v.VpcId));
    expect(core.calls.slice(callsBefore).map((c) => c.input)).toEqual([{ MaxResults: 3 }, { MaxResults: 3, NextToken: '3' }, { MaxResults: 3, NextToken: '6' }]);
  });
});
