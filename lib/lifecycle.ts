import type { Context } from 'aws-lambda';
import type { Clock } from './clock';
import { type Conclusion, FailedUnder, pending, PendingWork } from './conclusion';
import { isConsumerEvent } from './consumer/resource-type';
import { consumerFallbackPhysicalId, runConsumer } from './consumer-run';
import { describeError } from './ec2/errors';
import { PacedEc2Client, type Ec2Sender } from './ec2/paced-client';
import { countingWrites } from './ec2/write-counter';
import { InvalidPropertiesError, isTerminal } from './errors';
import { ESSENTIAL_OUTPUTS, responseData, trimOrder } from './protocol/outputs';
import type { Owner } from './reconcile/ownership';
import { invalidCreatePhysicalId, isInvalidCreatePhysicalId, physicalIdFor, vpcIdOfOwnPhysicalId } from './protocol/physical-id';
import { handOver, tooShortReason } from './protocol/continuation';
import { answerReserveMs, Deadline } from './protocol/deadline';
import { eventProblems, parseStackArn, serviceTimeoutMs, unservedPartition, type CustomResourceEvent, type StackArnParts } from './protocol/event';
import { createLogger, readableStack, type Logger } from './protocol/logger';
import { emitMetricsRecord, RequestTally, requestMetricsRecord, type RequestOutcome } from './protocol/metrics';
import { buildResponseBody } from './protocol/response';
import { responseUrlVerdict } from './protocol/response-url';
import { deliveryOptionsWithin, sendResponse } from './protocol/send-response';
import { parseProperties, previousTagKeys } from './properties';
import { converge, teardown, type ReconcileContext } from './reconcile';
import { checkStack, physicalIdBeforeWork, StackCheckUnavailableError, type StackCheck } from './protocol/stack-check';

export interface LifecycleDependencies {
  /** EC2 for the stack's account and region (see AccountAccess). */
  readonly ec2For: (accountId: string, region: string, partition: string) => Promise<Ec2Sender>;
  /** Route 53 for the same account (the VPC's private hosted zones, checked before writing); optional. */
  readonly route53For?: (accountId: string, region: string, partition: string) => Promise<Ec2Sender | undefined>;
  /** Service Quotas for the same account (the applied VPC quotas); optional, the defaults otherwise. */
  readonly serviceQuotasFor?: (accountId: string, region: string, partition: string) => Promise<Ec2Sender | undefined>;
  /** AWS Organizations with the provider's own role, and the provider's account (a consumer admitted by OU); optional. */
  readonly organizationsFor?: (region: string, partition: string) => Promise<{ readonly client: Ec2Sender; readonly callerAccountId: string } | undefined>;
  readonly clock: Clock;
  /** Checks every event against CloudFormation in the stack's account before any write. */
  readonly stackCheck: StackCheck;
  /** Hands the same event to a fresh invocation of this function (asynchronously). Without it, running out of time answers FAILED. */
  readonly continueLater?: (event: CustomResourceEvent) => Promise<void>;
  /** Where log lines go (tests capture them); default console. */
  readonly logSink?: (line: string) => void;
  readonly random?: () => number;
  /**
   * The local AWS endpoint the SDK was pointed at (AWS_ENDPOINT_URL, set by sam local invoke --env-vars;
   * always empty when deployed): a ResponseURL on its origin is answered too (see responseUrlVerdict).
   */
  readonly localEndpointUrl?: string;
}

/** Answer this long before CloudFormation's own ServiceTimeout would end the wait. */
const SERVICE_TIMEOUT_MARGIN_MS = 60_000;
/** A continuation needs at least this much time to be worth starting. */
const MIN_CONTINUATION_MS = 60_000;

/**
 * Handles one CloudFormation custom-resource event, end to end: it always answers (SUCCESS or FAILED, with a reason a
 * person can act on) before the Lambda deadline, or hands the event to a fresh invocation that will. It never throws,
 * except when the answer itself cannot be delivered — then Lambda's own retry gets another chance to deliver it.
 */
