/**
 * An AWS Organizations tree as the simulator's world holds it: one root, OUs nested under it, accounts in the root or an
 * OU, the management account, and the member accounts the management account delegated read access to. Built by tests
 * (the world builder is this class's `addOrganizationalUnit`/`addAccount`/`delegate`); read by ./list-parents.ts.
 *
 * Facts (AWS Organizations User Guide and API reference):
 * - one root per organisation ("Quotas for AWS Organizations": number of roots in an organization, 1);
 * - OUs nest at most five levels under the root (same page, "OU maximum nesting in a root");
 * - "a child can have only a single parent" (API reference, ListParents);
 * - ID formats (API reference, ListParents `ChildId` and the `Parent` data type): an account is 12 digits, an OU is
 *   `ou-` + 4–32 lowercase letters or digits (the root's) + `-` + 8–32 more, a root is `r-` + 4–32.
 */

/** A root's ID: `r-` and 4 to 32 lowercase letters or digits (API reference, "Root" data type, `Id`). */
export const SIM_ROOT_ID = /^r-[0-9a-z]{4,32}$/;
/** An OU's ID (API reference, ListParents, `ChildId`). */
export const SIM_OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** An account's ID: exactly 12 digits. */
export const SIM_ACCOUNT_ID = /^\d{12}$/;
/** OUs nest at most this deep under the root ("Quotas for AWS Organizations", OU maximum nesting in a root). */
export const MAX_OU_DEPTH = 5;

/** The type of a parent, as ListParents names it (API reference, "Parent" data type, `Type`: ROOT | ORGANIZATIONAL_UNIT). */
export type SimParentType = 'ROOT' | 'ORGANIZATIONAL_UNIT';

/** Settings a test may change at any time to make Organizations unkind. */
export interface SimOrganizationSettings {
  /**
   * This many ListParents calls first answer an empty page with a NextToken: "These operations can occasionally return
   * an empty set of results even when more results are available" (API reference, ListParents, note).
   */
  emptyPagesFirst: number;
  /** This many calls from now answer TooManyRequestsException (API reference, ListParents, "Errors"). */
  throttleNextCalls: number;
}

/**
 * One organisation.
 *
 * @example
 * const org = new SimOrganization({ managementAccountId: '999988887777', rootId: 'r-a1b2' })
 *   .addOrganizationalUnit('ou-a1b2-workload1', 'r-a1b2')
 *   .addAccount('444455556666', 'ou-a1b2-workload1')
 *   .delegate('111122223333');
 */
export class SimOrganization {
  readonly managementAccountId: string;
  readonly rootId: string;
  readonly settings: SimOrganizationSettings = { emptyPagesFirst: 0, throttleNextCalls: 0 };
  /** Child (account or OU) → its one parent. */
  private readonly parents = new Map<string, string>();
  /** Member accounts the delegation policy grants `organizations:ListParents`. */
  private readonly delegated = new Set<string>();

  constructor(options: { readonly managementAccountId: string; readonly rootId?: string }) {
    this.managementAccountId = options.managementAccountId;
    this.rootId = options.rootId ?? 'r-a1b2';
    if (!SIM_ROOT_ID.test(this.rootId)) throw new Error(`Not a root ID: ${this.rootId}`);
    // The management account is a member too, in the root until moved.
    this.parents.set(this.managementAccountId, this.rootId);
  }

  /** Adds an OU under `parentId` (the root or another OU), refusing a sixth level. */
  addOrganizationalUnit(ouId: string, parentId: string): this {
    if (!SIM_OU_ID.test(ouId)) throw new Error(`Not an OU ID: ${ouId}`);
    if (this.parents.has(ouId)) throw new Error(`${ouId} exists already`);
    this.requireContainer(parentId);
    if (this.depthOf(parentId) + 1 > MAX_OU_DEPTH) throw new Error(`${ouId} would nest deeper than ${MAX_OU_DEPTH} OUs under the root`);
    this.parents.set(ouId, parentId);
    return this;
  }

  /** Puts an account in the root or an OU (moving it when it is a member already: one parent only). */
  addAccount(accountId: string, parentId: string = this.rootId): this {
    if (!SIM_ACCOUNT_ID.test(accountId)) throw new Error(`Not an account ID: ${accountId}`);
    this.requireContainer(parentId);
    this.parents.set(accountId, parentId);
    return this;
  }

  /** Grants a member account ListParents through the organisation's resource-based delegation policy. */
  delegate(accountId: string): this {
    this.delegated.add(accountId);
    return this;
  }

  /** Whether `accountId` belongs to this organisation. */
  hasMember(accountId: string): boolean {
    return SIM_ACCOUNT_ID.test(accountId) && this.parents.has(accountId);
  }

  /** Whether `accountId` may read the tree: the management account or a delegated administrator. */
  mayRead(accountId: string): boolean {
    return accountId === this.managementAccountId || this.delegated.has(accountId);
  }

  /** The parent of an account or OU with its type; undefined when the child is not in the organisation. */
  parentOf(childId: string): { readonly id: string; readonly type: SimParentType } | undefined {
    const parentId = this.parents.get(childId);
    if (parentId === undefined) return undefined;
    return { id: parentId, type: parentId === this.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
  }

  private requireContainer(id: string): void {
    if (id !== this.rootId && !(SIM_OU_ID.test(id) && this.parents.has(id))) throw new Error(`No root or OU ${id} in the organisation`);
  }

  /** 0 for the root, 1 for an OU directly under it, and so on. */
  private depthOf(id: string): number {
    let depth = 0;
    for (let current = id; current !== this.rootId; current = this.parents.get(current) as string) depth += 1;
    return depth;
  }
}
