/**
 * One CloudWatch Embedded Metric Format (EMF) record per request, so that a team can graph and alarm on the provider
 * (failures, duration, AWS calls, throttling, endpoints made and removed) without parsing log text.
 *
 * EMF is a JSON log line whose `_aws` member tells CloudWatch Logs which top-level keys are metrics (CloudWatch User
 * Guide, "Specification: Embedded metric format"); Lambda sends stdout to CloudWatch Logs, which extracts them ("Using
 * the embedded metric format with Lambda"). The few lines are written here rather than taken from a library
 * (aws-embedded-metrics, Powertools Metrics): one record per request needs no batching, no environment probing and no
 * flush, and the bundle stays as it is (README, "Operations").
 *
 * The counts come from {@link RequestTally}, which wraps each AWS client the request uses.
 */
import { Console } from 'node:console';
import { isThrottling } from '../ec2/errors';
import { actionNameOf, type Ec2Sender } from '../ec2/paced-client';

/** The CloudWatch namespace of every metric the provider publishes. Pinned: dashboards and alarms name it. */
export const METRICS_NAMESPACE = 'VpceProvisioner';

/** The AWS services the provider calls, as the record and the local tools name them. */
export type AwsServiceName = 'EC2' | 'Route 53' | 'Service Quotas' | 'CloudFormation' | 'Lambda' | 'Organizations';

/**
 * How a request ended: answered SUCCESS or FAILED; CONTINUED (handed to a fresh invocation, which answers later); or
 * UNANSWERED (no usable ResponseURL, a refused one, or an answer that could not be delivered).
 */
export type RequestOutcome = 'SUCCESS' | 'FAILED' | 'CONTINUED' | 'UNANSWERED';

/** The metrics of one record, with their CloudWatch units. Pinned: alarms and dashboards name them. */
export const REQUEST_METRICS = [
  { Name: 'Requests', Unit: 'Count' },
  { Name: 'Failures', Unit: 'Count' },
  { Name: 'Duration', Unit: 'Milliseconds' },
  { Name: 'AwsCalls', Unit: 'Count' },
  { Name: 'ThrottledCalls', Unit: 'Count' },
  { Name: 'EndpointsCreated', Unit: 'Count' },
  { Name: 'EndpointsDeleted', Unit: 'Count' },
] as const;

/**
 * Every metric is published per function and nothing finer: seven custom metrics per provider. Request type, outcome
 * and stack stay properties of the record (searchable in Logs Insights), since each dimension value would be seven
 * more billed metrics.
 */
export const REQUEST_DIMENSIONS = [['FunctionName']] as const;

/** Counts what one request asks of AWS. Wrap each client with {@link RequestTally.counting} before use. */
export class RequestTally {
  private readonly calls = new Map<AwsServiceName, number>();
  private readonly createdEndpointIds = new Set<string>();
  throttledCalls = 0;
  endpointsDeleted = 0;

  /** Counts one call that does not go through a wrapped client (the Lambda hand-over). */
  add(service: AwsServiceName): void {
    this.calls.set(service, (this.calls.get(service) ?? 0) + 1);
  }

  /**
   * The sender, counting every call it is given: each attempt, since this sits below the paced client's retries; a
   * throttled answer counts as a throttled call; endpoints count when EC2 says they were created or deleted.
   */
  counting(sender: Ec2Sender, service: AwsServiceName): Ec2Sender {
    return {
      // The SDK's send is generic over every command; `any` is the honest type at this boundary.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      send: async (command: any): Promise<any> => {
        this.add(service);
        try {
          const output = await sender.send(command);
          this.countEndpoints(actionNameOf(command), command.input, output);
          return output;
        } catch (error) {
          if (isThrottling(error)) this.throttledCalls++;
          throw error;
        }
      },
    };
  }

  /**
   * Endpoints EC2 said it made, each once: a create sent again with the same client token (its answer lost, or the
   * endpoint not yet visible) returns the same endpoint. A later invocation of the same request cannot tell either.
   */
  get endpointsCreated(): number {
    return this.createdEndpointIds.size;
  }

  get awsCalls(): number {
    return [...this.calls.values()].reduce((sum, count) => sum + count, 0);
  }

  /** Calls per service, services in a fixed order, only those called. */
  byService(): Partial<Record<AwsServiceName, number>> {
    const order: AwsServiceName[] = ['EC2', 'Route 53', 'Service Quotas', 'CloudFormation', 'Lambda'];
    return Object.fromEntries(order.filter((service) => this.calls.has(service)).map((service) => [service, this.calls.get(service)]));
  }

  private countEndpoints(action: string, input: unknown, output: unknown): void {
    if (action === 'CreateVpcEndpoint') {
      // A reused client token returns the endpoint it made before; one already deleted was not made now.
      const endpoint = (output as { VpcEndpoint?: { VpcEndpointId?: string; State?: string } } | undefined)?.VpcEndpoint;
      const state = (endpoint?.State ?? '').toLowerCase();
      if (endpoint?.VpcEndpointId !== undefined && state !== 'deleting' && state !== 'deleted') this.createdEndpointIds.add(endpoint.VpcEndpointId);
    } else if (action === 'DeleteVpcEndpoints') {
      // Per-ID failures come back in Unsuccessful, not as an error (EC2 API reference, DeleteVpcEndpoints).
      const asked = (input as { VpcEndpointIds?: unknown[] } | undefined)?.VpcEndpointIds?.length ?? 0;
      const refused = (output as { Unsuccessful?: unknown[] } | undefined)?.Unsuccessful?.length ?? 0;
      this.endpointsDeleted += Math.max(0, asked - refused);
    }
  }
}

