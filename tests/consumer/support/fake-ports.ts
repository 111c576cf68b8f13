/**
 * An in-memory hub and spoke behind the consumer's ports, answering as AWS does (the error codes of the EC2 and Route 53
 * API references, as docs/design/centralised-endpoints.md lists them): enough to run converge and teardown end to end,
 * crash them after any write, and replay them. The Route 53 simulator (tests/support) replaces it when the consumer is
 * wired; until then this is the consumer's world.
 */
import type { HubRef } from '../../../lib/centralised/hub-contract';
import type { ObservedHub, ObservedIngressRule, ObservedSpoke, ObservedSpokeRouteTable, ObservedPrivateDnsEndpoint } from '../../../lib/consumer/observation';
import type { ZoneAndVpc } from '../../../lib/consumer/plan';
import type { ConsumerPorts } from '../../../lib/consumer/ports';
import type { Tag } from '../../../lib/properties/spec';

export interface FakeZone {
  readonly zoneId: string;
  readonly name: string;
  /** Its `vpce-provisioner:service` tag; undefined for a zone that is not the hub's. */
  readonly service?: string;
  readonly accountId: string;
  readonly vpcs: Set<string>;
  readonly authorisations: Set<string>;
  maxVpcs: number;
}

export interface FakeRule {
  readonly ruleId: string;
  readonly cidr: string;
  readonly tags: Record<string, string>;
}

export interface FakeSpoke {
  readonly vpcId: string;
  ipv4Blocks: string[];
  ipv6Blocks: string[];
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
  privateDnsEndpoints: ObservedPrivateDnsEndpoint[];
  routeTables: ObservedSpokeRouteTable[];
}

/** Thrown instead of a write once the crash point is reached: the invocation dies there. */
export class SimulatedCrash extends Error {
  constructor(readonly write: string) {
    super(`simulated crash at ${write}`);
    this.name = 'SimulatedCrash';
  }
}

function awsError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: code });
}

export class FakeConsumerWorld {
  readonly rules: FakeRule[] = [];
  readonly zones: FakeZone[] = [];
  /** Every write that took effect, as `Action target`. */
  readonly writes: string[] = [];
  /** Every pause the apply asked for, in ms. */
  readonly pauses: number[] = [];
  groupTags: Record<string, string>;
  hubExists = true;
  spoke: FakeSpoke | undefined;
  /** NotAuthorizedException answers an association gets after its authorisation, before the authorisation is usable. */
  authorisationLag = 0;
  private readonly lagLeft = new Map<string, number>();
  private crash: { afterWrites: number; mode: 'before-effect' | 'after-effect' } | undefined;
  private nextRuleNumber = 1;

  constructor(
    readonly hubId: string,
    readonly hubAccountId: string,
    readonly hubVpcId: string,
    readonly groupId: string,
    readonly spokeAccountId: string,
    options: { groupTags: Record<string, string>; spoke: FakeSpoke },
  ) {
    this.groupTags = options.groupTags;
    this.spoke = options.spoke;
  }

  /** A zone of the hub (tagged with its service), associated with the hub VPC. */
  addHubZone(zoneId: string, name: string, service: string): this {
    this.zones.push({ zoneId, name, service, accountId: this.hubAccountId, vpcs: new Set([this.hubVpcId]), authorisations: new Set(), maxVpcs: 300 });
    return this;
  }

  /** A private zone of the spoke's own account, associated with the spoke. */
  addSpokeZone(zoneId: string, name: string): this {
    this.zones.push({ zoneId, name, accountId: this.spokeAccountId, vpcs: new Set([this.spoke?.vpcId ?? '']), authorisations: new Set(), maxVpcs: 300 });
    return this;
  }

  /** A rule in the hub's group (someone else's, or one left behind). */
  addRule(cidr: string, tags: Record<string, string>): FakeRule {
    const rule = { ruleId: `sgr-${String(this.nextRuleNumber++).padStart(8, '0')}`, cidr, tags };
    this.rules.push(rule);
    return rule;
  }

