import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { formatCidr, parseCidr } from '../cidr';
import { isEc2Error } from '../ec2/errors';
import { ProvisionerError } from '../errors';
import { toObservedSecurityGroup } from './discovery';

/**
 * The managed group's HTTPS rules, made exactly what the plan wants even when the plan's observation is out of date.
 *
 * AuthorizeSecurityGroupIngress and RevokeSecurityGroupIngress are all-or-nothing: one rule that is already there
 * (`InvalidPermission.Duplicate`) or already gone (`InvalidPermission.NotFound`) and none of the call's rules is applied
 * (EC2 API reference, RevokeSecurityGroupIngress). So such an error does not mean "already in effect": the group is read
 * again and exactly the difference is sent, until the group holds what was asked.
 */

/** One write of the rules, for the executor to count and to retry while a fresh group is not yet visible. */
export type RuleWriter = (action: 'AuthorizeSecurityGroupIngress' | 'RevokeSecurityGroupIngress', command: object) => Promise<RuleWriteOutput | undefined>;

/** What EC2 answers the two calls: the rules it added, or the permissions it did not know. */
export interface RuleWriteOutput {
  readonly Return?: boolean;
  readonly SecurityGroupRules?: readonly { FromPort?: number; ToPort?: number; CidrIpv4?: string; CidrIpv6?: string }[];
  readonly UnknownIpPermissions?: readonly unknown[];
}

/** One read of the group, with the same care for fresh IDs. */
export type GroupReader = (command: object) => Promise<{ SecurityGroups?: SecurityGroup[] }>;

/** Rounds of read-and-send before giving up: each round loses only to another writer changing the same rules. */
const MAX_ROUNDS = 4;

/** The group's rules did not become what was asked: someone keeps changing them. Not terminal: a retry looks again. */
export class IngressNotConvergedError extends ProvisionerError {
  constructor(groupId: string, detail: string) {
    super(`The HTTPS rules of security group ${groupId} did not settle: ${detail}. Something else is changing them; the next attempt looks again.`);
    this.name = 'IngressNotConvergedError';
  }
}

/** Makes every CIDR an HTTPS source of the group. Returns the CIDRs this call added. */
export async function ensureHttpsIngress(groupId: string, cidrs: readonly string[], io: { write: RuleWriter; read: GroupReader }): Promise<string[]> {
  return converge(groupId, cidrs, io, {
    action: 'AuthorizeSecurityGroupIngress',
    conflict: 'InvalidPermission.Duplicate',
    // Still to add: the wanted CIDRs the group does not hold.
    remaining: (present) => cidrs.filter((cidr) => !present.has(canonical(cidr))),
    // EC2 lists the rules it added: each CIDR sent must be among them on port 443 (an answer without the list is taken
    // at its word).
    settled: (output, sent) => {
      if (!output || output.Return === false) return undefined;
      if (!Array.isArray(output.SecurityGroupRules)) return [...sent];
      const added = new Set(output.SecurityGroupRules.filter(isHttps).flatMap((rule) => cidrsOf([rule.CidrIpv4, rule.CidrIpv6])));
      return sent.every((cidr) => added.has(canonical(cidr))) ? [...sent] : undefined;
    },
    command: (pending) => new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: httpsPermissions(pending) }),
  });
}

/** Makes none of the CIDRs an HTTPS source of the group. Returns the CIDRs this call revoked. */
export async function ensureHttpsIngressRevoked(groupId: string, cidrs: readonly string[], io: { write: RuleWriter; read: GroupReader }): Promise<string[]> {
  return converge(groupId, cidrs, io, {
    action: 'RevokeSecurityGroupIngress',
    conflict: 'InvalidPermission.NotFound',
    // Still to revoke: the unwanted CIDRs the group still holds.
    remaining: (present) => cidrs.filter((cidr) => present.has(canonical(cidr))),
    // In a default VPC EC2 answers success, revokes the rules it found and lists the others in UnknownIpPermissions
    // (EC2 API reference, RevokeSecurityGroupIngress): those are gone already, the rest were revoked by this call. An
    // unknown permission that is not one of the HTTPS CIDRs sent leaves the outcome unclear: the group is read again.
    settled: (output, sent) => {
      if (!output || output.Return === false) return undefined;
      const unknown = output.UnknownIpPermissions ?? [];
      const unknownCidrs = new Set(unknown.flatMap(httpsCidrsOfPermission));
      const sentCidrs = new Set(sent.map(canonical));
      if (unknownCidrs.size === 0 && unknown.length > 0) return undefined;
      if ([...unknownCidrs].some((cidr) => !sentCidrs.has(cidr))) return undefined;
      return sent.filter((cidr) => !unknownCidrs.has(canonical(cidr)));
    },
    command: (pending) => new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: httpsPermissions(pending) }),
  });
}

