import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { Route53Client } from '@aws-sdk/client-route-53';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import type { Clock } from '../../../lib/clock';
import { actionTable } from './actions';
import { isMutating, type CallRecord } from './call-log';
import { defaultEndpointServices, type EndpointServiceDefinition } from './catalogue';
import { VirtualClock } from './clock';
import { ActionContext, type SimEnvironment } from './context';
import { Ec2SimError, simErrors } from './errors';
import { Faults, type FaultSettings } from './faults';
import { attachSimulator } from './in-process-client';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DEFAULT_TIMING, type Caller, type SimOptions, type SimTiming } from './options';
import { IdMinter, SeededRandom } from './rng';
import { organizationsActions, type SimOrganization } from './organizations';
import { serviceQuotasActions } from './quotas';
import { DEFAULT_ROUTE53_SETTINGS, route53Actions, type Route53Settings } from './route53';
import { SimState } from './state';
import { Route53Throttle, ThrottleBuckets } from './throttle';
import { route53Errors } from './route53/errors';
import { WorldAdmin } from './world-admin';
import { Zones } from './zones';

/**
 * A stateful, transport-free EC2: one `call(action, input)` entry point that answers with the
 * SDK-shaped output or rejects with an `Ec2SimError`, on an injected clock.
 *
 * @example
 * const sim = new Ec2Simulator();
 * const ec2 = sim.client();
 * const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
 */
export class Ec2Simulator {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  /** Mutable: tests may change timings after building their world. */
  readonly timing: SimTiming;
  readonly zones: Zones;
  readonly services: readonly EndpointServiceDefinition[];
  /** The raw records; tests may inspect them, but should change the world through actions. */
  readonly state = new SimState();
  /** Every call received, rejected ones included (outcome = error code). */
  readonly calls: CallRecord[] = [];
  /** World-building helpers that have no EC2 action of their own (IPAM pools, RAM sharing). */
  readonly admin: WorldAdmin;
  /** Accounts whose role lacks Route 53 permissions: Route 53 answers them AccessDenied. */
  readonly route53DeniedAccounts = new Set<string>();
  /** Route 53's timings, limits and switches (./route53/settings.ts); tests may change them at any time. */
  readonly route53Settings: Route53Settings = { ...DEFAULT_ROUTE53_SETTINGS };
  /** Accounts whose role lacks servicequotas:GetServiceQuota: Service Quotas answers them AccessDeniedException. */
  readonly serviceQuotasDeniedAccounts = new Set<string>();
  /**
   * The organisation the accounts belong to (./organizations/), for AWS Organizations' ListParents; none by default:
   * every account is then outside any organisation (AWSOrganizationsNotInUseException).
   */
  organization: SimOrganization | undefined;
  /** Accounts whose role lacks organizations:ListParents: Organizations answers them AccessDeniedException. */
  readonly organizationsDeniedAccounts = new Set<string>();

  private currentFaults = new Faults();
  private readonly throttle = new ThrottleBuckets();
  private readonly route53Throttle = new Route53Throttle();
  private readonly throttleRandom: SeededRandom;
  private readonly env: SimEnvironment;
  private crashed = false;

  constructor(options: SimOptions = {}) {
    this.clock = options.clock ?? new VirtualClock();
    this.region = options.region ?? DEFAULT_REGION;
    this.accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.zones = new Zones(this.region, options.azs);
    this.services = options.services ?? defaultEndpointServices(this.region, this.zones.ids);
    const seed = options.seed ?? 1;
    this.throttleRandom = new SeededRandom(seed ^ 0x5eed);
    const faultsOf = () => this.currentFaults;
    this.env = {
      state: this.state,
      region: this.region,
      zones: this.zones,
      timing: this.timing,
      services: this.services,
      ids: new IdMinter(new SeededRandom(seed)),
      get faults() {
        return faultsOf();
      },
    };
    this.admin = new WorldAdmin(() => this.context(this.accountId));
  }

  /** The live fault settings; assigning an object replaces them all. */
  get faults(): Faults {
    return this.currentFaults;
  }

  set faults(settings: FaultSettings) {
    this.currentFaults = settings instanceof Faults ? settings : new Faults(settings);
    this.throttle.reset();
  }