  /** The next write after `afterWrites` more writes fails; `after-effect`: it takes effect but its answer is lost. */
  crashAfter(afterWrites: number, mode: 'before-effect' | 'after-effect' = 'before-effect'): void {
    this.crash = { afterWrites: this.writes.length + afterWrites, mode };
  }

  noCrash(): void {
    this.crash = undefined;
  }

  zone(zoneId: string): FakeZone {
    const zone = this.zones.find((candidate) => candidate.zoneId === zoneId);
    if (zone === undefined) throw awsError('NoSuchHostedZone', `No hosted zone found with ID: ${zoneId}`);
    return zone;
  }

  /** What is left of the spoke in the hub's zones: associations and pending authorisations. */
  spokeTraces(): { associations: string[]; authorisations: string[] } {
    const vpcId = this.spoke?.vpcId ?? '';
    return {
      associations: this.zones.filter((zone) => zone.service !== undefined && zone.vpcs.has(vpcId)).map((zone) => zone.zoneId),
      authorisations: this.zones.filter((zone) => zone.authorisations.has(vpcId)).map((zone) => zone.zoneId),
    };
  }

  ports(): ConsumerPorts {
    return {
      hub: {
        observeHub: async (hub: HubRef, hubId: string) => this.observeHub(hub, hubId),
        describeIngressRules: async () => this.rules.map(toObservedRule),
        authorizeHttpsIngress: async (input) => this.write(`AuthorizeSecurityGroupIngress ${input.cidr}`, () => this.authorize(input.cidr, input.tags)),
        revokeIngressRule: async (input) =>
          this.write(`RevokeSecurityGroupIngress ${input.ruleId}`, () => {
            const index = this.rules.findIndex((rule) => rule.ruleId === input.ruleId);
            if (index < 0) throw awsError('InvalidSecurityGroupRuleId.NotFound', `The security group rule ID '${input.ruleId}' does not exist`);
            this.rules.splice(index, 1);
          }),
        createVpcAssociationAuthorization: async (pair) =>
          this.write(`CreateVPCAssociationAuthorization ${pair.zoneId}`, () => {
            const zone = this.zone(pair.zoneId);
            // "You've created the maximum number of authorizations that can be created for the specified hosted zone" (botocore).
            if (!zone.authorisations.has(pair.vpcId) && zone.authorisations.size >= 100) throw awsError('TooManyVPCAssociationAuthorizations', 'Too many authorizations');
            zone.authorisations.add(pair.vpcId);
            this.lagLeft.set(`${pair.zoneId}|${pair.vpcId}`, this.authorisationLag);
          }),
        deleteVpcAssociationAuthorization: async (pair) =>
          this.write(`DeleteVPCAssociationAuthorization ${pair.zoneId}`, () => {
            if (!this.zone(pair.zoneId).authorisations.delete(pair.vpcId)) throw awsError('VPCAssociationAuthorizationNotFound', 'The authorization does not exist');
          }),
      },
      spoke: {
        observeSpoke: async (vpcId) => this.observeSpoke(vpcId),
        listHostedZonesByVpc: async (vpcId) => this.zonesOf(vpcId),
        associateVpcWithHostedZone: async (pair) => this.write(`AssociateVPCWithHostedZone ${pair.zoneId}`, () => this.associate(pair)),
        disassociateVpcFromHostedZone: async (pair) =>
          this.write(`DisassociateVPCFromHostedZone ${pair.zoneId}`, () => {
            const zone = this.zone(pair.zoneId);
            if (!zone.vpcs.has(pair.vpcId)) throw awsError('VPCAssociationNotFound', `The VPC ${pair.vpcId} is not associated with the hosted zone`);
            if (zone.vpcs.size === 1) throw awsError('LastVPCAssociation', 'The VPC is the last VPC associated with the hosted zone');
            zone.vpcs.delete(pair.vpcId);
          }),
      },
      pause: async (ms) => void this.pauses.push(ms),
    };
  }

