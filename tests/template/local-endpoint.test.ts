/**
 * template.yaml declares AWS_ENDPOINT_URL empty (no parameter can set it): set by `sam local invoke --env-vars`, every
 * client the handler makes sends its calls there; empty, as always when deployed, the SDK must call each service at its
 * own endpoint as if the variable were absent. (@smithy/core's getEndpointUrlConfig reads AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL,
 * each only when non-empty.)
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ListHostedZonesByVPCCommand, Route53Client } from '@aws-sdk/client-route-53';
import { ListParentsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetServiceQuotaCommand, ServiceQuotasClient } from '@aws-sdk/client-service-quotas';

/** The variables that could redirect a client; each test sets AWS_ENDPOINT_URL alone. */
const ENDPOINT_VARIABLES = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_CLOUDFORMATION', 'AWS_ENDPOINT_URL_ROUTE_53', 'AWS_ENDPOINT_URL_SERVICE_QUOTAS', 'AWS_ENDPOINT_URL_ORGANIZATIONS'];

/** Any of the four clients, seen through the EC2 client's type: only the middleware stack, send and destroy are used. */
type AnyClient = Pick<EC2Client, 'middlewareStack' | 'destroy'> & { send(command: never): Promise<unknown> };
const anyClient = (client: object): AnyClient => client as AnyClient;

const CLIENT_CONFIG = { region: 'eu-west-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }, maxAttempts: 1 };

/** The four services the handler calls, each with one of the calls it makes. */
const SERVICES: { name: string; call: () => { client: AnyClient; command: object }; regionalHost: string }[] = [
  { name: 'EC2', call: () => ({ client: new EC2Client(CLIENT_CONFIG), command: new DescribeVpcsCommand({}) }), regionalHost: 'ec2.eu-west-1.amazonaws.com' },
  {
    name: 'CloudFormation',
    call: () => ({ client: anyClient(new CloudFormationClient(CLIENT_CONFIG)), command: new DescribeStacksCommand({ StackName: 'net' }) }),
    regionalHost: 'cloudformation.eu-west-1.amazonaws.com',
  },
  {
    name: 'Route 53',
    call: () => ({ client: anyClient(new Route53Client(CLIENT_CONFIG)), command: new ListHostedZonesByVPCCommand({ VPCId: 'vpc-0a08ff49b6f772632', VPCRegion: 'eu-west-1' }) }),
    regionalHost: 'route53.amazonaws.com',
  },
  {
    name: 'Service Quotas',
    call: () => ({ client: anyClient(new ServiceQuotasClient(CLIENT_CONFIG)), command: new GetServiceQuotaCommand({ ServiceCode: 'vpc', QuotaCode: 'L-29B6F2EB' }) }),
    regionalHost: 'servicequotas.eu-west-1.amazonaws.com',
  },
  {
    // Global: a client made for any Region of the partition calls the partition's one endpoint (the SDK's endpoint
    // rules, implicitGlobalRegion), as "Quotas for AWS Organizations" says Organizations is hosted in us-east-1.
    name: 'Organizations',
    call: () => ({ client: anyClient(new OrganizationsClient(CLIENT_CONFIG)), command: new ListParentsCommand({ ChildId: '444455556666' }) }),
    regionalHost: 'organizations.us-east-1.amazonaws.com',
  },
];

/** The host a call would be sent to with this AWS_ENDPOINT_URL, captured before anything leaves the process. */
async function hostWith(endpointUrl: string | undefined, make: () => { client: AnyClient; command: object }): Promise<string> {
  const saved = new Map(ENDPOINT_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of ENDPOINT_VARIABLES) delete process.env[name];
  if (endpointUrl !== undefined) process.env['AWS_ENDPOINT_URL'] = endpointUrl;
  const { client, command } = make();
  client.middlewareStack.add(
    (_next, _context) => async (args) => {
      throw Object.assign(new Error('captured'), { host: (args.request as { hostname?: string }).hostname });
    },
    { step: 'finalizeRequest', name: 'captureHost' },
  );
  try {
    await client.send(command as never);
    throw new Error('the request was not captured');
  } catch (error) {
    return (error as { host?: string }).host ?? '';
  } finally {
    client.destroy();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('AWS_ENDPOINT_URL (declared empty in template.yaml, set by sam local invoke --env-vars)', () => {
  it.each(SERVICES)('empty, as deployed, leaves $name at its own endpoint', async ({ call, regionalHost }) => {
    expect(await hostWith('', call)).toBe(regionalHost);
    expect(await hostWith(undefined, call)).toBe(regionalHost);
  });

  it.each(SERVICES)('set, as for sam local invoke, sends $name calls there', async ({ call }) => {
    expect(await hostWith('http://host.docker.internal:4566', call)).toBe('host.docker.internal');
  });
});
