/**
 * The offline demo: the bundled handler (dist/index.js, built by `npm run demo`) runs Create → Update → Delete against
 * the HTTP EC2 simulator, answering a local CloudFormation stand-in. No credentials, no network beyond 127.0.0.1.
 * Exits non-zero if any step does not answer SUCCESS. With `--centralised`, the hub-and-consumers demo instead.
 */
import type { CustomResourceEvent } from '../lib/protocol/event';
import { invokeBundle } from '../tests/support/bundle-runner';
import { formatCallsByService, serviceCallsOf } from '../tests/support/calls-by-service';
import { CloudFormationDriver, type RecordedResponse } from '../tests/support/cfn-driver';
import { startDemoSimulator, type DemoSimulator } from '../tests/support/ec2-sim/http/demo-server';
import { playCentralisedDemo } from './demo-centralised';

interface Step {
  readonly title: string;
  readonly event: CustomResourceEvent;
}

async function main(): Promise<number> {
  const demo = await startDemoSimulator();
  const cfn = await CloudFormationDriver.start();
  try {
    console.log(`EC2 simulator on ${demo.url}; CloudFormation stand-in on ${cfn.baseUrl}`);
    console.log(`Demo VPC ${demo.world.vpcId}: ${demo.world.appSubnetIds.length} app subnets in ${Object.keys(demo.world.appSubnetIdsByAz).length} AZs, a secondary CIDR block, and another team's sts endpoint (${demo.world.foreignEndpointId}).\n`);

    const createProps = { VpcId: demo.world.vpcId, SubnetIds: demo.world.appSubnetIds, Tags: [{ Key: 'team', Value: 'platform' }] };
    const createResponse = await runStep(demo, cfn, { title: 'Create (ecr.api, ecr.dkr, logs + s3 gateway)', event: cfn.createEvent(createProps) });
    if (createResponse?.body?.Status !== 'SUCCESS') return 1;
    const physicalId = createResponse.body.PhysicalResourceId;

    // The team grows into a fourth AZ and wants Secrets Manager too.
    const grown = await demo.sim.call('CreateSubnet', { VpcId: demo.world.vpcId, CidrBlock: '10.0.96.0/20', AvailabilityZoneId: 'use1-az6' });
    const newSubnetId = (grown.Subnet as { SubnetId: string }).SubnetId;
    const updateProps = { ...createProps, SubnetIds: [...demo.world.appSubnetIds, newSubnetId], InterfaceServices: ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] };
    const updateResponse = await runStep(demo, cfn, {
      title: `Update (add secretsmanager, and AZ use1-az6 through ${newSubnetId})`,
      event: cfn.updateEvent(physicalId, updateProps, createProps),
    });
    if (updateResponse?.body?.Status !== 'SUCCESS') return 1;

    const deleteResponse = await runStep(demo, cfn, { title: 'Delete', event: cfn.deleteEvent(physicalId, updateProps) });
    if (deleteResponse?.body?.Status !== 'SUCCESS') return 1;

    const foreign = await demo.sim.call('DescribeVpcEndpoints', { VpcEndpointIds: [demo.world.foreignEndpointId] });
    const state = (foreign.VpcEndpoints as { State?: string }[] | undefined)?.[0]?.State;
    console.log(`Another team's endpoint ${demo.world.foreignEndpointId} is still ${state}: nothing that was not created here was touched.`);
    return 0;
  } finally {
    await cfn.close();
    await demo.close();
  }
}

async function runStep(demo: DemoSimulator, cfn: CloudFormationDriver, step: Step): Promise<RecordedResponse | undefined> {
  const callsBefore = demo.sim.calls.length;
  const cloudFormationCallsBefore = cfn.stacks.calls.length;
  const startedAt = Date.now();
  const run = await invokeBundle(step.event, { ec2EndpointUrl: demo.url, cloudFormationEndpointUrl: cfn.baseUrl });
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const response = cfn.responseFor(step.event);
  // Per service: the simulator answers EC2, Route 53 and Service Quotas; the stand-in, the stack check's CloudFormation calls.
  const calls = serviceCallsOf(demo.sim.calls.slice(callsBefore), cfn.stacks.calls.slice(cloudFormationCallsBefore));
  console.log(`== ${step.title}`);
  console.log(`   answer: ${response?.body?.Status ?? 'none'}${response?.body?.Reason ? ` — ${response.body.Reason}` : ''}`);
  console.log(`   physical ID: ${response?.body?.PhysicalResourceId ?? '-'}`);
  const data = response?.body?.Data;
  if (data && data['AvailabilityZoneIds']) printTable(data, await endpointInterfacesBySubnet(demo, data['SubnetIds']?.split(',') ?? []));
  console.log(formatCallsByService(calls, '   ').join('\n'));
  const finished = run.logLines.map((line) => JSON.parse(line) as { message?: string; maxRssMiB?: number }).find((record) => record.message === 'invocation finished');
  console.log(`   time: ${seconds} s, peak memory ${finished?.maxRssMiB ?? '?'} MiB${run.exitCode === 0 ? '' : ` (handler exited ${run.exitCode}: ${run.stderr.trim()})`}\n`);
  return response;
}

/** How many endpoint network interfaces each endpoint subnet holds, as EC2 sees it. */
async function endpointInterfacesBySubnet(demo: DemoSimulator, subnetIds: string[]): Promise<Map<string, number>> {
  const output = await demo.sim.call('DescribeNetworkInterfaces', { Filters: [{ Name: 'subnet-id', Values: subnetIds }] });
  const counts = new Map<string, number>();
  for (const eni of (output.NetworkInterfaces ?? []) as { SubnetId?: string }[]) counts.set(eni.SubnetId ?? '', (counts.get(eni.SubnetId ?? '') ?? 0) + 1);
  return counts;
}

function printTable(data: Record<string, string>, eniCounts: ReadonlyMap<string, number>): void {
  const azIds = data['AvailabilityZoneIds']?.split(',') ?? [];
  const cidrs = data['SubnetCidrs']?.split(',') ?? [];
  const subnets = data['SubnetIds']?.split(',') ?? [];
  const interfaceEndpoints = Object.entries(data)
    .filter(([key]) => key.startsWith('EndpointId.'))
    .map(([key, id]) => `${key.slice('EndpointId.'.length)}=${id}`);
  const rows = azIds.map((azId, index) => [azId, cidrs[index] ?? '', subnets[index] ?? '', (eniCounts.get(subnets[index] ?? '') ?? 0).toString()]);
  const header = ['AZ ID', 'carved CIDR', 'endpoint subnet', 'endpoint ENIs'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => `   ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(`   security group: ${data['SecurityGroupId']}`);
  console.log(`   interface endpoints (in every AZ that offers the service): ${interfaceEndpoints.join(', ')}`);
  const gateways = Object.entries(data).filter(([key]) => key.startsWith('GatewayEndpointId.'));
  const gatewayText = ([key, id]: [string, string]) => {
    const service = key.slice('GatewayEndpointId.'.length);
    const prefixList = data[`PrefixListId.${service}`];
    return `${service}=${id}${prefixList ? ` (prefix list ${prefixList})` : ''}`;
  };
  if (gateways.length > 0) console.log(`   gateway endpoints (on the app subnets' route tables): ${gateways.map(gatewayText).join(', ')}`);
  if (data['Notes']) console.log(`   notes: ${data['Notes']}`);
}

// `npm run demo -- --centralised` plays a hub and its consumers instead (scripts/demo-centralised.ts).
(process.argv.includes('--centralised') ? playCentralisedDemo() : main()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