  private write<T>(label: string, effect: () => T): T {
    const crash = this.crash;
    if (crash !== undefined && this.writes.length >= crash.afterWrites) {
      this.crash = undefined;
      if (crash.mode === 'after-effect') {
        effect();
        this.writes.push(label);
      }
      throw new SimulatedCrash(label);
    }
    const result = effect();
    this.writes.push(label);
    return result;
  }

  private authorize(cidr: string, tags: readonly Tag[]): { ruleId: string } {
    if (this.rules.some((rule) => rule.cidr === cidr)) throw awsError('InvalidPermission.Duplicate', `the specified rule "peer: ${cidr}, TCP, from port: 443, to port: 443, ALLOW" already exists`);
    return this.addRule(cidr, Object.fromEntries(tags.map((tag) => [tag.key, tag.value])));
  }

  private associate(pair: ZoneAndVpc): void {
    const zone = this.zone(pair.zoneId);
    if (zone.vpcs.has(pair.vpcId)) throw awsError('ConflictingDomainExists', `The VPC ${pair.vpcId} is already associated with the hosted zone ${zone.name}`);
    const sameName = this.zones.find((other) => other !== zone && other.name === zone.name && other.vpcs.has(pair.vpcId));
    if (sameName !== undefined) throw awsError('ConflictingDomainExists', `A conflicting domain ${zone.name} exists for ${pair.vpcId}`);
    if (zone.accountId !== this.spokeAccountId) {
      const key = `${pair.zoneId}|${pair.vpcId}`;
      const lag = this.lagLeft.get(key) ?? 0;
      if (!zone.authorisations.has(pair.vpcId) || lag > 0) {
        if (lag > 0) this.lagLeft.set(key, lag - 1);
        throw awsError('NotAuthorizedException', `The VPC: ${pair.vpcId} has not authorized to associate with your hosted zone.`);
      }
    }
    if (zone.vpcs.size >= zone.maxVpcs) throw awsError('LimitsExceeded', 'Limits exceeded');
    zone.vpcs.add(pair.vpcId);
  }

  private observeHub(hub: HubRef, hubId: string): ObservedHub | undefined {
    if (!this.hubExists || hubId !== this.hubId || hub.accountId !== this.hubAccountId) return undefined;
    return {
      groupId: this.groupId,
      groupTags: { ...this.groupTags },
      ingressRules: this.rules.map(toObservedRule),
      vpcIpv4Blocks: ['10.0.0.0/16'],
      vpcIpv6Blocks: [],
      dualStack: false,
      zones: this.zones
        .filter((zone) => zone.service !== undefined)
        .map((zone) => ({
          zoneId: zone.zoneId,
          name: zone.name,
          service: zone.service as string,
          associatedVpcCount: zone.vpcs.size,
          maxAssociatedVpcs: zone.maxVpcs,
          authorisedVpcIds: [...zone.authorisations],
        })),
    };
  }

  private observeSpoke(vpcId: string): ObservedSpoke | undefined {
    const spoke = this.spoke;
    if (spoke === undefined || spoke.vpcId !== vpcId) return undefined;
    return {
      vpcId,
      ipv4Blocks: [...spoke.ipv4Blocks],
      ipv6Blocks: [...spoke.ipv6Blocks],
      enableDnsSupport: spoke.enableDnsSupport,
      enableDnsHostnames: spoke.enableDnsHostnames,
      privateDnsEndpoints: [...spoke.privateDnsEndpoints],
      associatedZones: this.zonesOf(vpcId),
      routeTables: [...spoke.routeTables],
    };
  }

  private zonesOf(vpcId: string): { zoneId: string; name: string }[] {
    return this.zones.filter((zone) => zone.vpcs.has(vpcId)).map((zone) => ({ zoneId: zone.zoneId, name: zone.name }));
  }
}

function toObservedRule(rule: FakeRule): ObservedIngressRule {
  return { ruleId: rule.ruleId, protocol: 'tcp', fromPort: 443, toPort: 443, cidr: rule.cidr, tags: { ...rule.tags } };
}