/** What the record says about one request, besides the tally. */
export interface RequestMetricsInput {
  readonly timestampMs: number;
  readonly functionName: string;
  readonly outcome: RequestOutcome;
  readonly requestType: string;
  readonly durationMs: number;
  readonly tally: RequestTally;
  /** Searchable properties (request and stack IDs): never dimensions. */
  readonly properties?: Record<string, unknown>;
}

/**
 * The EMF record of one request.
 *
 * @example
 * requestMetricsRecord({ timestampMs: Date.now(), functionName: 'p', outcome: 'SUCCESS', requestType: 'Create', durationMs: 812, tally })
 * // { _aws: { Timestamp, CloudWatchMetrics: [{ Namespace: 'VpceProvisioner', Dimensions: [['FunctionName']], Metrics: [...] }] },
 * //   FunctionName: 'p', Outcome: 'SUCCESS', RequestType: 'Create', Requests: 1, Failures: 0, Duration: 812, ... }
 */
export function requestMetricsRecord(input: RequestMetricsInput): Record<string, unknown> {
  const { tally } = input;
  return {
    ...input.properties,
    _aws: {
      Timestamp: input.timestampMs,
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: REQUEST_DIMENSIONS.map((set) => [...set]),
          Metrics: REQUEST_METRICS.map((metric) => ({ ...metric })),
        },
      ],
    },
    FunctionName: input.functionName,
    Outcome: input.outcome,
    RequestType: input.requestType,
    AwsCallsByService: tally.byService(),
    Requests: 1,
    Failures: input.outcome === 'FAILED' || input.outcome === 'UNANSWERED' ? 1 : 0,
    Duration: Math.max(0, Math.round(input.durationMs)),
    AwsCalls: tally.awsCalls,
    ThrottledCalls: tally.throttledCalls,
    EndpointsCreated: tally.endpointsCreated,
    EndpointsDeleted: tally.endpointsDeleted,
  };
}

let rawConsole: Console | undefined;

/**
 * Writes the record as one JSON line: to `sink` when given (tests), else straight to stdout. Not through the global
 * console: under Lambda's JSON log format the runtime would nest the record under `message`, where CloudWatch does not
 * look for `_aws`; a Console of its own writes the line as it is (Lambda Developer Guide, "Using the embedded metric
 * format with Lambda"; aws-embedded-metrics-node PR #158 does the same).
 */
export function emitMetricsRecord(record: Record<string, unknown>, sink?: (line: string) => void): void {
  const line = JSON.stringify(record);
  if (sink !== undefined) {
    sink(line);
    return;
  }
  rawConsole ??= new Console({ stdout: process.stdout, stderr: process.stderr });
  rawConsole.log(line);
}

/** True for a log line that is an EMF record of this provider (for the local tools that read the handler's output). */
export function isRequestMetricsRecord(record: unknown): record is Record<string, unknown> & { AwsCallsByService: Partial<Record<AwsServiceName, number>> } {
  const metrics = (record as { _aws?: { CloudWatchMetrics?: { Namespace?: unknown }[] } } | null)?._aws?.CloudWatchMetrics;
  return Array.isArray(metrics) && metrics.some((directive) => directive.Namespace === METRICS_NAMESPACE);
}
