/**
 * `DnsMode` and `AllowedConsumers`: how the interface endpoints' names resolve, and, when a hub serves other VPCs
 * through hosted zones, who may consume it.
 *
 * `PrivateDns` (the default) is the per-VPC design: each endpoint's private DNS answers inside its own VPC.
 * `HostedZones` makes the resource a hub: private DNS off, and one Route 53 private hosted zone per service name that
 * consumers' VPCs are associated with (see `lib/centralised/`). The zones replace private DNS, so asking for both is an
 * error rather than a silent choice.
 *
 * Pure: no I/O, no AWS SDK.
 */
import { isOrganizationalUnitOrRootId, ORGANIZATION, type AllowedConsumers } from '../centralised/hub-contract';
import { describeValue } from './describe-value';
import { nearestName } from './nearest-name';
import { INVALID, got, isAbsent, readTextList, valid, type Parsed, type Report } from './readers';
import type { DnsMode } from './spec';

/** The values of `DnsMode`, as the documentation writes them. */
export const DNS_MODES: readonly DnsMode[] = ['PrivateDns', 'HostedZones'];

const ACCOUNT_ID = /^\d{12}$/;

/**
 * `DnsMode`: one of {@link DNS_MODES}, matched case-insensitively; undefined when not given. An unknown value is
 * reported with the nearest mode, as unknown property names are.
 *
 * @example
 * readDnsMode('DnsMode', 'hostedzones', report) // => valid('HostedZones')
 * readDnsMode('DnsMode', 'HostedZone', report) // reports '… Did you mean "HostedZones"?'
 */
export function readDnsMode(property: string, raw: unknown, report: Report): Parsed<DnsMode | undefined> {
  if (isAbsent(raw)) return valid(undefined);
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  const mode = DNS_MODES.find((candidate) => candidate.toLowerCase() === text?.toLowerCase());
  if (mode !== undefined) return valid(mode);
  const suggestion = text === undefined ? undefined : nearestName(text, DNS_MODES);
  report(
    `${property} must be one of ${DNS_MODES.map((candidate) => `"${candidate}"`).join(', ')}; ${got(raw)}.` +
      (suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`),
  );
  return INVALID;
}

/**
 * `AllowedConsumers`: 12-digit account IDs, OU IDs (`ou-…`) and root IDs (`r-…`), mixed, as a list or one
 * comma-separated string; or `Organization` alone (any case); undefined when not given. Every bad item is reported; a
 * repeated ID is harmless and kept once. An OU or root admits every account under it, at any depth.
 *
 * @example
 * readAllowedConsumers('AllowedConsumers', '111122223333, 444455556666', report)
 * // => valid({ kind: 'accounts', accountIds: ['111122223333', '444455556666'] })
 * readAllowedConsumers('AllowedConsumers', '111122223333, ou-a1b2-workload1', report)
 * // => valid({ kind: 'accounts', accountIds: ['111122223333'], organizationalUnitIds: ['ou-a1b2-workload1'] })
 * readAllowedConsumers('AllowedConsumers', 'organization', report) // => valid({ kind: 'organization' })
 */
export function readAllowedConsumers(property: string, raw: unknown, report: Report): Parsed<AllowedConsumers | undefined> {
  const items = readTextList(property, raw, report, `12-digit account IDs, OU IDs, root IDs or "${ORGANIZATION}"`);
  if (!items.ok || items.value === undefined) return items.ok ? valid(undefined) : INVALID;
  if (items.value.length === 0) {
    report(`${property} must name at least one account ID, OU ID or root ID, or "${ORGANIZATION}"; ${got(raw)}. Leave it out for the hub's own account only.`);
    return INVALID;
  }
  const organization = items.value.filter((item) => item.text.toLowerCase() === ORGANIZATION.toLowerCase());
  if (organization.length > 0) {
    if (items.value.length === 1) return valid({ kind: 'organization' });
    report(`${property} "${ORGANIZATION}" already admits every account of the organisation; give it alone, without account, OU or root IDs; ${got(raw)}.`);
    return INVALID;
  }
  let wellFormed = true;
  for (const item of items.value) {
    if (ACCOUNT_ID.test(item.text) || isOrganizationalUnitOrRootId(item.text)) continue;
    wellFormed = false;
    // OU and root IDs are lower case (AWS Organizations API reference): a copied ID in capitals is named as such.
    const hint = isOrganizationalUnitOrRootId(item.text.toLowerCase())
      ? ` OU and root IDs are lower case: "${item.text.toLowerCase()}".`
      : ((suggestion) => (suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`))(nearestName(item.text, [ORGANIZATION]));
    report(`${item.label} ${describeValue(item.text)} is not an account ID (12 digits), an OU ID (ou-…) or a root ID (r-…).${hint}`);
  }
  if (!wellFormed) return INVALID;
  const texts = [...new Set(items.value.map((item) => item.text))];
  const organizationalUnitIds = texts.filter((text) => !ACCOUNT_ID.test(text));
  const accountIds = texts.filter((text) => ACCOUNT_ID.test(text));
  return valid(organizationalUnitIds.length === 0 ? { kind: 'accounts', accountIds } : { kind: 'accounts', accountIds, organizationalUnitIds });
}
