/**
 * Knobs of the simulator's Route 53 (`sim.route53Settings`): timings, limits and the undocumented choices a test may
 * flip. Every default carries its source; the choices are listed in docs/simulator.md ("Route 53").
 */

/** How Route 53 throttles: not at all, the current token buckets, or the old hard 5 requests per second per account. */
export type Route53ThrottlingMode = 'off' | 'token-buckets' | 'five-per-second';

/**
 * What DeleteHostedZone does to a private zone that other VPCs (of any account) are still associated with: drop every
 * association with the zone, or refuse. See `deleteZoneWithOtherVpcs`.
 */
export type ZoneDeletionWithOtherVpcs = 'drops-associations' | 'refused';

export interface Route53Settings {
  /**
   * `PENDING` → `INSYNC` (GetChange). "Changes generally propagate to all Route 53 name servers within 60 seconds"
   * (Route 53 Developer Guide, "Checking the status of your changes" / GetChange API reference).
   */
  changeSyncMs: number;
  /**
   * How long after a change of a zone (records or VPC associations) the next change of the same zone answers
   * PriorRequestNotComplete. The API reference documents the error only as "can't process a request before the next
   * request arrives", not for how long: a short window by default; set it to `changeSyncMs` to refuse every change
   * while the previous one is PENDING (the unkindest reading).
   */
  priorRequestWindowMs: number;
  /**
   * How long a new CreateVPCAssociationAuthorization is not yet usable by AssociateVPCWithHostedZone (answered
   * NotAuthorizedException). Not documented; reported as "the association must come shortly after the authorisation"
   * (hashicorp/terraform#12553). Default 0; the centralised-endpoint suites turn it on.
   */
  authorizationPropagationMs: number;
  /**
   * Whether a VPC associated with `example.com` may not also be associated with `test.example.com`. Older API text said
   * so for private zones; the current text of ConflictingDomainExists says only "the same name" (rusoto_route53 0.30 vs
   * 0.44 docs). Default false (current text).
   */
  parentZoneConflicts: boolean;
  /**
   * DeleteHostedZone of a private zone with VPCs associated besides the one it was created with. The API reference
   * lists no error for it (DeleteHostedZone's errors are HostedZoneNotEmpty, InvalidDomainName, InvalidInput,
   * NoSuchHostedZone, PriorRequestNotComplete), and a zone deleted while another account's VPC was associated with it
   * is what users report before that account's DisassociateVPCFromHostedZone answers NoSuchHostedZone
   * (hashicorp/terraform-provider-aws#17016, fixed by #17023). Default 'drops-associations': the zone goes and every
   * VPC silently stops resolving its names (the unkind reading, and the one the reports show). 'refused' answers
   * InvalidInput instead (our invention, for a test that wants the kinder reading).
   */
  deleteZoneWithOtherVpcs: ZoneDeletionWithOtherVpcs;
  /** Default 'off', as EC2's `faults.throttling`. */
  throttling: Route53ThrottlingMode;
  /** MAX_VPCS_ASSOCIATED_BY_ZONE: "Amazon VPCs that you can associate with a private hosted zone: 300" (Route 53 Developer Guide, "Quotas"). */
  maxVpcsPerZone: number;
  /** MAX_RRSETS_BY_ZONE: "Records per hosted zone: 10,000" (Route 53 Developer Guide, "Quotas"). */
  maxRecordSetsPerZone: number;
  /**
   * Pending authorisations per zone before TooManyVPCAssociationAuthorizations. The figure is not in the AWS pages we
   * found; 100 is issue 24's figure.
   */
  maxAuthorizationsPerZone: number;
}

export const DEFAULT_ROUTE53_SETTINGS: Readonly<Route53Settings> = {
  changeSyncMs: 60_000,
  priorRequestWindowMs: 1_000,
  authorizationPropagationMs: 0,
  parentZoneConflicts: false,
  deleteZoneWithOtherVpcs: 'drops-associations',
  throttling: 'off',
  maxVpcsPerZone: 300,
  maxRecordSetsPerZone: 10_000,
  maxAuthorizationsPerZone: 100,
};

/** Route 53 as eventually consistent as reported: an authorisation takes a few seconds to be usable (see above). */
export const ROUTE53_EVENTUAL_CONSISTENCY: Pick<Route53Settings, 'authorizationPropagationMs'> = { authorizationPropagationMs: 5_000 };
