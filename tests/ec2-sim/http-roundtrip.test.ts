/**
 * Every operation round-trips through the real SDK client and the HTTP server: the request the core
 * receives equals the command's input, and the response the SDK returns equals the core's output.
 */
import * as ec2 from '@aws-sdk/client-ec2';
import { findOperationShapes, startEc2HttpServer, type Ec2HttpServer } from '../support/ec2-sim/http';
import { CORE_OPERATION_FIXTURES } from '../support/ec2-sim/http/fixtures/core-operations';
import { localEc2Client, RecordingCore } from '../support/ec2-sim/http/fixtures/recording-core';
import { sampleFor } from '../support/ec2-sim/http/schema-samples';

const core = new RecordingCore();
let server: Ec2HttpServer;
let client: ec2.EC2Client;

beforeAll(async () => {
  server = await startEc2HttpServer(core);
  client = localEc2Client(server.url);
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

function withoutMetadata(output: Record<string, unknown>): Record<string, unknown> {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}

describe.each(CORE_OPERATION_FIXTURES)('$action over HTTP (rich fixture)', (fixture) => {
  it('hands the core the same action and input the SDK command was built with', async () => {
    core.answer = async () => fixture.output;

    await fixture.send(client);

    expect(core.lastCall().action).toBe(fixture.action);
    expect(core.lastCall().input).toStrictEqual(fixture.input);
  });

  it("gives the SDK caller exactly the core's output", async () => {
    core.answer = async () => fixture.output;

    const output = await fixture.send(client);

    expect(withoutMetadata(output)).toStrictEqual(fixture.output);
  });
});

/** Every operation of the SDK's model, not only the ones the core implements: proves nothing is hand-listed. */
const ALL_ACTIONS = Object.keys(ec2)
  .filter((name) => name.endsWith('Command') && name !== '$Command')
  .map((name) => name.slice(0, -'Command'.length));

describe('every operation in the SDK model, every member filled', () => {
  it('covers the whole model (sanity check on the discovery above)', () => {
    expect(ALL_ACTIONS.length).toBeGreaterThan(700);
    expect(ALL_ACTIONS).toEqual(expect.arrayContaining(CORE_OPERATION_FIXTURES.map((f) => f.action)));
  });

  it.each(ALL_ACTIONS)('%s round-trips its input and output', async (action) => {
    const shapes = findOperationShapes(action);
    if (!shapes) throw new Error(`no schema for ${action}`);
    const input = sampleFor(shapes.input);
    const expectedOutput = sampleFor(shapes.output);
    core.answer = async () => expectedOutput;
    const Command = (ec2 as unknown as Record<string, new (input: object) => object>)[`${action}Command`];
    if (!Command) throw new Error(`no command class for ${action}`);

    const output = (await client.send(new Command(input) as never)) as unknown as Record<string, unknown>;

    expect(core.lastCall()).toMatchObject({ action });
    expect(core.lastCall().input).toStrictEqual(input);
    expect(withoutMetadata(output)).toStrictEqual(expectedOutput);
  });
});
