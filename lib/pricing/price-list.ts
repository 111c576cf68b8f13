/**
 * `--pricing live`: the four prices the estimate needs, read from the AWS Price List Query API (pricing:GetProducts,
 * answered in us-east-1 for the aws partition). The caller hands in the one call (bin/dependencies.ts makes the SDK
 * client), so this module reads answers and imports no SDK.
 */
import { USAGE_TYPES, type RegionPrices } from './price-table';

/** One GetProducts request, as the SDK takes it (Filters Type TERM_MATCH / CONTAINS). */
export interface PriceListQuery {
  readonly serviceCode: string;
  readonly filters: readonly { readonly type: 'TERM_MATCH' | 'CONTAINS'; readonly field: string; readonly value: string }[];
  readonly nextToken?: string;
}

/** GetProducts' answer: PriceList holds one JSON document (a string) per product. */
export interface PriceListPage {
  readonly priceList: readonly string[];
  readonly nextToken?: string;
}

export type ReadPriceList = (query: PriceListQuery) => Promise<PriceListPage>;

/** Pages read per query at most: a Region has a handful of these products; more means the filter matched too much. */
const MAX_PAGES = 5;

/**
 * The Region's four prices from the Price List, and its publication date; `prices` undefined when any of the four is
 * not listed for the Region (the estimate then says the Region is missing, and guesses nothing).
 *
 * @throws whatever the call throws (AccessDenied without pricing:GetProducts, network errors): the caller falls back.
 */
export async function readLivePrices(region: string, read: ReadPriceList): Promise<{ prices: RegionPrices | undefined; asOf: string }> {
  const found = new Map<keyof RegionPrices, number>();
  let asOf = '';
  const wanted = Object.entries(USAGE_TYPES) as [keyof RegionPrices, { serviceCode: string; usageType: string }][];
  // One query per service code and usage-type family (VpcEndpoint-*, NatGateway-*), filtered to the Region.
  const queries = [...new Map(wanted.map(([, type]) => [`${type.serviceCode} ${family(type.usageType)}`, type])).values()];
  for (const query of queries) {
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await read({
        serviceCode: query.serviceCode,
        filters: [
          { type: 'TERM_MATCH', field: 'regionCode', value: region },
          { type: 'CONTAINS', field: 'usagetype', value: `${family(query.usageType)}-` },
        ],
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      for (const text of answer.priceList) {
        const product = parseProduct(text);
        if (!product || product.regionCode !== region) continue;
        for (const [key, type] of wanted) {
          if (product.usageType === type.usageType || product.usageType.endsWith(`-${type.usageType}`)) found.set(key, product.firstTierUsd);
        }
        if (product.publicationDate > asOf) asOf = product.publicationDate;
      }
      nextToken = answer.nextToken;
      if (!nextToken) break;
    }
  }
  const prices = wanted.every(([key]) => found.has(key))
    ? { endpointAzHour: found.get('endpointAzHour') ?? 0, endpointGb: found.get('endpointGb') ?? 0, natGatewayHour: found.get('natGatewayHour') ?? 0, natGatewayGb: found.get('natGatewayGb') ?? 0 }
    : undefined;
  return { prices, asOf: asOf.slice(0, 10) };
}

/** `VpcEndpoint` of `VpcEndpoint-Hours`. */
function family(usageType: string): string {
  return usageType.slice(0, usageType.indexOf('-'));
}

/**
 * The fields of one Price List product that matter here: its usage type, Region, on-demand USD price of the first tier
 * (the dimension whose beginRange is 0) and publication date. Undefined for a document of another shape.
 *
 * @example
 * parseProduct('{"product":{"attributes":{"usagetype":"VpcEndpoint-Hours","regionCode":"us-east-1"}},"terms":{"OnDemand":{"A":{"priceDimensions":{"B":{"beginRange":"0","pricePerUnit":{"USD":"0.0100000000"}}}}}},"publicationDate":"2026-11-20T18:00:00Z"}')
 * // { usageType: 'VpcEndpoint-Hours', regionCode: 'us-east-1', firstTierUsd: 0.01, publicationDate: '2026-11-20T18:00:00Z' }
 */
export function parseProduct(text: string): { usageType: string; regionCode: string; firstTierUsd: number; publicationDate: string } | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const record = document as {
    product?: { attributes?: { usagetype?: unknown; regionCode?: unknown } };
    terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { beginRange?: unknown; pricePerUnit?: { USD?: unknown } }> }> };
    publicationDate?: unknown;
  };
  const usageType = record.product?.attributes?.usagetype;
  const regionCode = record.product?.attributes?.regionCode;
  if (typeof usageType !== 'string' || typeof regionCode !== 'string') return undefined;
  const dimensions = Object.values(record.terms?.OnDemand ?? {}).flatMap((term) => Object.values(term.priceDimensions ?? {}));
  const first = dimensions.find((dimension) => dimension.beginRange === undefined || String(dimension.beginRange) === '0');
  const usd = Number(first?.pricePerUnit?.USD);
  if (!first || !Number.isFinite(usd)) return undefined;
  return { usageType, regionCode, firstTierUsd: usd, publicationDate: typeof record.publicationDate === 'string' ? record.publicationDate : '' };
}
