/**
 * The stacks the CloudFormation driver plays, and the read-only CloudFormation API calls the provider's stack check
 * makes about them: DescribeStacks, DescribeStackResource and DescribeStackEvents, in process (an SDK-shaped client) or over HTTP (the Query
 * protocol, for the bundle run with AWS_ENDPOINT_URL_CLOUDFORMATION).
 *
 * A stack moves along the lifecycle the driver drives: building an event first settles the previous one by the answer
 * it got (a SUCCESS Create completes, a FAILED Create rolls back, an Update that changed the physical ID enters clean-up,
 * …), then enters the state CloudFormation is in when it sends the new event. Between two events a stack stays in
 * progress, as CloudFormation is while it waits for the answer — so a duplicate delivery of the same event still finds
 * its stack in progress.
 */
import { randomUUID } from 'node:crypto';
import type { CustomResourceEvent } from '../../lib/protocol/event';

/** What the stand-in remembers of one resource of a stack. */
export interface PlayedResource {
  type: string;
  status: string;
  physicalId?: string;
}

/** One stack event, as DescribeStackEvents lists it (resource events only: the stand-in plays no stack-level events). */
export interface PlayedStackEvent {
  LogicalResourceId: string;
  ResourceType: string;
  ResourceStatus: string;
  PhysicalResourceId?: string;
  Timestamp: Date;
}

interface PlayedStack {
  stackId: string;
  accountId: string;
  stackName: string;
  status: string;
  resources: Map<string, PlayedResource>;
  /** Oldest first. */
  events: PlayedStackEvent[];
  /** The last event built for this stack, to settle by its answer before the next. */
  last?: CustomResourceEvent;
}

/** One call the stand-in answered (or refused). */
export interface CloudFormationCall {
  action: string;
  input: Record<string, unknown>;
  /** The account of the credentials the call was signed with. */
  accountId: string;
  /** The error code it was answered with, if any. */
  error?: string;
}

/** The answer CloudFormation got for an event, as far as the stack's progress is concerned. */
export type AnswerOf = (event: CustomResourceEvent) => { Status: string; PhysicalResourceId: string } | undefined;

/** An error as the SDK raises it for a CloudFormation error code. */
export class CloudFormationServiceError extends Error {
  readonly $metadata: { httpStatusCode: number };
  constructor(code: string, message: string, httpStatusCode = 400) {
    super(message);
    this.name = code;
    this.$metadata = { httpStatusCode };
  }
}

const CONNECTION_RESET: unique symbol = Symbol('connection reset');

const READ_ONLY_ACTIONS = ['DescribeStacks', 'DescribeStackResource', 'DescribeStackEvents'] as const;

export class PlayedStacks {
  private readonly stacks = new Map<string, PlayedStack>();
  private readonly faults: { fault: string | typeof CONNECTION_RESET; action?: string }[] = [];
  /** Every CloudFormation API call received, in order. */
  readonly calls: CloudFormationCall[] = [];

  /** When each event was answered (by its ResponseURL): the time its resource's *_COMPLETE or *_FAILED event carries. */
  private readonly answeredAt = new Map<string, number>();