export async function handleCustomResourceEvent(rawEvent: unknown, context: Context, deps: LifecycleDependencies): Promise<void> {
  const event = rawEvent as CustomResourceEvent;
  const log = createLogger(
    {
      requestType: event?.RequestType,
      stackId: event?.StackId,
      logicalResourceId: event?.LogicalResourceId,
      requestId: event?.RequestId,
      continuation: event?.Continuation?.attempt ?? 0,
    },
    deps.logSink,
  );
  const startedAt = deps.clock.now();
  // One EMF record wherever the request ends (lib/protocol/metrics.ts).
  const tally = new RequestTally();
  const publishMetrics = (outcome: RequestOutcome): void =>
    emitMetricsRecord(
      requestMetricsRecord({
        timestampMs: deps.clock.now(),
        functionName: context.functionName,
        outcome,
        requestType: String(event?.RequestType ?? 'unknown'),
        durationMs: deps.clock.now() - startedAt,
        tally,
        properties: { requestId: event?.RequestId, stackId: event?.StackId, logicalResourceId: event?.LogicalResourceId },
      }),
      deps.logSink,
    );
  const problems = eventProblems(rawEvent);
  if (typeof event?.ResponseURL !== 'string' || event.ResponseURL === '') {
    log.error('event without a ResponseURL: nothing can be answered', { problems });
    publishMetrics('UNANSWERED');
    return;
  }
  const partition = unservedPartition(event.StackId);
  if (partition !== undefined) {
    // No documented response host there (partitions.ts): nothing is done, and nothing is sent anywhere.
    log.error('stack in a partition this provider does not serve: no work done and no answer sent', { partition, event });
    publishMetrics('UNANSWERED');
    return;
  }
  const responseUrl = responseUrlVerdict(event.ResponseURL, deps.localEndpointUrl);
  if (!responseUrl.accepted) {
    // Not CloudFormation's: the invoker made this event up. Nothing is done, and nothing is sent to that host.
    log.error('ResponseURL refused: no work done and no answer sent', { why: responseUrl.reason, event });
    publishMetrics('UNANSWERED');
    return;
  }
  log.info('event received', { event });
  // What this invocation has from the start (about the function's timeout): the answer's reserve adapts to it.
  const invocationMs = context.getRemainingTimeInMillis();
  const deadline = new Deadline(() => context.getRemainingTimeInMillis(), answerReserveMs(invocationMs));
  const firstStartedAt = event.Continuation?.firstStartedAt ?? startedAt;
  const serviceDeadline = firstStartedAt + serviceTimeoutMs(event) - SERVICE_TIMEOUT_MARGIN_MS;

  let conclusion: Conclusion;
  const fallbackId = fallbackPhysicalId(event);
  const tooShort = tooShortReason(invocationMs);
  const progress = { writes: 0 };
  if (problems.length > 0) {
    conclusion = { kind: 'answer', status: 'FAILED', physicalId: fallbackId, reason: `Malformed request: ${problems.join(' ')}`, writes: 0 };
  } else if (tooShort !== undefined) {
    conclusion = { kind: 'answer', status: 'FAILED', physicalId: fallbackId, reason: tooShort, writes: 0 };
  } else {
    const remainingMs = () => Math.min(deadline.remainingMs(), serviceDeadline - deps.clock.now());
    conclusion = await withSafetyNet(run(event, deps, log, remainingMs, progress, tally), deadline, fallbackId).catch((error: unknown): Conclusion => {
      const failure = error instanceof FailedUnder ? error : new FailedUnder(fallbackId, error);
      log.error('request failed', { error: failure.cause });
      return { kind: 'answer', status: 'FAILED', physicalId: failure.physicalId, reason: reasonFor(failure.cause), writes: 0 };
    });
  }

  if (conclusion.kind === 'continue') {
    const next = handOver(event.Continuation, firstStartedAt, { writes: progress.writes, waitingOnly: conclusion.waitingOnly }, invocationMs);
    const canContinue = serviceDeadline - deps.clock.now() > MIN_CONTINUATION_MS;
    let handOverRefused: string | undefined;
    if (next.kind === 'continue' && canContinue && deps.continueLater) {
      try {
        tally.add('Lambda');
        await deps.continueLater({ ...event, Continuation: next.continuation });
        log.info('request summary', {
          outcome: 'CONTINUED',
          attempt: next.continuation.attempt,
          stalled: next.continuation.stalled ?? 0,
          pending: conclusion.pending,
          writes: progress.writes,
          elapsedMs: deps.clock.now() - startedAt,
        });
        publishMetrics('CONTINUED');
        return;
      } catch (error) {
        handOverRefused = describeError(error);
        log.error('could not hand the request to a new invocation', { error: handOverRefused });
      }
    }
    const minutes = Math.round((deps.clock.now() - firstStartedAt) / 60_000);
    conclusion = {
      kind: 'answer',
      status: 'FAILED',
      physicalId: conclusion.physicalId,
      reason: unfinishedReason(next.kind === 'give-up' ? next.reason : undefined, handOverRefused, minutes, conclusion.pending),
      writes: progress.writes,
    };
  }

  const { body, trimmedDataKeys } = buildResponseBody({
    status: conclusion.status,
    reason: conclusion.reason,
    physicalResourceId: conclusion.physicalId,
    event,
    data: conclusion.data,
    essentialDataKeys: ESSENTIAL_OUTPUTS,
    dataDropOrder: conclusion.data === undefined ? undefined : trimOrder(conclusion.data),
  });
  if (trimmedDataKeys.length > 0) log.warn('response trimmed to 4096 bytes', { trimmedDataKeys });
  // The PUT's attempts and timeouts shrink to what is left of the invocation.
  const deliveryOptions = deliveryOptionsWithin(deadline.answerBudgetMs());
  const delivery = await sendResponse(event.ResponseURL, body, { clock: deps.clock, random: deps.random, localEndpointUrl: deps.localEndpointUrl, ...deliveryOptions }).catch((error: unknown) => {
    // Rethrown: Lambda retries a failed asynchronous invocation, which converges again (idempotently) and answers again.
    log.error('could not deliver the answer to CloudFormation', { outcome: conclusion.status, error: describeError(error) });
    // Lambda's runtime logs what escapes the handler with its stack: keep only frames in source files (none, in the bundle).
    if (error instanceof Error) error.stack = readableStack(error.stack) ?? `${error.name}: ${error.message}`;
    publishMetrics('UNANSWERED');
    throw error;
  });
  log.info('request summary', {
    outcome: conclusion.status,
    physicalResourceId: conclusion.physicalId,
    reason: conclusion.reason,
    writes: conclusion.writes,
    putAttempts: delivery.attempts,
    elapsedMs: deps.clock.now() - startedAt,
  });
  publishMetrics(conclusion.status);
}