  /**
   * Runs one EC2 action. Resolves with the SDK-shaped output (PascalCase keys, no `$metadata`) or
   * rejects with an Ec2SimError.
   */
  async call(action: string, input: Record<string, unknown> = {}, caller: Caller = {}): Promise<Record<string, unknown>> {
    const accountId = caller.accountId ?? this.accountId;
    const mutating = isMutating(action);
    if (this.timing.latencyMs > 0) await this.clock.sleep(this.timing.latencyMs);
    const logged = snapshot(input);
    const log = (outcome: string, applied: boolean): CallRecord => {
      const record: CallRecord = { action, input: logged, accountId, mutating, outcome, applied, at: this.clock.now() };
      this.calls.push(record);
      return record;
    };
    let output: object;
    try {
      output = this.answer(action, input, accountId, mutating);
    } catch (error) {
      const code = error instanceof Ec2SimError ? error.code : 'InternalError';
      log(code, false);
      throw error;
    }
    if (!mutating) {
      log('ok', false);
      return clean(output) as Record<string, unknown>;
    }
    // The crash decision needs the record, but the record's outcome depends on the decision.
    const provisional: CallRecord = { action, input: logged, accountId, mutating, outcome: 'ok', applied: true, at: this.clock.now() };
    if (this.currentFaults.recordMutation(provisional)) {
      this.crashed = true;
      log('SimulatedCrash', true);
      throw simErrors.crash();
    }
    this.calls.push(provisional);
    return clean(output) as Record<string, unknown>;
  }

  /**
   * A real EC2Client whose requests never leave the process: each command runs through `call()`.
   * Paginators and `instanceof EC2Client` checks work; SDK retries do not apply.
   */
  client(caller: Caller = {}): EC2Client {
    const client = new EC2Client({
      region: this.region,
      credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' },
      maxAttempts: 1,
    });
    attachSimulator(client, (action, input) => this.call(action, input, caller));
    return client;
  }

  /**
   * Runs one Route 53 action of the simulator's Route 53 (./route53/), logged like EC2 calls: writes count as mutations
   * (for `writes()` and the crash faults), and Route 53's throttling applies when `route53Settings.throttling` is on. A
   * role without the permission is answered AccessDenied (HTTP 403).
   */
  async route53Call(action: string, input: Record<string, unknown> = {}, caller: Caller = {}): Promise<Record<string, unknown>> {
    const accountId = caller.accountId ?? this.accountId;
    const mutating = isMutating(action);
    if (this.timing.latencyMs > 0) await this.clock.sleep(this.timing.latencyMs);
    const logged = snapshot(input);
    const record = (outcome: string, applied: boolean): CallRecord => ({ action, input: logged, accountId, mutating, outcome, applied, at: this.clock.now() });
    let output: Record<string, unknown>;
    try {
      if (this.crashed) throw simErrors.crash();
      const handler = Object.hasOwn(route53Actions, action) ? route53Actions[action] : undefined;
      if (!handler) throw simErrors.invalidAction(action);
      if (this.route53DeniedAccounts.has(accountId)) {
        throw new Ec2SimError('AccessDenied', `User: arn:aws:sts::${accountId}:assumed-role/provider is not authorized to perform: route53:${action}`, 403);
      }
      const now = this.clock.now();
      if (!this.route53Throttle.take(this.route53Settings.throttling, accountId, action, now)) throw route53Errors.throttled();
      output = handler({ ctx: this.context(accountId), settings: this.route53Settings }, input);
    } catch (error) {
      this.calls.push(record(error instanceof Ec2SimError ? error.code : 'InternalError', false));
      throw error;
    }
    const done = record('ok', mutating);
    if (mutating && this.currentFaults.recordMutation(done)) {
      this.crashed = true;
      this.calls.push(record('SimulatedCrash', true));
      throw simErrors.crash();
    }
    this.calls.push(done);
    return clean(output);
  }

  /** Runs one action of the simulator's Service Quotas piece (./quotas.ts), logged like EC2 calls. */
  async serviceQuotasCall(action: string, input: Record<string, unknown> = {}, caller: Caller = {}): Promise<Record<string, unknown>> {
    return this.readOnlyServiceCall(serviceQuotasActions, this.serviceQuotasDeniedAccounts, 'AccessDeniedException', `servicequotas:${action}`, action, input, caller);
  }

