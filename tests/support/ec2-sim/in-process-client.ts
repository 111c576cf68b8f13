import type { EC2Client } from '@aws-sdk/client-ec2';

/**
 * Short-circuits an EC2Client at the start of its middleware stack: the command's name (minus
 * `Command`) and input go to the simulator, and its answer comes back as the command's output.
 * Because this runs before serialisation, signing and the retry middleware, nothing leaves the
 * process and errors reach the caller exactly as the simulator raised them.
 */
export function attachSimulator(
  client: EC2Client,
  run: (action: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>,
): void {
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const action = (context.commandName ?? '').replace(/Command$/, '');
      const output = await run(action, (args.input ?? {}) as Record<string, unknown>);
      return {
        output: { ...output, $metadata: { httpStatusCode: 200, requestId: 'simulated', attempts: 1, totalRetryDelay: 0 } },
        response: {},
      };
    },
    { step: 'initialize', name: 'ec2SimulatorShortCircuit', priority: 'high' },
  );
}
