import type { CallRecord } from './call-log';

/**
 * States an endpoint can be driven into instead of `available` (EC2 API reference, VpcEndpoint.State). AWS services
 * accept connections automatically, so none of these comes of an ordinary create; they model a service that needs
 * acceptance (`pendingAcceptance`, then `rejected` or `expired`), a creation EC2 could not complete (`failed`), and an
 * endpoint working in some of its subnets only (`partial`). When each happens is not documented.
 */
export type EndpointFate = 'failed' | 'rejected' | 'expired' | 'pendingAcceptance' | 'partial';

/**
 * A fate with EC2's own reason: `VpcEndpoint.LastError {Code, Message}` and `VpcEndpoint.FailureReason` (EC2 API
 * reference, VpcEndpoint; both in the pinned SDK; aws-facts.md, "Interface endpoints"). Which codes and texts EC2 puts
 * there is not documented, so the simulator shows only what a test gives it, once the endpoint has reached its fate.
 */
export interface EndpointFateWithReason {
  readonly state: EndpointFate;
  readonly lastError?: { readonly code: string; readonly message: string };
  readonly failureReason?: string;
}

/** A per-ID failure DeleteVpcEndpoints reports in `Unsuccessful` (EC2 API reference, DeleteVpcEndpoints; UnsuccessfulItem). */
export interface UnsuccessfulDelete {
  readonly code: string;
  readonly message: string;
}

/** Fault knobs a test sets on `sim.faults`. All off by default. */
export interface FaultSettings {
  /** Decides, at CreateVpcEndpoint, the state a new endpoint reaches instead of `available` (undefined: available). */
  endpointFate?: (endpoint: { serviceName: string; type: 'Interface' | 'Gateway' }) => EndpointFate | EndpointFateWithReason | undefined;
  /** Decides, per ID, that DeleteVpcEndpoints reports a failure for it in `Unsuccessful` instead of deleting it. */
  deleteEndpointFailure?: (endpointId: string) => UnsuccessfulDelete | undefined;
  /**
   * The code EC2 answers when a Route 53 private hosted zone associated with the VPC holds the service's private DNS
   * name: `InvalidParameter` (default) or `ConflictingDomainExists`, as reported from a real account in 2026
   * (aws-facts.md, "Interface endpoints"). The message is the same. Which accounts or Regions answer which is unknown.
   */
  hostedZoneConflictCode?: 'InvalidParameter' | 'ConflictingDomainExists';
  /**
   * The code DeleteSecurityGroup answers for a group still in use (by an ENI, an endpoint or another group's rule):
   * `DependencyViolation` (default; EC2 API reference, DeleteSecurityGroup) or `InvalidGroup.InUse`, which EC2's error
   * list also documents for a group in use (aws-facts.md, "Subnets and CIDRs"; terraform-provider-aws retries both).
   * When EC2 picks which is not documented.
   */
  groupInUseCode?: 'DependencyViolation' | 'InvalidGroup.InUse';
  /** Enforce EC2's token buckets (`RequestLimitExceeded`). */
  throttling?: boolean;
  /** 0..1: extra throttling on a seeded, deterministic draw per call. */
  forcedThrottleRate?: number;
  /** Cap on every Describe page, so callers must follow NextToken. */
  maxPageSize?: number;
  /**
   * Crash after this many successful mutating calls, counted from when it is set: that call's
   * effect is kept but its caller gets `SimulatedCrash`, and every later call too until `sim.recover()`.
   */
  crashAfterMutations?: number;
  /**
   * Called after each successful mutating call with the count since the hook was set; return true
   * to crash there (same effect as crashAfterMutations).
   */
  onMutation?: (count: number, record: CallRecord) => boolean | void;
}

/**
 * The live fault settings. Setting `crashAfterMutations` or `onMutation` restarts their count, so a
 * test can build its world first and then arm a crash "k writes from now".
 */
export class Faults implements FaultSettings {
  throttling = false;
  forcedThrottleRate = 0;
  maxPageSize: number | undefined = undefined;
  endpointFate: FaultSettings['endpointFate'] = undefined;
  deleteEndpointFailure: FaultSettings['deleteEndpointFailure'] = undefined;
  hostedZoneConflictCode: FaultSettings['hostedZoneConflictCode'] = undefined;
  groupInUseCode: FaultSettings['groupInUseCode'] = undefined;
  private crashAfter: number | undefined = undefined;
  private hook: FaultSettings['onMutation'] = undefined;
  private mutationsSinceCrashArmed = 0;
  private mutationsSinceHookSet = 0;

  constructor(settings: FaultSettings = {}) {
    Object.assign(this, settings);
  }

  get crashAfterMutations(): number | undefined {
    return this.crashAfter;
  }

  set crashAfterMutations(value: number | undefined) {
    this.crashAfter = value;
    this.mutationsSinceCrashArmed = 0;
  }

  get onMutation(): FaultSettings['onMutation'] {
    return this.hook;
  }

  set onMutation(value: FaultSettings['onMutation']) {
    this.hook = value;
    this.mutationsSinceHookSet = 0;
  }

  /** Counts a successful mutating call; true when the simulator must crash now. */
  recordMutation(record: CallRecord): boolean {
    this.mutationsSinceCrashArmed++;
    this.mutationsSinceHookSet++;
    let crash = this.crashAfter !== undefined && this.mutationsSinceCrashArmed >= this.crashAfter;
    if (this.hook && this.hook(this.mutationsSinceHookSet, record) === true) crash = true;
    return crash;
  }
}
