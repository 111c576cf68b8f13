import type { Clock } from '../../../lib/clock';
import type { EndpointServiceDefinition } from './catalogue';
import type { ZoneOptions } from './zones';

/** How long the simulated EC2 takes to do things, on the injected clock. */
export interface SimTiming {
  /** `pending` → `available` (PrivateLink guide: creation takes about 1–3 minutes). */
  endpointCreateMs: number;
  /** `deleting` → `deleted`. */
  endpointDeleteMs: number;
  /** How long a deleted endpoint stays listed as `deleted` before it vanishes. */
  deletedVisibleMs: number;
  /** How long endpoint ENIs outlive the endpoint reaching `deleted` (so DeleteSubnet keeps failing). */
  eniLingerMs: number;
  /** Eventual consistency: a new resource is absent from Describe* (and NotFound by id there) this long. */
  visibilityDelayMs: number;
  /**
   * Eventual consistency of write calls: every other call that names a new resource by ID (CreateVpcEndpoint naming a
   * fresh subnet or group, AuthorizeSecurityGroupIngress, ModifyVpcEndpoint, DeleteVpcEndpoints, DeleteSubnet,
   * CreateTags, …) answers its NotFound code this long (EC2 Developer Guide, "Eventual consistency in the Amazon EC2 API").
   */
  propagationDelayMs: number;
  /** Every call sleeps this long on the clock before it is answered. */
  latencyMs: number;
}

export const DEFAULT_TIMING: SimTiming = {
  endpointCreateMs: 60_000,
  endpointDeleteMs: 45_000,
  deletedVisibleMs: 600_000,
  eniLingerMs: 20_000,
  visibilityDelayMs: 0,
  propagationDelayMs: 0,
  latencyMs: 0,
};

/**
 * EC2 as eventually consistent as it is documented to be (EC2 Developer Guide, "Eventual consistency in the Amazon EC2
 * API"): a new ID is unknown for a few seconds to Describe listings and to every call that names it. The lifecycle,
 * feature and fault suites run with it on.
 */
export const EVENTUAL_CONSISTENCY: Pick<SimTiming, 'visibilityDelayMs' | 'propagationDelayMs'> = {
  visibilityDelayMs: 3_000,
  propagationDelayMs: 3_000,
};

/** Who is calling. Defaults to the simulator's own account. */
export interface Caller {
  accountId?: string;
}

export interface SimOptions {
  /** Default: a new VirtualClock. */
  clock?: Clock;
  /** Default `us-east-1`. */
  region?: string;
  /** The default caller and owner of everything built without another caller. Default `123456789012`. */
  accountId?: string;
  /** Zones of the region and each account's name→id mapping. */
  azs?: ZoneOptions;
  /** The endpoint-services catalogue. Default: `defaultEndpointServices(region, zoneIds)`. */
  services?: readonly EndpointServiceDefinition[];
  timing?: Partial<SimTiming>;
  /** Seed of every "random" choice (ids, forced throttling). Default 1. */
  seed?: number;
}

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT_ID = '123456789012';
