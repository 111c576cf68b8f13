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
  /** Every call sleeps this long on the clock before it is answered. */
  latencyMs: number;
}

export const DEFAULT_TIMING: SimTiming = {
  endpointCreateMs: 60_000,
  endpointDeleteMs: 45_000,
  deletedVisibleMs: 600_000,
  eniLingerMs: 20_000,
  visibilityDelayMs: 0,
  latencyMs: 0,
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
