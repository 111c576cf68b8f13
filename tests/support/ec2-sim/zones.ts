import { Ec2SimError } from './errors';

/** Zones of the simulated region. */
export interface ZoneOptions {
  /** The region's zone ids, e.g. `use1-az1`…`use1-az6` (the default, derived from the region). */
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

/** Translates between an account's zone names and the account-independent zone ids. */
export class Zones {
  readonly ids: readonly string[];
  private readonly orderByAccount: Readonly<Record<string, readonly string[]>>;

  constructor(
    readonly region: string,
    options: ZoneOptions = {},
  ) {
    this.ids = options.ids ?? [1, 2, 3, 4, 5, 6].map((n) => `${regionZoneIdPrefix(region)}-az${n}`);
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