interface Direction {
  readonly action: 'AuthorizeSecurityGroupIngress' | 'RevokeSecurityGroupIngress';
  /** The error that means "part of the call was already in effect, so none of it was applied". */
  readonly conflict: string;
  readonly remaining: (present: ReadonlySet<string>) => string[];
  /**
   * From EC2's answer to a call that did not fail: the CIDRs the call itself applied, when the answer shows that every
   * CIDR sent is now as wanted; undefined when it does not (the group is then read again).
   */
  readonly settled: (output: RuleWriteOutput | undefined, sent: readonly string[]) => string[] | undefined;
  readonly command: (pending: readonly string[]) => object;
}

async function converge(groupId: string, cidrs: readonly string[], io: { write: RuleWriter; read: GroupReader }, direction: Direction): Promise<string[]> {
  if (cidrs.length === 0) return [];
  // The plan's observation comes first: usually it is right, and the call is all that is needed.
  let pending: string[] = [...cidrs];
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    try {
      // A successful call applied every rule it named (all-or-nothing); its answer is checked all the same.
      const applied = direction.settled(await io.write(direction.action, direction.command(pending)), pending);
      if (applied !== undefined) return applied;
    } catch (error) {
      if (!isEc2Error(error, direction.conflict)) throw error;
    }
    // Part of what we sent was already in effect, so none of it was applied (or the answer did not show it applied):
    // read the group, send exactly the rest.
    pending = direction.remaining(await httpsSources(groupId, io.read));
    if (pending.length === 0) return [];
  }
  throw new IngressNotConvergedError(groupId, `still ${direction.action === 'AuthorizeSecurityGroupIngress' ? 'missing' : 'holding'} ${pending.join(', ')} after ${MAX_ROUNDS} rounds`);
}

/** A rule EC2 reports on TCP 443, the only port the managed group's rules use. */
function isHttps(rule: { FromPort?: number; ToPort?: number }): boolean {
  return rule.FromPort === 443 && rule.ToPort === 443;
}

/** The canonical CIDRs among the values given. */
function cidrsOf(values: readonly (string | undefined)[]): string[] {
  return values.filter((cidr): cidr is string => cidr !== undefined).map(canonical);
}

/**
 * The HTTPS CIDRs (canonical) of an IpPermission as EC2 echoes it (UnknownIpPermissions); none for another port or
 * protocol. Read as discovery reads a group's permissions, so the two can never disagree on what an HTTPS rule is.
 */
function httpsCidrsOfPermission(permission: unknown): string[] {
  return toObservedSecurityGroup({ IpPermissions: [permission as IpPermission] }).httpsIngressCidrs.map(canonical);
}

/** The CIDRs (canonical) the group admits on TCP 443, as EC2 describes it now. */
async function httpsSources(groupId: string, read: GroupReader): Promise<Set<string>> {
  const output = await read(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
  const group = output.SecurityGroups?.find((candidate) => candidate.GroupId === groupId);
  if (!group) throw new ProvisionerError(`Security group ${groupId} was not described; cannot check its HTTPS rules.`);
  return new Set(toObservedSecurityGroup(group).httpsIngressCidrs.map(canonical));
}

/** EC2 may echo a CIDR in another spelling (IPv6 zeros, case): compare canonical forms. */
function canonical(cidr: string): string {
  return formatCidr(parseCidr(cidr));
}

/** One TCP 443 permission listing every CIDR, IPv4 and IPv6 apart as EC2 wants them. */
export function httpsPermissions(cidrs: readonly string[]): IpPermission[] {
  // The same permission twice in one request is InvalidParameterValue (aws-facts.md, "Security groups"): one per CIDR.
  const unique = [...new Map(cidrs.map((cidr) => [canonical(cidr), cidr])).values()];
  const ipv4 = unique.filter((cidr) => parseCidr(cidr).version === 4);
  const ipv6 = unique.filter((cidr) => parseCidr(cidr).version === 6);
  return [
    {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      ...(ipv4.length > 0 ? { IpRanges: ipv4.map((CidrIp) => ({ CidrIp, Description: 'HTTPS from an application subnet' })) } : {}),
      ...(ipv6.length > 0 ? { Ipv6Ranges: ipv6.map((CidrIpv6) => ({ CidrIpv6, Description: 'HTTPS from an application subnet' })) } : {}),
    },
  ];
}
