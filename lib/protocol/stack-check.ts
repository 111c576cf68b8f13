/**
 * The stack check: before any write, ask CloudFormation in the stack's account and region whether the event is one it
 * could be sending now (the decision itself is lib/stack-verification.ts, pure).
 *
 * It runs with the credentials EC2 uses there (the spoke role, or the function's own role in its own account), so an
 * event naming a stack of another account is checked by that account's CloudFormation. Read-only: DescribeStacks by the
 * StackId ARN (deleted stacks are found by ID) and DescribeStackResource, side by side (one round trip), each retried
 * while CloudFormation is throttling or unavailable; for a Delete, DescribeStackEvents beside them says since when the
 * resource has had no Create or Update (see writesQuietSince).
 */
import type { Clock } from '../clock';
import { describeError, ec2ErrorCode, isAccessDenied, isTransient } from '../ec2/errors';
import type { Ec2Sender } from '../ec2/paced-client';
import { ProvisionerError, UserInputError } from '../errors';
import { invalidCreatePhysicalId } from './physical-id';
import type { CustomResourceEvent, StackArnParts } from './event';
import type { Logger } from './logger';
import { isCustomResourceType, needsResourceLookup, stackVerdict, type StackObservation } from './stack-verification';

/** A CloudFormation client (the SDK's, the test driver's stand-in): the same shape as an EC2 sender. */
export type CloudFormationSender = Ec2Sender;

/** How the lifecycle reaches CloudFormation for the check. */
export interface StackCheck {
  /** CloudFormation in the stack's account and region, signed with the credentials EC2 uses there. */
  readonly cloudFormationFor: (accountId: string, region: string, partition: string) => Promise<CloudFormationSender>;
  /**
   * Stacks of this account are not checked: the function's own account, when the template's VerifyOwnAccountStacks is
   * 'false'. Member accounts are always checked.
   */
  readonly uncheckedAccountId?: string;
}

/** CloudFormation could not be asked (throttled or unavailable after retries): retry the stack operation. */
export class StackCheckUnavailableError extends ProvisionerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StackCheckUnavailableError';
  }
}

/** Attempts per call; the back-off doubles from BASE_DELAY_MS, so a throttled CloudFormation gets about 4 seconds. */
const ATTEMPTS = 5;
const BASE_DELAY_MS = 250;

/** What the lifecycle answers instead of doing the work. */
export interface Refusal {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly physicalId: string;
  readonly reason: string;
}

/** What the check concluded: a refusal, or a trusted event with what CloudFormation said of its timing. */
export type StackCheckResult =
  | { readonly refusal: Refusal }
  | {
      readonly refusal?: undefined;
      /** See {@link writesQuietSince}; undefined when unknown (not a Delete, or the events did not say). */
      readonly writesQuietSince?: number;
    };

/**
 * Checks the event with CloudFormation and says what to answer when it is refused: FAILED for a Create or Update, and
 * SUCCESS for a Delete — touching nothing, so a forged Delete deletes nothing. No refusal when the event is trusted.
 *
 * @throws StackCheckUnavailableError (retryable) when CloudFormation did not answer, UserInputError when the role may
 * not ask it. Neither is read as a refusal: a real Delete must never succeed without deleting.
 *
 * A trusted Delete also gets what it may use: since when CloudFormation has sent this resource no Create or Update
 * (the second look of a Delete waits only when something could still be becoming visible).
 */
export async function checkStack(
  event: CustomResourceEvent,
  stack: StackArnParts,
  check: StackCheck,
  deps: { clock: Clock; random?: () => number; log: Logger },
): Promise<StackCheckResult> {
  if (stack.accountId === check.uncheckedAccountId) {
    deps.log.info('stack check skipped: it is turned off for the function’s own account (VerifyOwnAccountStacks)');
    return {};
  }
  const cloudFormation = await check.cloudFormationFor(stack.accountId, stack.region, stack.partition);
  // Loaded once here, on first use like STS (the SDK module is evaluated only by invocations that need it), and handed
  // to both reads, so that the calls below leave together: a second `await import` would hold the first two back a turn.
  const commands = await import('../aws/cloudformation');
  const [observation, quietSince] = await Promise.all([
    observeStack(cloudFormation, commands, event, deps),
    event.RequestType === 'Delete' ? writesQuietSince(cloudFormation, commands, event, deps) : undefined,
  ]);
  const verdict = stackVerdict(event, observation);
  if (verdict.trusted) {
    deps.log.info('event matches CloudFormation', { observation, ...(quietSince === undefined ? {} : { writesQuietSince: new Date(quietSince).toISOString() }) });
    return quietSince === undefined ? {} : { writesQuietSince: quietSince };
  }
  deps.log.warn('event refused: CloudFormation did not send it', { why: verdict.reason, observation, writes: 0 });
  if (event.RequestType === 'Delete') {
    return { refusal: { status: 'SUCCESS', physicalId: event.PhysicalResourceId, reason: `Nothing deleted: ${verdict.reason}` } };
  }
  return { refusal: { status: 'FAILED', physicalId: physicalIdBeforeWork(event), reason: `Refused, nothing changed: ${verdict.reason}` } };
}

/** The physical ID to answer when nothing was done: a failed Create's marker (its Delete is then a no-op), else the event's. */
export function physicalIdBeforeWork(event: CustomResourceEvent): string {
  return event.RequestType === 'Create' ? invalidCreatePhysicalId(event.StackId, event.LogicalResourceId) : event.PhysicalResourceId;
}

/** The CloudFormation commands the check sends (lib/aws/cloudformation.ts, loaded once by checkStack). */
export type CloudFormationCommands = Pick<typeof import('../aws/cloudformation'), 'DescribeStacksCommand' | 'DescribeStackResourceCommand' | 'DescribeStackEventsCommand'>;