  /** A real ServiceQuotasClient whose requests never leave the process (see client()). */
  serviceQuotasClient(caller: Caller = {}): ServiceQuotasClient {
    const client = new ServiceQuotasClient({ region: this.region, credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' }, maxAttempts: 1 });
    attachSimulator(client as unknown as EC2Client, (action, input) => this.serviceQuotasCall(action, input, caller));
    return client;
  }

  /** Runs one action of the simulator's AWS Organizations (./organizations/), logged like EC2 calls. */
  async organizationsCall(action: string, input: Record<string, unknown> = {}, caller: Caller = {}): Promise<Record<string, unknown>> {
    const actions = organizationsActions(() => this.organization);
    const adapted = Object.fromEntries(Object.entries(actions).map(([name, run]) => [name, (ctx: ActionContext, given: Record<string, unknown>) => run(ctx.account, given)]));
    return this.readOnlyServiceCall(adapted, this.organizationsDeniedAccounts, 'AccessDeniedException', `organizations:${action}`, action, input, caller);
  }

  /** A real OrganizationsClient whose requests never leave the process (see client()). */
  organizationsClient(caller: Caller = {}): OrganizationsClient {
    const client = new OrganizationsClient({ region: this.region, credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' }, maxAttempts: 1 });
    attachSimulator(client as unknown as EC2Client, (action, input) => this.organizationsCall(action, input, caller));
    return client;
  }

  private async readOnlyServiceCall(
    actions: Readonly<Record<string, (ctx: ActionContext, input: Record<string, unknown>) => Record<string, unknown>>>,
    denied: ReadonlySet<string>,
    deniedCode: string,
    permission: string,
    action: string,
    input: Record<string, unknown>,
    caller: Caller,
  ): Promise<Record<string, unknown>> {
    const accountId = caller.accountId ?? this.accountId;
    const record = (outcome: string) => this.calls.push({ action, input: snapshot(input), accountId, mutating: false, outcome, applied: false, at: this.clock.now() });
    const handler = Object.hasOwn(actions, action) ? actions[action] : undefined;
    try {
      if (!handler) throw simErrors.invalidAction(action);
      if (denied.has(accountId)) {
        throw new Ec2SimError(deniedCode, `User: arn:aws:sts::${accountId}:assumed-role/provider is not authorized to perform: ${permission}`, 403);
      }
      const output = handler(this.context(accountId), input);
      record('ok');
      return clean(output);
    } catch (error) {
      record(error instanceof Ec2SimError ? error.code : 'InternalError');
      throw error;
    }
  }

  /** A real Route53Client whose requests never leave the process (see client()). */
  route53Client(caller: Caller = {}): Route53Client {
    const client = new Route53Client({ region: this.region, credentials: { accessKeyId: 'SIMULATED', secretAccessKey: 'SIMULATED' }, maxAttempts: 1 });
    attachSimulator(client as unknown as EC2Client, (action, input) => this.route53Call(action, input, caller));
    return client;
  }

  /** Successful mutating calls (including one interrupted by a SimulatedCrash, whose effect was kept). */
  writes(): CallRecord[] {
    return this.calls.filter((record) => record.mutating && record.applied);
  }

  resetCallLog(): void {
    this.calls.length = 0;
  }

  /** Ends a SimulatedCrash: calls are answered again, and the crash trigger is disarmed. */
  recover(): void {
    this.crashed = false;
    this.currentFaults.crashAfterMutations = undefined;
    this.currentFaults.onMutation = undefined;
  }

  /** An action context for a caller at the current time (used by world builders and tests). */
  context(accountId: string = this.accountId): ActionContext {
    return new ActionContext(this.env, accountId, this.clock.now());
  }

  private answer(action: string, input: Record<string, unknown>, accountId: string, mutating: boolean): object {
    if (this.crashed) throw simErrors.crash();
    // Own properties only: `toString` and friends are not EC2 actions.
    const handler = Object.hasOwn(actionTable, action) ? actionTable[action] : undefined;
    if (!handler) throw simErrors.invalidAction(action);
    const now = this.clock.now();
    if (this.currentFaults.throttling && !this.throttle.take(accountId, action, input, mutating, now)) {
      throw simErrors.throttled();
    }
    if (this.currentFaults.forcedThrottleRate > 0 && this.throttleRandom.next() < this.currentFaults.forcedThrottleRate) {
      throw simErrors.throttled();
    }
    if (input.DryRun === true) throw simErrors.dryRun();
    return handler(new ActionContext(this.env, accountId, now), input);
  }
}

/** A copy of the input for the call log, so later mutation by the caller cannot rewrite history. */
function snapshot(input: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(input);
  } catch {
    return { ...input };
  }
}

/** Drops undefined members, as the SDK's deserialiser never produces them. */
function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => clean(item) as unknown) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) out[key] = clean(member);
  }
  return out as T;
}
