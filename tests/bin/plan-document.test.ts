import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import type { CliDependencies } from '../../bin/dependencies';
import type { PlanDocument } from '../../bin/document';
import { writeFailure } from '../../bin/output';
import type { Ec2Simulator } from '../support/ec2-sim';
import { startScenario, type Scenario } from '../support/scenario';
import { runCliAgainst } from './support/run-cli';

const SCHEMA = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'plan.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(SCHEMA);

/** runCli against the scenario's simulator, in us-east-1 by default, with the files given; Price List access denied. */
function run(sim: Ec2Simulator, argv: string[], files: Record<string, unknown> = {}, overrides: Partial<CliDependencies> = {}) {
  return runCliAgainst(sim, argv, {
    defaultRegion: async () => 'us-east-1',
    makePriceListReader: () => ({
      read: async () => Promise.reject(Object.assign(new Error('User is not authorized to perform: pricing:GetProducts'), { name: 'AccessDeniedException' })),
      destroy: () => undefined,
    }),
    readFile: (path) => {
      if (!(path in files)) throw new Error(`ENOENT: ${path}`);
      return JSON.stringify(files[path]);
    },
    ...overrides,
  });
}

/** The document, checked against docs/plan.schema.json (every key present, nothing else). */
function documentOf(stdout: string): PlanDocument {
  const document = JSON.parse(stdout) as PlanDocument;
  const valid = validate(document);
  if (!valid) throw new Error(`not valid against docs/plan.schema.json: ${JSON.stringify(validate.errors, null, 2)}`);
  return document;
}

