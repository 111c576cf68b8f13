import { Ec2SimError } from './errors';

/** Zones of the simulated region. */
export interface ZoneOptions {
  /** The region's zone ids; default {@link regionZoneIds} of the region. */
  ids?: readonly string[];
  /**
   * Per account: zone ids listed in the order of that account's zone names (a, b, c…). Accounts
   * not listed map names to ids in `ids` order. AZ names map to physical zones differently per
   * account; AZ ids are the same everywhere (RAM guide, "AZ IDs").
   */
  nameOrderByAccount?: Readonly<Record<string, readonly string[]>>;
}

const DIRECTION_CODES: Readonly<Record<string, string>> = {
  north: 'n', south: 's', east: 'e', west: 'w', central: 'c',
  northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw',
};

/** `us-east-1` → `use1`, `ap-southeast-2` → `apse2`: the prefix AWS uses in zone ids. */
export function regionZoneIdPrefix(region: string): string {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${DIRECTION_CODES[direction] ?? direction.charAt(0)}${number}`;
}

/**
 * The AZ IDs of the regions the simulator knows, as `aws ec2 describe-availability-zones --region <r>` lists them for
 * standard zones (RAM guide, "AZ IDs"; the AWS Regions and Availability Zones page). Not every region numbers its zones
 * from 1 without gaps: us-west-1 has usw1-az1 and usw1-az3, ap-northeast-1 and ca-central-1 have no az3.
 */
export const KNOWN_REGION_ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['use1-az1', 'use1-az2', 'use1-az3', 'use1-az4', 'use1-az5', 'use1-az6'],
  'us-east-2': ['use2-az1', 'use2-az2', 'use2-az3'],
  'us-west-1': ['usw1-az1', 'usw1-az3'],
  'us-west-2': ['usw2-az1', 'usw2-az2', 'usw2-az3', 'usw2-az4'],
  'ca-central-1': ['cac1-az1', 'cac1-az2', 'cac1-az4'],
  'sa-east-1': ['sae1-az1', 'sae1-az2', 'sae1-az3'],
  'eu-west-1': ['euw1-az1', 'euw1-az2', 'euw1-az3'],
  'eu-west-2': ['euw2-az1', 'euw2-az2', 'euw2-az3'],
  'eu-west-3': ['euw3-az1', 'euw3-az2', 'euw3-az3'],
  'eu-central-1': ['euc1-az1', 'euc1-az2', 'euc1-az3'],
  'eu-north-1': ['eun1-az1', 'eun1-az2', 'eun1-az3'],
  'ap-south-1': ['aps1-az1', 'aps1-az2', 'aps1-az3'],
  'ap-northeast-1': ['apne1-az1', 'apne1-az2', 'apne1-az4'],
  'ap-northeast-2': ['apne2-az1', 'apne2-az2', 'apne2-az3', 'apne2-az4'],
  'ap-southeast-1': ['apse1-az1', 'apse1-az2', 'apse1-az3'],
  'ap-southeast-2': ['apse2-az1', 'apse2-az2', 'apse2-az3'],
};

/** The zone ids of a region: the real ones where known, else three derived from the region's name (`az1`…`az3`). */
export function regionZoneIds(region: string): readonly string[] {
  return KNOWN_REGION_ZONE_IDS[region] ?? [1, 2, 3].map((n) => `${regionZoneIdPrefix(region)}-az${n}`);
}

/** Translates between an account's zone names and the account-independent zone ids. */
export class Zones {
  readonly ids: readonly string[];
  private readonly orderByAccount: Readonly<Record<string, readonly string[]>>;

  constructor(
    readonly region: string,
    options: ZoneOptions = {},
  ) {
    this.ids = options.ids ?? regionZoneIds(region);
    this.orderByAccount = options.nameOrderByAccount ?? {};
    for (const [account, order] of Object.entries(this.orderByAccount)) {
      const sorted = [...order].sort();
      if (sorted.length !== this.ids.length || sorted.some((id, index) => id !== [...this.ids].sort()[index])) {
        throw new Error(`azs.nameOrderByAccount[${account}] must list each of ${this.ids.join(', ')} once`);
      }
    }
  }

  /** The account's zones as [name, id] pairs, sorted by name. */
  list(account: string): Array<{ name: string; id: string }> {
    return this.order(account).map((id, index) => ({ name: `${this.region}${String.fromCharCode(97 + index)}`, id }));
  }

  nameOf(zoneId: string, account: string): string {
    const zone = this.list(account).find((entry) => entry.id === zoneId);
    if (!zone) throw new Error(`unknown zone id ${zoneId}`);
    return zone.name;
  }

  /** The zone id of an account's zone name, or undefined when the name is not a zone of the region. */
  idOf(zoneName: string, account: string): string | undefined {
    return this.list(account).find((entry) => entry.name === zoneName)?.id;
  }

  isZoneId(zoneId: string): boolean {
    return this.ids.includes(zoneId);
  }

  /**
   * The zone id for a request that names a zone by name and/or id (CreateSubnet); defaults to the
   * first zone, as EC2 picks one when neither is given.
   */
  resolve(account: string, name: string | undefined, id: string | undefined): string {
    const byName = name === undefined ? undefined : this.idOf(name, account);
    if (name !== undefined && byName === undefined) {
      throw new Ec2SimError('InvalidParameterValue', `Value (${name}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: ${this.list(account).map((z) => z.name).join(', ')}.`);
    }
    if (id !== undefined && !this.isZoneId(id)) {
      throw new Ec2SimError('InvalidParameterValue', `Value (${id}) for parameter availabilityZoneId is invalid.`);
    }
    if (byName !== undefined && id !== undefined && byName !== id) {
      throw new Ec2SimError('InvalidParameterCombination', 'The parameters AvailabilityZone and AvailabilityZoneId name different zones.');
    }
    return byName ?? id ?? (this.ids[0] as string);
  }

  private order(account: string): readonly string[] {
    return this.orderByAccount[account] ?? this.ids;
  }
}