/**
 * DescribeStacks and DescribeStackResource, side by side: CloudFormation sends events only while an operation is in
 * progress, and then the resource is always asked about, so asking both at once saves a round trip on every genuine
 * event. The resource's answer (or its failure) counts only while an operation is in progress.
 */
export async function observeStack(
  cloudFormation: CloudFormationSender,
  { DescribeStacksCommand, DescribeStackResourceCommand }: Pick<CloudFormationCommands, 'DescribeStacksCommand' | 'DescribeStackResourceCommand'>,
  event: Pick<CustomResourceEvent, 'StackId' | 'LogicalResourceId'>,
  deps: { clock: Clock; random?: () => number },
): Promise<StackObservation> {
  const [stacks, resource] = await Promise.allSettled([
    askCloudFormation('DescribeStacks', deps, () => cloudFormation.send(new DescribeStacksCommand({ StackName: event.StackId }))),
    askCloudFormation('DescribeStackResource', deps, () =>
      cloudFormation.send(new DescribeStackResourceCommand({ StackName: event.StackId, LogicalResourceId: event.LogicalResourceId })),
    ),
  ]);
  if (stacks.status === 'rejected') throw stacks.reason;
  const status = stacks.value === 'missing' ? undefined : (stacks.value as { Stacks?: { StackStatus?: string }[] }).Stacks?.[0]?.StackStatus;
  const observation: StackObservation = { stack: status ? { status } : 'missing' };
  if (!needsResourceLookup(observation)) return observation;

  if (resource.status === 'rejected') throw resource.reason;
  const detail = resource.value === 'missing' ? undefined : (resource.value as { StackResourceDetail?: { ResourceType?: string; ResourceStatus?: string } }).StackResourceDetail;
  return {
    ...observation,
    resource: detail?.ResourceType ? { type: detail.ResourceType, status: detail.ResourceStatus ?? '' } : 'missing',
  };
}

/**
 * Since when CloudFormation has sent this resource no Create or Update, as its stack events tell (epoch ms), or
 * undefined when they do not say it plainly.
 *
 * The events come newest first (CloudFormation API reference, DescribeStackEvents). Skipping the resource's DELETE_*
 * events (this Delete, and earlier ones, which create nothing), the first event left must be CREATE_COMPLETE,
 * UPDATE_COMPLETE or IMPORT_COMPLETE: CloudFormation records it when this provider answered SUCCESS, and the provider
 * answers only once no write is left in flight (lib/reconcile/apply.ts, settleAll). A *_FAILED event is not enough — a
 * Create cancelled because another resource failed, or timed out, can still be writing — nor is an event not on the
 * first page. Any failure to read the events (an older role without cloudformation:DescribeStackEvents included) is
 * "unknown", never an error: the Delete then waits as it always did.
 */
async function writesQuietSince(
  cloudFormation: CloudFormationSender,
  { DescribeStackEventsCommand }: Pick<CloudFormationCommands, 'DescribeStackEventsCommand'>,
  event: Pick<CustomResourceEvent, 'StackId' | 'LogicalResourceId'>,
  deps: { clock: Clock; random?: () => number; log: Logger },
): Promise<number | undefined> {
  try {
    const page = (await askCloudFormation('DescribeStackEvents', deps, () => cloudFormation.send(new DescribeStackEventsCommand({ StackName: event.StackId })))) as
      | 'missing'
      | { StackEvents?: { LogicalResourceId?: string; ResourceType?: string; ResourceStatus?: string; Timestamp?: Date | string }[] };
    if (page === 'missing') return undefined;
    const latest = (page.StackEvents ?? []).find(
      (item) => item.LogicalResourceId === event.LogicalResourceId && isCustomResourceType(item.ResourceType ?? '') && !(item.ResourceStatus ?? '').startsWith('DELETE_'),
    );
    if (!latest || !['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE'].includes(latest.ResourceStatus ?? '')) return undefined;
    const at = latest.Timestamp === undefined ? Number.NaN : new Date(latest.Timestamp).getTime();
    return Number.isFinite(at) ? at : undefined;
  } catch (error) {
    deps.log.info('stack events not read: a Delete waits for EC2 to settle before its second look', { error: describeError(error) });
    return undefined;
  }
}

/**
 * One read, retried with back-off while transient. CloudFormation answers `ValidationError` for a stack or logical ID
 * that does not exist (CloudFormation API reference, DescribeStacks and DescribeStackResource): that is `missing`.
 */
async function askCloudFormation(action: string, deps: { clock: Clock; random?: () => number }, call: () => Promise<unknown>): Promise<unknown> {
  const random = deps.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const code = ec2ErrorCode(error);
      if (code === 'ValidationError') return 'missing';
      if (isAccessDenied(error)) {
        throw new UserInputError(
          [
            `The provider may not call cloudformation:${action} in the stack's account (${code}), so it cannot check that CloudFormation sent this request. Update the provider's role (template.yaml) or the spoke role there (examples/spoke/spoke-role.yaml) to the current version.`,
          ],
          { cause: error },
        );
      }
      if (!isTransient(error)) throw error;
      if (attempt >= ATTEMPTS) {
        throw new StackCheckUnavailableError(
          `CloudFormation did not answer ${action} after ${ATTEMPTS} attempts (${code ?? 'network error'}), so nothing was done. Retry the stack operation.`,
          { cause: error },
        );
      }
      const ceiling = BASE_DELAY_MS * 2 ** (attempt - 1);
      await deps.clock.sleep(Math.floor(ceiling / 2 + (ceiling / 2) * random()));
    }
  }
}