async function run(
  event: CustomResourceEvent,
  deps: LifecycleDependencies,
  log: Logger,
  remainingMs: () => number,
  progress: { writes: number },
  tally: RequestTally,
): Promise<Conclusion> {
  const stack = parseStackArn(event.StackId) as StackArnParts;
  const counted = (sender: Ec2Sender | undefined, service: 'Route 53' | 'Service Quotas') => sender && tally.counting(sender, service);
  const ec2 = async () =>
    new PacedEc2Client(countingWrites(tally.counting(await deps.ec2For(stack.accountId, stack.region, stack.partition), 'EC2'), progress), {
      clock: deps.clock,
      random: deps.random,
      remainingMs,
    });
  // Before the first AWS call that could lead to a write: is this an event CloudFormation is sending now? (lib/protocol/stack-check.ts)
  // Nothing is read meanwhile: an event CloudFormation did not send gets no EC2 call at all. A trusted Delete also learns
  // since when nothing can have been written for it (its second look, lib/reconcile/index.ts, teardown).
  const checkedByStack = async (): Promise<{ refused?: Conclusion; writesQuietSince?: number }> => {
    const stackCheck: StackCheck = {
      ...deps.stackCheck,
      cloudFormationFor: async (...where) => tally.counting(await deps.stackCheck.cloudFormationFor(...where), 'CloudFormation'),
    };
    const result = await checkStack(event, stack, stackCheck, { clock: deps.clock, random: deps.random, log }).catch((error: unknown) => {
      throw new FailedUnder(physicalIdBeforeWork(event), error);
    });
    return result.refusal ? { refused: { kind: 'answer', ...result.refusal, writes: 0 } } : { writesQuietSince: result.writesQuietSince };
  };
  const reconcileContext = async (owner: Owner): Promise<ReconcileContext> => ({
    ec2: await ec2(),
    route53: counted(await deps.route53For?.(stack.accountId, stack.region, stack.partition), 'Route 53'),
    serviceQuotas: counted(await deps.serviceQuotasFor?.(stack.accountId, stack.region, stack.partition), 'Service Quotas'),
    clock: deps.clock,
    owner,
    accountId: stack.accountId,
    region: stack.region,
    partition: stack.partition,
    requestKey: `${event.StackId}|${event.RequestId}`,
    requestId: event.RequestId,
    log,
    remainingMs,
    namePrefix: `${stack.stackName}-${event.LogicalResourceId}`,
    random: deps.random,
  });
  const ownerFor = (physicalId: string): Owner => ({ physicalId, stackId: event.StackId, logicalResourceId: event.LogicalResourceId });

  if (isConsumerEvent(event)) {
    // The provider's other resource type (lib/consumer/): the same stack check, deadline and hand-over, its own pipeline.
    return runConsumer(event, stack, { deps, log, remainingMs, progress, tally, checkedByStack, ownerFor });
  }

  if (event.RequestType === 'Delete') {
    const vpcId = vpcIdOfOwnPhysicalId(event.PhysicalResourceId, event.StackId, event.LogicalResourceId);
    if (vpcId === undefined) {
      const why = isInvalidCreatePhysicalId(event.PhysicalResourceId)
        ? 'its Create failed before anything was made'
        : 'this provider did not issue that physical ID for this stack and logical ID';
      log.info('delete of a resource this provider never made: nothing to do', { physicalResourceId: event.PhysicalResourceId, why });
      return { kind: 'answer', status: 'SUCCESS', physicalId: event.PhysicalResourceId, reason: `Nothing to delete: ${why}.`, writes: 0 };
    }
    const { refused, writesQuietSince } = await checkedByStack();
    if (refused) return refused;
    const context = await reconcileContext(ownerFor(event.PhysicalResourceId));
    const removed = await pending(event.PhysicalResourceId, teardown(vpcId, { ...context, writesQuietSince }));
    return { kind: 'answer', status: 'SUCCESS', physicalId: event.PhysicalResourceId, writes: removed.writes };
  }

  const spec = parseProperties(event.ResourceProperties);
  const { refused } = await checkedByStack();
  if (refused) return refused;
  const physicalId = physicalIdFor({ stackId: event.StackId, logicalResourceId: event.LogicalResourceId, vpcId: spec.vpcId });
  const context = await reconcileContext(ownerFor(physicalId)).catch((error: unknown) => {
    // The stack's account cannot be reached: nothing was made, so a failed Create answers the marker ID and the rollback
    // Delete that follows succeeds without needing the account either.
    throw new FailedUnder(event.RequestType === 'Create' ? invalidCreatePhysicalId(event.StackId, event.LogicalResourceId) : event.PhysicalResourceId, error);
  });
  if (event.RequestType === 'Update') {
    Object.assign(context, { previousTagKeys: previousTagKeys(event.OldResourceProperties) });
  }
  const isReplacement = event.RequestType === 'Update' && physicalId !== event.PhysicalResourceId;
  try {
    const outcome = await pending(physicalId, converge(spec, context));
    if (isReplacement) log.info('replacement: CloudFormation deletes the old resource next', { oldPhysicalResourceId: event.PhysicalResourceId });
    return { kind: 'answer', status: 'SUCCESS', physicalId, data: responseData(outcome), writes: outcome.writes };
  } catch (error) {
    if (error instanceof PendingWork) throw error;
    if (isReplacement) {
      // A failed replacement keeps the old physical ID; what the new VPC got is removed here, since no Delete will name it.
      await teardown(spec.vpcId, context).catch((cleanupError: unknown) =>
        log.error('could not clean up the failed replacement', { error: describeError(cleanupError) }),
      );
      throw new FailedUnder(event.PhysicalResourceId, error);
    }
    throw new FailedUnder(event.RequestType === 'Update' ? event.PhysicalResourceId : physicalId, error);
  }
}

