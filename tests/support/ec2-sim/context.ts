import type { EndpointServiceDefinition } from './catalogue';
import type { EndpointFate, FaultSettings } from './faults';
import { Ec2SimError, simErrors } from './errors';
import type { SimTiming } from './options';
import type { IdMinter } from './rng';
import type {
  EndpointRecord,
  NetworkInterfaceRecord,
  RouteTableRecord,
  SecurityGroupRecord,
  SimState,
  SubnetRecord,
  VpcRecord,
} from './state';
import type { Zones } from './zones';

/** Where an endpoint is in its life, derived from its timestamps and fate. `gone` = no longer listed. */
export type EndpointPhase = 'pending' | 'available' | 'deleting' | 'deleted' | 'gone' | EndpointFate;

/** The simulator-wide pieces an action needs, independent of the call. */
export interface SimEnvironment {
  readonly state: SimState;
  readonly region: string;
  readonly zones: Zones;
  readonly timing: SimTiming;
  readonly services: readonly EndpointServiceDefinition[];
  readonly ids: IdMinter;
  /** Fault knobs that shape answers (not errors): page size cap, endpoint fates, per-ID delete failures. */
  readonly faults: Pick<FaultSettings, 'maxPageSize' | 'endpointFate' | 'deleteEndpointFailure' | 'hostedZoneConflictCode' | 'groupInUseCode'>;
}

/** Everything one action sees: the world, who calls, and when. Visibility rules live here. */
export class ActionContext {
  readonly state: SimState;

  constructor(
    readonly env: SimEnvironment,
    /** The calling account. */
    readonly account: string,
    /** Clock ms at which the call is answered. */
    readonly now: number,
  ) {
    this.state = env.state;
  }

  get region(): string {
    return this.env.region;
  }

  newId(prefix: string): string {
    return this.env.ids.next(prefix);
  }

  zoneName(zoneId: string): string {
    return this.env.zones.nameOf(zoneId, this.account);
  }

  // --- visibility -------------------------------------------------------------------------------

  /**
   * Whether the caller may see a record at all. Resources of another account are invisible,
   * except subnets shared with the caller through RAM and the VPCs they belong to
   * (PrivateLink guide, "Shared subnets").
   */
  canSee(record: { ownerId: string; id: string }): boolean {
    if (record.ownerId === this.account) return true;
    const subnet = this.state.subnets.get(record.id);
    if (subnet) return subnet.sharedWith.has(this.account);
    if (this.state.vpcs.has(record.id)) {
      return [...this.state.subnets.values()].some((s) => s.vpcId === record.id && s.sharedWith.has(this.account));
    }
    return false;
  }

  /** Whether a Describe* lists the record: visible, and past the eventual-consistency delay. */
  isListed(record: { ownerId: string; id: string; createdAt: number }): boolean {
    return this.canSee(record) && record.createdAt + this.env.timing.visibilityDelayMs <= this.now;
  }

  /**
   * Whether a call that names the record by ID finds it: visible, and past the write-propagation delay (EC2 Developer
   * Guide, "Eventual consistency in the Amazon EC2 API": a new ID can be NotFound to the next call that uses it).
   */
  isPropagated(record: { ownerId: string; id: string; createdAt: number }): boolean {
    return this.canSee(record) && record.createdAt + this.env.timing.propagationDelayMs <= this.now;
  }

