/**
 * A differential check: the same sequence of EC2 calls (sequence/) sent to the project's HTTP simulator and to
 * moto_server, their answers compared by shape as the SDK parses them, by outcome, and by what each step observes.
 * Every difference must be one of KNOWN_DIFFERENCES, and every one of those must still happen: a new difference is
 * either a simulator bug or a moto quirk to name there, and a vanished one an entry to drop.
 */
import { Ec2Simulator, VirtualClock } from '../../support/ec2-sim';
import { startEc2HttpServer, type Ec2HttpServer } from '../../support/ec2-sim/http';
import { startMotoServer, type MotoServer } from '../../support/moto-server';
import { CALL_SEQUENCE, type Clients } from './sequence';
import { destroyClients, localClients, runDifferential, type DifferentialResult } from './differential-run';
import { explains, KNOWN_DIFFERENCES } from './known-differences';

/** Between two steps the simulator's clock moves this far, so that its token buckets refill as EC2's would between calls. */
const STEP_GAP_MS = 4_000;

describe("the simulator and moto answer the provider's EC2 calls alike, but for the known differences", () => {
  let moto: MotoServer;
  let server: Ec2HttpServer;
  let result: DifferentialResult;
  const clock = new VirtualClock();
  const clients: Clients[] = [];
  beforeAll(async () => {
    moto = await startMotoServer();
    server = await startEc2HttpServer(new Ec2Simulator({ clock }));
    clients.push(localClients(server.url), localClients(moto.url));
    result = await runDifferential(
      CALL_SEQUENCE,
      { clients: clients[0] as Clients, wait: (ms) => clock.advance(ms + STEP_GAP_MS) },
      { clients: clients[1] as Clients, wait: () => undefined },
    );
  });
  afterAll(async () => {
    clients.forEach(destroyClients);
    await server?.close();
    await moto?.stop();
  });

  it('sends every step to both, and both answer the world-building calls', () => {
    expect(result.transcript.map((line) => line.step)).toEqual(CALL_SEQUENCE.map((step) => step.name));
    const world = result.transcript.slice(0, result.transcript.findIndex((line) => line.step === 'DescribeVpcs'));
    expect(world.filter((line) => line.sim !== 'ok' || line.moto !== 'ok')).toEqual([]);
  });

  it('differs only where KNOWN_DIFFERENCES says', () => {
    if (process.env['CONFORMANCE_PRINT'] === '1') console.log(JSON.stringify(result, null, 1));
    const unexplained = result.differences.filter((difference) => !KNOWN_DIFFERENCES.some((entry) => explains(entry, difference)));

    expect(unexplained).toEqual([]);
  });

  it('still differs wherever KNOWN_DIFFERENCES says (an entry that no longer happens is dropped)', () => {
    const stale = KNOWN_DIFFERENCES.filter((entry) => !result.differences.some((difference) => explains(entry, difference)));

    expect(stale).toEqual([]);
  });

  it('names each step once, and each known difference once', () => {
    const names = CALL_SEQUENCE.map((step) => step.name);
    const keys = KNOWN_DIFFERENCES.map((entry) => `${entry.step} ${entry.path} ${entry.sim} ${entry.moto}`);

    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });
});
