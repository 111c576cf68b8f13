/**
 * Whether an event is one CloudFormation could be sending now: the pure decision of the stack check.
 *
 * Lambda does not say who invoked the function, so anyone allowed to invoke it can make up an event naming any stack.
 * CloudFormation only sends custom-resource requests while the stack operation that needs them runs, and only for
 * custom resources of that stack. What CloudFormation itself says about the stack (lib/stack-check.ts asks it) is
 * compared with the event here, with no I/O.
 */

/** What CloudFormation answered about the event's stack and logical ID. */
export interface StackObservation {
  /** The stack found by its StackId (deleted stacks included, as DescribeStacks finds them by ID); `missing` when none. */
  readonly stack: { readonly status: string } | 'missing';
  /** The stack's resource of that logical ID; `missing` when the stack has none; undefined when not asked. */
  readonly resource?: { readonly type: string; readonly status: string } | 'missing';
}

/** `trusted`, or why not: a sentence for the log and for a FAILED reason. */
export type StackVerdict = { readonly trusted: true } | { readonly trusted: false; readonly reason: string };

/** What the decision needs of the event. */
export interface EventIdentity {
  readonly StackId: string;
  readonly LogicalResourceId: string;
}

/** The two resource type forms CloudFormation accepts for a custom resource (CloudFormation User Guide, "Custom resources"). */
export function isCustomResourceType(type: string): boolean {
  return type === 'AWS::CloudFormation::CustomResource' || /^Custom::[A-Za-z0-9_@-]{1,60}$/.test(type);
}

/**
 * A stack operation is running when the status ends in `_IN_PROGRESS`: CREATE, UPDATE, DELETE, ROLLBACK,
 * UPDATE_ROLLBACK, IMPORT, and the two clean-up phases (UPDATE_COMPLETE_CLEANUP_IN_PROGRESS,
 * UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS) in which CloudFormation deletes replaced resources.
 */
export function isOperationInProgress(stackStatus: string): boolean {
  return stackStatus.endsWith('_IN_PROGRESS');
}

/** True when the resource still has to be asked about: only then is the second call worth making. */
export function needsResourceLookup(observation: Pick<StackObservation, 'stack'>): boolean {
  return observation.stack !== 'missing' && isOperationInProgress(observation.stack.status);
}

/**
 * Trusts the event only when the stack exists, an operation on it is in progress, and the logical ID is a custom
 * resource of it. A replaced resource's Delete passes: during clean-up the logical ID still names the (new) custom
 * resource. So does a Delete while the stack or a failed Create rolls back (the resource is then DELETE_IN_PROGRESS).
 *
 * @example
 * stackVerdict(event, { stack: { status: 'UPDATE_COMPLETE' } })
 * // { trusted: false, reason: 'stack net is UPDATE_COMPLETE: no stack operation is in progress, so CloudFormation sent no request.' }
 */
export function stackVerdict(event: EventIdentity, observation: StackObservation): StackVerdict {
  const stack = `stack ${stackLabel(event.StackId)}`;
  if (observation.stack === 'missing') return { trusted: false, reason: `${stack} does not exist in its account and region.` };
  const { status } = observation.stack;
  if (!isOperationInProgress(status)) {
    return { trusted: false, reason: `${stack} is ${status}: no stack operation is in progress, so CloudFormation sent no request.` };
  }
  const resource = observation.resource;
  if (resource === undefined || resource === 'missing') {
    return { trusted: false, reason: `${stack} has no resource with logical ID ${quote(event.LogicalResourceId)}.` };
  }
  if (!isCustomResourceType(resource.type)) {
    return { trusted: false, reason: `${quote(event.LogicalResourceId)} in ${stack} is a ${resource.type}, not a custom resource.` };
  }
  return { trusted: true };
}

/** `name` of `arn:…:stack/name/guid`, or the whole ID when it is not that shape. */
function stackLabel(stackId: string): string {
  return /:stack\/([^/]+)\//.exec(stackId)?.[1] ?? stackId;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 97)}...` : value);
}