  /**
   * @param now the stand-in's clock, for the events' timestamps: the provider's virtual clock in simulated runs. By
   * default the real one, whose times a virtual clock (which starts in January 2026) sees as the future.
   */
  constructor(
    private readonly answerOf: AnswerOf,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The answer to `event` arrived now (CloudFormation takes the first). */
  noteAnswer(event: Pick<CustomResourceEvent, 'ResponseURL'>): void {
    if (!this.answeredAt.has(event.ResponseURL)) this.answeredAt.set(event.ResponseURL, this.now());
  }

  /** Called as the driver builds `event`: settles the stack's previous event, then enters the state that sends this one. */
  beforeEvent(event: CustomResourceEvent): void {
    const { accountId, stackName } = partsOf(event.StackId);
    let stack = this.stacks.get(event.StackId);
    if (stack?.last) this.settle(stack, stack.last);
    const isGone = stack === undefined || stack.status === 'DELETE_COMPLETE' || stack.status === 'ROLLBACK_COMPLETE';
    if (isGone && event.RequestType === 'Create') stack = undefined;
    if (!stack) {
      stack = { stackId: event.StackId, accountId, stackName, status: '', resources: new Map(), events: [] };
      this.stacks.set(event.StackId, stack);
    }
    const inProgress = stack.status.endsWith('_IN_PROGRESS');
    const resource = stack.resources.get(event.LogicalResourceId);
    switch (event.RequestType) {
      case 'Create':
        if (!inProgress) stack.status = stack.status === '' ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS';
        stack.resources.set(event.LogicalResourceId, { type: event.ResourceType, status: 'CREATE_IN_PROGRESS' });
        break;
      case 'Update':
        if (!inProgress) stack.status = 'UPDATE_IN_PROGRESS';
        stack.resources.set(event.LogicalResourceId, { type: event.ResourceType, status: 'UPDATE_IN_PROGRESS', physicalId: event.PhysicalResourceId });
        break;
      case 'Delete':
        if (!inProgress) stack.status = 'DELETE_IN_PROGRESS';
        // In clean-up the logical ID names the replacement, which stays; otherwise the resource itself is being deleted.
        if (!stack.status.endsWith('CLEANUP_IN_PROGRESS') || !resource) {
          stack.resources.set(event.LogicalResourceId, { type: event.ResourceType, status: 'DELETE_IN_PROGRESS', physicalId: event.PhysicalResourceId });
        }
        break;
    }
    // The resource's event, when this request changed its status (in clean-up the logical ID keeps its replacement's).
    const entered = stack.resources.get(event.LogicalResourceId);
    if (entered && entered !== resource) this.record(stack, event.LogicalResourceId, entered, this.now());
    stack.last = event;
  }

  private record(stack: PlayedStack, logicalId: string, resource: PlayedResource, at: number): void {
    stack.events.push({ LogicalResourceId: logicalId, ResourceType: resource.type, ResourceStatus: resource.status, PhysicalResourceId: resource.physicalId, Timestamp: new Date(at) });
  }

  /** The status the stand-in gives a stack now (undefined when it plays no such stack). */
  statusOf(stackId: string): string | undefined {
    return this.stacks.get(stackId)?.status;
  }

  /** Puts a stack in a status of the test's choosing (a stack operation that has ended, …). */
  setStatus(stackId: string, status: string): void {
    const stack = this.stacks.get(stackId);
    if (!stack) throw new Error(`no played stack ${stackId}`);
    stack.status = status;
    stack.last = undefined;
  }

  /** Adds a resource of any type to a played stack (an AWS::EC2::VPC beside the custom resource, …). */
  addResource(stackId: string, logicalId: string, type: string, status = 'CREATE_COMPLETE'): void {
    const stack = this.stacks.get(stackId);
    if (!stack) throw new Error(`no played stack ${stackId}`);
    stack.resources.set(logicalId, { type, status });
  }

  /**
   * The next `count` API calls fail with `code` (Throttling, ServiceUnavailable, AccessDenied, …); with `action`, the
   * next `count` calls of that action only (the stack check asks several things at once).
   */
  failNextCalls(count: number, code: string, action?: string): void {
    this.faults.push(...Array.from({ length: count }, () => ({ fault: code, action })));
  }

  /**
   * The next `count` API calls never reach CloudFormation: the connection is reset, and the SDK rejects with Node's
   * socket error as it is (`code: 'ECONNRESET'`, no service error code).
   */
  resetNextConnections(count: number, action?: string): void {
    this.faults.push(...Array.from({ length: count }, () => ({ fault: CONNECTION_RESET as typeof CONNECTION_RESET, action })));
  }

  /** A CloudFormation client whose calls are signed as `accountId`: it sees that account's stacks only. */
  client(accountId: string): { send(command: { input?: unknown }): Promise<Record<string, unknown>> } {
    return {
      send: async (command) => this.call(actionOf(command), (command.input ?? {}) as Record<string, unknown>, accountId),
    };
  }

  /** Answers one call as CloudFormation would, recording it. */
  call(action: string, input: Record<string, unknown>, accountId: string): Record<string, unknown> {
    const record: CloudFormationCall = { action, input: { ...input }, accountId };
    this.calls.push(record);
    try {
      const index = this.faults.findIndex((entry) => entry.action === undefined || entry.action === action);
      const fault = index < 0 ? undefined : this.faults.splice(index, 1)[0]?.fault;
      // Throttled calls fail with the Throttling code (CloudFormation API reference, "Common errors").
      if (fault === CONNECTION_RESET) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      if (fault !== undefined) throw new CloudFormationServiceError(fault, `${fault} (injected)`, fault === 'ServiceUnavailable' ? 503 : 400);
      if (action === 'DescribeStacks') return this.describeStacks(input, accountId);
      if (action === 'DescribeStackResource') return this.describeStackResource(input, accountId);
      if (action === 'DescribeStackEvents') return { StackEvents: [...this.find(String(input['StackName'] ?? ''), accountId).events].reverse() };
      throw new CloudFormationServiceError('InvalidAction', `The stand-in answers only ${READ_ONLY_ACTIONS.join(' and ')}, not ${action}.`);
    } catch (error) {
      record.error = (error as Error).name;
      throw error;
    }
  }

  /**
   * Answers a Query-protocol request body (`Action=DescribeStacks&StackName=…`), as the endpoint the SDK reaches
   * through AWS_ENDPOINT_URL_CLOUDFORMATION. Local runs carry no identity the stand-in could check, so the caller is
   * taken to be in the stack's own account.
   */
  answerQuery(body: string): { statusCode: number; xml: string } {
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    const input: Record<string, unknown> = {};
    for (const [key, value] of params) if (key !== 'Action' && key !== 'Version') input[key] = value;
    const accountId = /^arn:[^:]+:cloudformation:[^:]+:(\d{12}):/.exec(String(input['StackName'] ?? ''))?.[1] ?? '123456789012';
    try {
      return { statusCode: 200, xml: toQueryXml(action, this.call(action, input, accountId)) };
    } catch (error) {
      const failure = error as CloudFormationServiceError;
      const xml = `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${escapeXml(failure.name)}</Code><Message>${escapeXml(failure.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
      return { statusCode: failure.$metadata?.httpStatusCode ?? 400, xml };
    }
  }

  private describeStacks(input: Record<string, unknown>, accountId: string): Record<string, unknown> {
    const stack = this.find(String(input['StackName'] ?? ''), accountId);
    return {
      Stacks: [{ StackId: stack.stackId, StackName: stack.stackName, StackStatus: stack.status, CreationTime: new Date('2026-01-01T00:00:00Z') }],
    };
  }

  private describeStackResource(input: Record<string, unknown>, accountId: string): Record<string, unknown> {
    const stack = this.find(String(input['StackName'] ?? ''), accountId);
    const logicalId = String(input['LogicalResourceId'] ?? '');
    const resource = stack.status === 'DELETE_COMPLETE' ? undefined : stack.resources.get(logicalId);
    // CloudFormation API reference, DescribeStackResource: an unknown logical ID is a ValidationError.
    if (!resource) throw new CloudFormationServiceError('ValidationError', `Resource ${logicalId} does not exist for stack ${stack.stackName}`);
    return {
      StackResourceDetail: {
        StackName: stack.stackName,
        StackId: stack.stackId,
        LogicalResourceId: logicalId,
        PhysicalResourceId: resource.physicalId,
        ResourceType: resource.type,
        ResourceStatus: resource.status,
        LastUpdatedTimestamp: new Date('2026-01-01T00:00:00Z'),
      },
    };
  }

  /** By ARN (deleted stacks included) or by name (live stacks only), within the caller's account (DescribeStacks API reference, StackName). */
  private find(stackName: string, accountId: string): PlayedStack {
    const byId = this.stacks.get(stackName);
    const byName = [...this.stacks.values()].find((stack) => stack.stackName === stackName && stack.status !== 'DELETE_COMPLETE');
    const stack = byId ?? byName;
    // CloudFormation API reference, DescribeStacks: a stack that does not exist (in the caller's account) is a ValidationError.
    if (!stack || stack.accountId !== accountId) throw new CloudFormationServiceError('ValidationError', `Stack with id ${stackName} does not exist`);
    return stack;
  }

  /**
   * Moves the stack on from `event` by the answer it got; nothing moves while it is unanswered. Statuses as in the
   * CloudFormation User Guide, "Stack status codes"; a replaced custom resource's old ID is deleted in the clean-up
   * phase (User Guide, "Update behaviors of stack resources"); a failed Create rolls back with a Delete (custom
   * resource request types, "Delete").
   */
  private settle(stack: PlayedStack, event: CustomResourceEvent): void {
    const answer = this.answerOf(event);
    if (!answer) return;
    const succeeded = answer.Status === 'SUCCESS';
    const resource = stack.resources.get(event.LogicalResourceId);
    const rollingBack = stack.status === 'UPDATE_ROLLBACK_IN_PROGRESS' || stack.status === 'ROLLBACK_IN_PROGRESS';
    const next: Record<string, string> = {
      Create: succeeded
        ? stack.status === 'CREATE_IN_PROGRESS' ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE'
        : stack.status === 'CREATE_IN_PROGRESS' ? 'ROLLBACK_IN_PROGRESS' : 'UPDATE_ROLLBACK_IN_PROGRESS',
      Update: succeeded
        ? answer.PhysicalResourceId !== (event as { PhysicalResourceId?: string }).PhysicalResourceId
          ? rollingBack ? 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' : 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
          : rollingBack ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_COMPLETE'
        : rollingBack ? 'UPDATE_ROLLBACK_FAILED' : 'UPDATE_ROLLBACK_IN_PROGRESS',
      Delete: {
        DELETE_IN_PROGRESS: succeeded ? 'DELETE_COMPLETE' : 'DELETE_FAILED',
        ROLLBACK_IN_PROGRESS: succeeded ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED',
        UPDATE_ROLLBACK_IN_PROGRESS: succeeded ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_FAILED',
        // A failed clean-up Delete does not fail the stack: CloudFormation only reports it.
        UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_COMPLETE',
        UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_ROLLBACK_COMPLETE',
      }[stack.status] ?? stack.status,
    };
    const wasCleanup = stack.status.endsWith('CLEANUP_IN_PROGRESS');
    stack.status = next[event.RequestType] ?? stack.status;
    if (resource) {
      if (event.RequestType === 'Delete' && !wasCleanup) resource.status = succeeded ? 'DELETE_COMPLETE' : 'DELETE_FAILED';
      else if (event.RequestType !== 'Delete') {
        resource.status = `${event.RequestType.toUpperCase()}_${succeeded ? 'COMPLETE' : 'FAILED'}`;
        if (succeeded) resource.physicalId = answer.PhysicalResourceId;
      }
      // CloudFormation records the resource's new status when the answer arrives (CloudFormation User Guide, "View stack events").
      if (!(event.RequestType === 'Delete' && wasCleanup)) this.record(stack, event.LogicalResourceId, resource, this.answeredAt.get(event.ResponseURL) ?? this.now());
    }
    if (event.RequestType === 'Delete' && !wasCleanup && succeeded) stack.resources.delete(event.LogicalResourceId);
    stack.last = undefined;
  }
}

function partsOf(stackId: string): { accountId: string; stackName: string } {
  const match = /^arn:[^:]+:cloudformation:[^:]+:(\d{12}):stack\/([^/]+)\//.exec(stackId);
  return { accountId: match?.[1] ?? '', stackName: match?.[2] ?? stackId };
}

/** The operation name of an SDK command (its schema carries it; the class name as a fallback). */
function actionOf(command: object): string {
  const schema = (command as { schema?: unknown }).schema;
  if (Array.isArray(schema) && typeof schema[2] === 'string') return schema[2];
  return command.constructor.name.replace(/Command$/, '');
}

/** The Query-protocol XML of an answer: `<ActionResponse><ActionResult>…</ActionResult></ActionResponse>`. */
function toQueryXml(action: string, output: Record<string, unknown>): string {
  const body = Object.entries(output).map(([key, value]) => element(key, value)).join('');
  return `<${action}Response xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
}

function element(name: string, value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((item) => element('member', item)).join('')}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  if (typeof value === 'object' && value !== null) return `<${name}>${Object.entries(value).map(([key, inner]) => element(key, inner)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