/**
 * Races the work against the Lambda deadline with a real timer, so that even a call that never returns cannot keep
 * CloudFormation waiting: at the deadline the request is handed on (or answered FAILED).
 */
async function withSafetyNet(work: Promise<Conclusion>, deadline: Deadline, physicalId: string): Promise<Conclusion> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Conclusion>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'continue', pending: 'EC2 calls did not return before the Lambda deadline', physicalId, waitingOnly: false }), deadline.remainingMs());
    timer.unref?.();
  });
  try {
    return await Promise.race([
      work.catch((error: unknown): Conclusion => {
        if (error instanceof PendingWork) return { kind: 'continue', pending: error.pending, physicalId: error.physicalId, waitingOnly: error.waitingOnly };
        throw error;
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Why work still pending is answered FAILED: the hand-overs ran out, Lambda refused one, or time ran out. */
function unfinishedReason(givenUp: string | undefined, handOverRefused: string | undefined, minutes: number, pending: string): string {
  if (givenUp !== undefined) return `${givenUp} ${pending}.`;
  const retry = 'AWS may still be working: retry the stack operation, which picks up where this one stopped';
  if (handOverRefused !== undefined) {
    return `Could not hand the unfinished work on to a new invocation of the provider (${handOverRefused}). ${pending}. ${retry}.`;
  }
  return `Gave up after ${minutes} min, to answer within the stack's ServiceTimeout. ${pending}. ${retry}, or raise ServiceTimeout.`;
}

function reasonFor(error: unknown): string {
  if (error instanceof InvalidPropertiesError) return `Invalid properties: ${error.message}`;
  if (isTerminal(error)) return (error as Error).message;
  // Retryable, but written for the person who reads the answer: it says what happened and what to do already.
  if (error instanceof StackCheckUnavailableError) return error.message;
  // AWS's messages often end in a full stop already; one is enough.
  return `Unexpected error: ${describeError(error).replace(/\.$/, '')}. Retry the stack operation; if it persists, see the provider's logs.`;
}

/** The physical ID to answer when the properties could not be used: derived from a readable VpcId, else a marker. */
function fallbackPhysicalId(event: CustomResourceEvent): string {
  if (event.RequestType === 'Update' || event.RequestType === 'Delete') {
    if (typeof event.PhysicalResourceId === 'string' && event.PhysicalResourceId !== '') return event.PhysicalResourceId;
  }
  if (isConsumerEvent(event)) return consumerFallbackPhysicalId(event);
  const vpcId = (event.ResourceProperties as Record<string, unknown> | undefined)?.['VpcId'];
  try {
    if (typeof vpcId === 'string' && typeof event.StackId === 'string' && typeof event.LogicalResourceId === 'string') {
      return physicalIdFor({ stackId: event.StackId, logicalResourceId: event.LogicalResourceId, vpcId });
    }
  } catch {
    // Not a VPC ID: fall through to the marker.
  }
  return invalidCreatePhysicalId(String(event.StackId), String(event.LogicalResourceId));
}
