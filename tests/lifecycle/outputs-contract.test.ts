/**
 * The outputs a template reads with Fn::GetAtt: every one the README documents is answered on a default Create, and so
 * is every GetAtt in the examples — a missing key fails the consumer's stack ("vendor response doesn't contain … key").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENTED_OUTPUTS } from '../../lib/protocol/outputs';
import { loadCfnTemplate, type CfnValue } from '../support/cfn-yaml';
import { startScenario, type Scenario } from '../support/scenario';

const root = join(__dirname, '../..');

/** The first-column names of the README's "Outputs (`Fn::GetAtt`)" table. */
function readmeOutputNames(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('### Outputs (`Fn::GetAtt`)');
  expect(start).toBeGreaterThanOrEqual(0);
  const section = readme.slice(start).split(/\n#{2,3} /)[0] as string;
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1] as string);
}

/** Every `Fn::GetAtt` attribute read from `logicalId` anywhere in a template value. */
function attributesRead(value: CfnValue | undefined, logicalId: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => attributesRead(item, logicalId));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'Fn::GetAtt' && Array.isArray(inner) && inner[0] === logicalId ? [String(inner[1])] : attributesRead(inner, logicalId),
  );
}

describe('the documented outputs', () => {
  it('are exactly the names in the README Outputs table', () => {
    const names = readmeOutputNames();
    expect(names.length).toBeGreaterThan(0);
    expect(names).toEqual([...DOCUMENTED_OUTPUTS]);
  });
});

describe('a default Create', () => {
  let scenario: Scenario;
  let data: Record<string, string>;
  beforeAll(async () => {
    scenario = await startScenario();
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties()));
    expect(response?.body?.Status).toBe('SUCCESS');
    data = (response?.body?.Data ?? {}) as Record<string, string>;
  });
  afterAll(() => scenario.close());

  // The default services: ecr.api, ecr.dkr and logs as interface endpoints, s3 as a gateway.
  const expanded = DOCUMENTED_OUTPUTS.flatMap((name): string[] => {
    if (!name.endsWith('.<service>')) return [name];
    const prefix = name.slice(0, -'<service>'.length);
    return prefix === 'GatewayEndpointId.' || prefix === 'PrefixListId.' ? [`${prefix}s3`] : ['ecr.api', 'ecr.dkr', 'logs'].map((short) => `${prefix}${short}`);
  });

  it.each(expanded)('answers %s', (key) => {
    // An array path: a dotted string would be read as a nested path.
    expect(data).toHaveProperty([key]);
    expect(typeof data[key]).toBe('string');
  });

  it('answers the region’s managed S3 prefix list for security-group egress rules', () => {
    expect(data['PrefixListId.s3']).toBe('pl-63a5400a');
  });

  it('answers empty strings for what it has nothing to say about', () => {
    expect(data).toMatchObject({ Notes: '', ReusedEndpointIds: '', SubnetIpv6Cidrs: '' });
  });

  it.each([
    ['examples/consumer.yaml', 'Endpoints'],
    ['examples/service-catalog/product.yaml', 'VpcEndpoints'],
  ])('resolves every GetAtt of %s', (path, logicalId) => {
    const read = attributesRead(loadCfnTemplate(join(root, path)) as unknown as CfnValue, logicalId);
    expect(read.length).toBeGreaterThan(0);
    for (const attribute of read) expect(data).toHaveProperty([attribute]);
  });
});

describe('a Create with more services than 4096 bytes can answer in full', () => {
  // 30 real interface services: their DNS names alone take about 2.5 KB.
  const services = [
    'ecr.api', 'ecr.dkr', 'logs', 'secretsmanager', 'ssm', 'ssmmessages', 'ec2messages', 'ecs', 'ecs-agent', 'kms',
    'sqs', 'sns', 'monitoring', 'events', 'execute-api', 'elasticloadbalancing', 'autoscaling', 'lambda', 'states', 'ec2',
    'eks', 'eks-auth', 'rds', 'elasticfilesystem', 'kinesis-streams', 'xray', 'cloudformation', 'codebuild', 'glue', 'athena',
  ];
  let scenario: Scenario;
  let body: { Status?: string; Data?: Record<string, string> } | undefined;
  let rawBytes: number;
  beforeAll(async () => {
    scenario = await startScenario();
    const response = await scenario.invoke(scenario.cfn.createEvent(scenario.properties({ InterfaceServices: services, SubnetPrefixLength: '26' })));
    body = response?.body as typeof body;
    rawBytes = Buffer.byteLength(JSON.stringify(response?.body ?? {}), 'utf8');
  }, 60_000);
  afterAll(() => scenario.close());

  it('answers SUCCESS within 4096 bytes, dropping keys only in the README order: Notes, then DNS names from the last service back', () => {
    expect(body?.Status).toBe('SUCCESS');
    expect(rawBytes).toBeLessThanOrEqual(4096);
    const data = body?.Data ?? {};
    const readmeOrder = ['Notes', ...[...services].reverse().map((service) => `DnsName.${service}`), ...[...services].reverse().map((service) => `EndpointId.${service}`)];
    const dropped = readmeOrder.filter((key) => !(key in data));
    expect(dropped.length).toBeGreaterThan(1);
    expect(dropped).toEqual(readmeOrder.slice(0, dropped.length));
    for (const key of ['SubnetIds', 'SubnetCidrs', 'SecurityGroupId', 'EndpointIds', 'AvailabilityZoneIds', 'SubnetIpv6Cidrs', 'ReusedEndpointIds', 'GatewayEndpointId.s3', 'PrefixListId.s3']) {
      expect(data).toHaveProperty([key]);
    }
    expect(data['EndpointIds']?.split(',')).toHaveLength(31);
  });
});