  /** The VPC, or InvalidVpcID.NotFound. `listing` applies the Describe visibility delay, otherwise the propagation delay. */
  vpc(id: string | undefined, listing = false): VpcRecord {
    return this.lookup(this.state.vpcs, id, listing, () => new Ec2SimError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`));
  }

  /** A VPC the caller owns: a RAM participant sees the owner's VPC but may not change it. */
  ownVpc(id: string | undefined): VpcRecord {
    const vpc = this.vpc(id);
    if (vpc.ownerId !== this.account) throw simErrors.unauthorized();
    return vpc;
  }

  subnet(id: string | undefined, listing = false): SubnetRecord {
    return this.lookup(this.state.subnets, id, listing, () => new Ec2SimError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`));
  }

  securityGroup(id: string | undefined, listing = false): SecurityGroupRecord {
    return this.lookup(this.state.securityGroups, id, listing, () => new Ec2SimError('InvalidGroup.NotFound', `The security group '${id}' does not exist`));
  }

  routeTable(id: string | undefined, listing = false): RouteTableRecord {
    return this.lookup(this.state.routeTables, id, listing, () => new Ec2SimError('InvalidRouteTableID.NotFound', `The routeTable ID '${id}' does not exist`));
  }

  /** A visible endpoint that has not vanished yet. */
  endpoint(id: string | undefined, listing = false): EndpointRecord {
    const endpoint = this.lookup(this.state.endpoints, id, listing, () => endpointNotFound(id));
    if (this.endpointPhase(endpoint) === 'gone') throw endpointNotFound(id);
    return endpoint;
  }

  networkInterface(id: string | undefined, listing = false): NetworkInterfaceRecord {
    const eni = this.lookup(this.state.networkInterfaces, id, listing, () => new Ec2SimError('InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${id}' does not exist`));
    if (!this.eniExists(eni)) throw new Ec2SimError('InvalidNetworkInterfaceID.NotFound', `The networkInterface ID '${id}' does not exist`);
    return eni;
  }

  // --- time-derived state -----------------------------------------------------------------------

  /** States from EC2's lifecycle (aws-facts.md, "Interface endpoints": pending → available; deleting → deleted). */
  endpointPhase(endpoint: EndpointRecord): EndpointPhase {
    const { timing } = this.env;
    if (endpoint.deleteRequestedAt !== undefined) {
      const deletedAt = this.endpointDeletedAt(endpoint) as number;
      if (this.now < deletedAt) return 'deleting';
      return this.now < deletedAt + timing.deletedVisibleMs ? 'deleted' : 'gone';
    }
    // An endpoint a fault gave a fate: waiting for acceptance from the start, or in its fate once creation is done.
    if (endpoint.fate === 'pendingAcceptance') return 'pendingAcceptance';
    return this.now < endpoint.availableAt ? 'pending' : (endpoint.fate ?? 'available');
  }

  /** When the endpoint reaches (or reached) `deleted`; gateway endpoints go at once. */
  endpointDeletedAt(endpoint: EndpointRecord): number | undefined {
    if (endpoint.deleteRequestedAt === undefined) return undefined;
    return endpoint.deleteRequestedAt + (endpoint.type === 'Interface' ? this.env.timing.endpointDeleteMs : 0);
  }

  /**
   * Holds its resources (DNS name, routes, quota slot, groups): anything not yet `deleted`.
   */
  endpointIsLive(endpoint: EndpointRecord): boolean {
    const phase = this.endpointPhase(endpoint);
    // Whether a failed, rejected or expired endpoint still holds its DNS name and quota slot is not documented: the
    // simulator lets it go, so a replacement can take its place.
    return phase === 'pending' || phase === 'available' || phase === 'deleting' || phase === 'partial' || phase === 'pendingAcceptance';
  }

  /**
   * An ENI exists until it was released (subnet removed from its endpoint), or until its endpoint
   * has been `deleted` for eniLingerMs (aws-facts.md: endpoint ENIs go only after the endpoint is
   * deleted, and can linger a little after).
   */
  eniExists(eni: NetworkInterfaceRecord): boolean {
    if (eni.goneAt !== undefined && this.now >= eni.goneAt) return false;
    // Another party's ENI stays until they remove it (aws-facts.md, "Subnets and CIDRs").
    if (eni.endpointId === undefined) return true;
    const endpoint = this.state.endpoints.get(eni.endpointId);
    const deletedAt = endpoint && this.endpointDeletedAt(endpoint);
    return deletedAt === undefined || this.now < deletedAt + this.env.timing.eniLingerMs;
  }

  /** ENIs that still occupy an address in the subnet. */
  enisInSubnet(subnetId: string): NetworkInterfaceRecord[] {
    return [...this.state.networkInterfaces.values()].filter((eni) => eni.subnetId === subnetId && this.eniExists(eni));
  }

  /** The endpoint-services catalogue entry, or undefined. */
  service(fullName: string, type: 'Interface' | 'Gateway'): EndpointServiceDefinition | undefined {
    return this.env.services.find((s) => `com.amazonaws.${this.region}.${s.name}` === fullName && s.type === type);
  }

  private lookup<T extends { ownerId: string; id: string; createdAt: number }>(
    table: Map<string, T>,
    id: string | undefined,
    listing: boolean,
    notFound: () => Ec2SimError,
  ): T {
    const record = id === undefined ? undefined : table.get(id);
    if (!record || !(listing ? this.isListed(record) : this.isPropagated(record))) throw notFound();
    return record;
  }
}

function endpointNotFound(id: string | undefined): Ec2SimError {
  return new Ec2SimError('InvalidVpcEndpointId.NotFound', `The Vpc Endpoint Id '${id}' does not exist`);
}