describe('plan --json: one document for every outcome, valid against docs/plan.schema.json', () => {
  let scenario: Scenario;
  let create: string[];
  beforeEach(async () => {
    scenario = await startScenario();
    create = ['plan', '--vpc', scenario.world.vpcId, '--subnets', scenario.world.appSubnetIds.join(','), '--region', 'us-east-1', '--json'];
  });
  afterEach(() => scenario.close());

  it('a Create with changes: outcome changes, exit 0, or 2 with --detailed-exitcode', async () => {
    const plain = await run(scenario.sim, create);
    const detailed = await run(scenario.sim, [...create, '--detailed-exitcode']);

    expect(plain.code).toBe(0);
    expect(detailed.code).toBe(2);
    const document = documentOf(detailed.stdout);
    expect(document).toMatchObject({ formatVersion: '1.2', outcome: 'changes', exitCode: 2, wouldSucceed: true, summary: { add: 8, change: 0, destroy: 0 } });
    expect(documentOf(plain.stdout).exitCode).toBe(0);
    expect(document.skippedReads).toEqual([]);
    expect(document.error).toBeNull();
    expect(document.hub).toBeNull();
    expect(document.cost).toMatchObject({ source: { kind: 'table', asOf: '2026-12-06', fallbackReason: null }, planned: { interfaceEndpointAzs: 9, endpointHours: 65.7 }, change: 65.7 });
  });

  it('no changes: outcome no-changes and exit 0, with --detailed-exitcode too', async () => {
    const properties = scenario.properties();
    await scenario.invoke(scenario.cfn.createEvent(properties));

    const result = await run(scenario.sim, ['plan', '--properties', 'p.json', '--stack-id', scenario.cfn.stackId(), '--json', '--detailed-exitcode'], { 'p.json': properties });

    expect(result.code).toBe(0);
    expect(documentOf(result.stdout)).toMatchObject({ outcome: 'no-changes', exitCode: 0, changes: [], actions: [], summary: { add: 0, change: 0, destroy: 0 }, cost: { change: 0 } });
  });

  it('would fail: outcome would-fail and exit 3, the plan keys empty, each problem once', async () => {
    const result = await run(scenario.sim, [...create, '--prefix-length', '29', '--interface-services', 'secretmanager']);

    expect(result.code).toBe(3);
    const document = documentOf(result.stdout);
    expect(document).toMatchObject({ outcome: 'would-fail', exitCode: 3, wouldSucceed: false, failedAt: 'properties', endpointSubnets: [], changes: [], cost: null });
    expect(document.problems).toEqual([{ about: 'properties', text: expect.stringMatching(/^SubnetPrefixLength must be an integer from 16 to 28/) }]);
  });

  it('a hub: its zones and records, private DNS off, who may consume, and the zones in the cost', async () => {
    const result = await run(scenario.sim, [...create, '--dns-mode', 'HostedZones', '--interface-services', 'ecr.dkr,logs', '--gateway-services', '', '--allowed-consumers', 'Organization']);

    expect(result.code).toBe(0);
    const document = documentOf(result.stdout);
    expect(document.interfaceEndpoints.map((endpoint) => endpoint.privateDnsEnabled)).toEqual([false, false]);
    expect(document.hub).toMatchObject({
      hubId: `arn:aws:ec2:us-east-1:${scenario.sim.accountId}:vpc/${scenario.world.vpcId}`,
      allowedConsumerTags: [{ key: 'vpce-provisioner:allowed-consumers', value: 'Organization' }],
      hostedZones: { current: 0, planned: 2 },
    });
    expect(document.hub?.zones.map((zone) => [zone.status, zone.service, zone.zoneName, zone.zoneId])).toEqual([
      ['new', 'ecr.dkr', 'dkr.ecr.us-east-1.amazonaws.com', null],
      ['new', 'logs', 'logs.us-east-1.amazonaws.com', null],
    ]);
    expect(document.changes.filter((change) => change.resource === 'hosted zone').map((change) => change.concerns)).toEqual(['ecr.dkr', 'logs']);
    // 6 endpoint-AZs × 730 h × $0.01 = $43.80, plus 2 zones × $0.50.
    expect(document.cost?.planned).toEqual({ interfaceEndpointAzs: 6, endpointHours: 43.8, dataProcessing: null, hostedZones: 2, hostedZoneMonths: 1, total: 44.8 });
  });

  it('a hub whose zones cannot be named: outcome would-fail and exit 3, naming the service', async () => {
    const result = await run(scenario.sim, [...create, '--dns-mode', 'HostedZones', '--interface-services', 'logs,dynamodb', '--gateway-services', '']);

    expect(result.code).toBe(3);
    const document = documentOf(result.stdout);
    expect(document).toMatchObject({ outcome: 'would-fail', failedAt: 'preconditions', hub: null, changes: [] });
    expect(document.problems.map((problem) => problem.text).join('\n')).toMatch(/no hosted zone can be named for it.*"dynamodb"|"dynamodb".*no hosted zone can be named for it/);
  });

  it('could not preview: outcome error and exit 1, the error and its hint in the document', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });

    const result = await run(scenario.sim, [...create, '--endpoint-url', 'http://127.0.0.1:4566'], {}, { makeEc2: () => ({ send: async () => Promise.reject(refused) }) });

    expect(result.code).toBe(1);
    expect(documentOf(result.stdout)).toMatchObject({
      outcome: 'error',
      exitCode: 1,
      region: 'us-east-1',
      requestType: null,
      problems: [],
      error: { kind: 'aws', name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:4566', hint: 'Nothing answers at http://127.0.0.1:4566: start the simulator (npm run sim) or check --endpoint-url.' },
    });
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  it('usage error: outcome usage-error and exit 64, in the same envelope', async () => {
    const result = await run(scenario.sim, [...create.filter((arg) => arg !== 'us-east-1' && arg !== '--region'), '--region', 'us-est-1']);

    expect(result.code).toBe(64);
    expect(documentOf(result.stdout)).toMatchObject({ outcome: 'usage-error', exitCode: 64, error: { kind: 'usage', message: expect.stringContaining('Did you mean us-east-1?') } });
  });

  it('an Update that drops a service and an AZ: deletions named in every section, the Plan line, and the cost change', async () => {
    const oldProperties = scenario.properties({ Tags: [{ Key: 'team', Value: 'platform' }] });
    await scenario.invoke(scenario.cfn.createEvent(oldProperties));
    const [keptAz, secondAz, droppedAz] = Object.keys(scenario.world.appSubnetIdsByAz).sort();
    const newProperties = scenario.properties({
      SubnetIds: [...(scenario.world.appSubnetIdsByAz[keptAz as string] ?? []), ...(scenario.world.appSubnetIdsByAz[secondAz as string] ?? [])],
      InterfaceServices: ['ecr.api', 'ecr.dkr'],
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    const files = { 'old.json': oldProperties, 'new.json': newProperties };
    const argv = ['plan', '--properties', 'new.json', '--old-properties', 'old.json', '--stack-id', scenario.cfn.stackId(), '--gb-per-month', '100'];
    scenario.sim.resetCallLog();

    const text = await run(scenario.sim, argv, files);
    const json = await run(scenario.sim, [...argv, '--json'], files);

    const document = documentOf(json.stdout);
    const logs = document.interfaceEndpoints.find((endpoint) => endpoint.shortName === 'logs');
    const dropped = document.endpointSubnets.find((subnet) => subnet.azId === droppedAz);
    expect(logs).toMatchObject({ status: 'deleted', endpointId: expect.stringMatching(/^vpce-/), azIds: [keptAz, secondAz, droppedAz] });
    expect(dropped).toMatchObject({ status: 'deleted', subnetId: expect.stringMatching(/^subnet-/), addresses: null });
    // A kept /28: 11 usable; the three endpoints' interfaces there now become two (ecr.api, ecr.dkr).
    expect(document.endpointSubnets.find((subnet) => subnet.azId === keptAz)).toMatchObject({ status: 'kept', addresses: { usable: 11, used: 2, free: 9 } });
    expect(document.changes.filter((change) => change.marker === '~').map((change) => `${change.resource} ${change.concerns}`)).toEqual([
      'security group of the endpoints',
      'interface endpoint ecr.api',
      'interface endpoint ecr.dkr',
      'gateway endpoint s3',
    ]);
    expect(document.summary).toEqual({ add: 0, change: 4, destroy: 2 });
    expect(document.changes.filter((change) => change.marker === '-')).toEqual([
      { marker: '-', resource: 'interface endpoint', concerns: 'logs', id: logs?.endpointId, detail: `com.amazonaws.us-east-1.logs in ${keptAz}, ${secondAz}, ${droppedAz} (available)` },
      { marker: '-', resource: 'endpoint subnet', concerns: droppedAz, id: dropped?.subnetId, detail: dropped?.cidr },
    ]);
    // 9 endpoint-AZs now (3 services × 3 AZs), 4 after (2 × 2): 730 h × $0.01 each, and 100 GB × $0.01.
    expect(document.cost).toMatchObject({ current: { interfaceEndpointAzs: 9, total: 66.7 }, planned: { interfaceEndpointAzs: 4, total: 30.2 }, change: -36.5 });
    expect(text.stdout).toContain(`\n  - interface endpoint logs `);
    expect(text.stdout).toMatch(new RegExp(`^  -  logs +${logs?.endpointId} \\(deleted\\) +com\\.amazonaws\\.us-east-1\\.logs +leaves ${keptAz}, ${secondAz}, ${droppedAz}$`, 'm'));
    expect(text.stdout).toMatch(new RegExp(`^  -  ${droppedAz} +${dropped?.cidr?.replace(/\./g, '\\.')} +${dropped?.subnetId} \\(deleted\\)$`, 'm'));
    expect(text.stdout).toContain('  change: -$36.50 a month\n');
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('Plan: 0 to add, 4 to change, 2 to destroy.');
    expect(scenario.sim.calls.filter((call) => call.mutating)).toEqual([]);
  });

  it('--pricing live falls back to the table when the Price List is denied, and says why', async () => {
    const result = await run(scenario.sim, [...create, '--pricing', 'live']);

    expect(result.code).toBe(0);
    expect(documentOf(result.stdout).cost?.source).toEqual({
      kind: 'table',
      asOf: '2026-12-06',
      fallbackReason: 'AccessDeniedException: User is not authorized to perform: pricing:GetProducts (live prices need pricing:GetProducts and a route to api.pricing.us-east-1.amazonaws.com)',
    });
  });
});

describe('plan --json when the CLI itself fails', () => {
  it('still prints the one document, the error said to be a bug', () => {
    let stdout = '';
    let stderr = '';
    const terminal = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };

    writeFailure(terminal, { json: true, exitCode: 1, error: { kind: 'internal', name: 'TypeError', message: 'x is undefined', hint: 'This is a bug of vpce-provisioner: please report it with the command line.' } });

    expect(documentOf(stdout)).toMatchObject({ outcome: 'error', exitCode: 1, error: { kind: 'internal', name: 'TypeError' } });
    expect(stderr).toBe('vpce-provisioner: unexpected error: TypeError: x is undefined\nThis is a bug of vpce-provisioner: please report it with the command line.\n');
  });
});
