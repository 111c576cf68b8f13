/**
 * The README's local lifecycle, replayed: events/create.json → update.json → delete.json against one simulator, as
 * `npm run invoke -- … --endpoint-url` runs them (the bundled handler in a child process), three times over. Each run
 * gets a fresh RequestId, as CloudFormation sends each request once; `--request-id` replays one on purpose, and the
 * provider then says it met a repeated delivery.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CustomResourceEvent } from '../../lib/protocol/event';
import { startDemoSimulator, type DemoSimulator } from '../support/ec2-sim/http/demo-server';
import { formatInvokeReport, runLocalInvoke } from '../support/local-invoke';

const ROOT = resolve(__dirname, '..', '..');

function eventFile(name: 'create' | 'update' | 'delete'): CustomResourceEvent {
  return JSON.parse(readFileSync(resolve(ROOT, 'events', `${name}.json`), 'utf8')) as CustomResourceEvent;
}

/** The physical ID update.json and delete.json name: the one create.json makes. */
const PHYSICAL_ID = (JSON.parse(readFileSync(resolve(ROOT, 'events', 'delete.json'), 'utf8')) as { PhysicalResourceId: string }).PhysicalResourceId;

async function ownedSubnets(demo: DemoSimulator, physicalId: string): Promise<unknown[]> {
  const output = await demo.sim.call('DescribeSubnets', { Filters: [{ Name: 'tag:vpce-provisioner:owner', Values: [physicalId] }] });
  return output.Subnets as unknown[];
}

describe('the local lifecycle against one simulator', () => {
  let demo: DemoSimulator;
  beforeEach(async () => {
    // Short EC2 timelines: what is replayed here is the order of events, not their pace.
    demo = await startDemoSimulator({ timing: { endpointCreateMs: 100, endpointDeleteMs: 100, eniLingerMs: 50 } });
  });
  afterEach(() => demo.close());

  it('replays create → update → delete three times, every step SUCCESS, each round with new endpoints', async () => {
    const physicalId = PHYSICAL_ID;
    const s3EndpointIds: string[] = [];
    const requestIds = new Set<string>();

    for (let round = 1; round <= 3; round++) {
      const created = await runLocalInvoke(eventFile('create'), { endpointUrl: demo.url });
      const updated = await runLocalInvoke(eventFile('update'), { endpointUrl: demo.url });
      const deleted = await runLocalInvoke(eventFile('delete'), { endpointUrl: demo.url });

      for (const report of [created, updated, deleted]) {
        expect([round, report.response?.body?.Status, report.response?.body?.Reason]).toEqual([round, 'SUCCESS', undefined]);
        requestIds.add(report.requestId);
      }
      expect(created.response?.body?.PhysicalResourceId).toBe(physicalId);
      expect(updated.response?.body?.Data?.['EndpointId.secretsmanager']).toMatch(/^vpce-/);
      s3EndpointIds.push(created.response?.body?.Data?.['GatewayEndpointId.s3'] ?? '');
      expect(await ownedSubnets(demo, physicalId)).toEqual([]);
    }

    // Nine requests, nine RequestIds; and the s3 gateway endpoint, whose request parameters are the same every round, was
    // created anew each time instead of EC2 answering with the deleted one of an earlier round.
    expect(requestIds.size).toBe(9);
    expect(new Set(s3EndpointIds).size).toBe(3);
    for (const id of s3EndpointIds) expect(id).toMatch(/^vpce-/);
  }, 180_000);

  it('with --request-id of a request already played out, answers FAILED saying it is a repeated delivery and what helps', async () => {
    const first = await runLocalInvoke(eventFile('create'), { endpointUrl: demo.url, requestId: 'replayed-create-1' });
    const deleted = await runLocalInvoke(eventFile('delete'), { endpointUrl: demo.url });
    expect([first.response?.body?.Status, deleted.response?.body?.Status]).toEqual(['SUCCESS', 'SUCCESS']);

    const replay = await runLocalInvoke(eventFile('create'), { endpointUrl: demo.url, requestId: 'replayed-create-1' });

    const reason = replay.response?.body?.Reason ?? '';
    expect(replay.response?.body?.Status).toBe('FAILED');
    expect(reason).toContain('Repeated delivery of an old request (RequestId replayed-create-1): EC2 answered its CreateVpcEndpoint for s3 with ');
    expect(reason).toContain('give the event a new RequestId');
    expect(reason).not.toContain('Unexpected error');
    expect(reason).not.toContain('Retry the stack operation');
    expect(formatInvokeReport(eventFile('create'), replay)).toContain('RequestId: replayed-create-1 (from --request-id)\n');
    // What the failed replay made before noticing is the resource's: a Delete (the rollback's) removes it.
    const cleanup = await runLocalInvoke(eventFile('delete'), { endpointUrl: demo.url });
    expect(cleanup.response?.body?.Status).toBe('SUCCESS');
    expect(await ownedSubnets(demo, PHYSICAL_ID)).toEqual([]);
  }, 120_000);
});
