/**
 * A monthly cost estimate of what the resource runs: interface endpoint-AZ hours, data processed through the interface
 * endpoints when the caller says how much, a hub's private hosted zones, and what the same traffic would cost through a
 * NAT gateway. Gateway endpoints (s3, dynamodb) are free. Pure: the prices come in (./price-table.ts or ./price-list.ts).
 */
import { HOSTED_ZONE_PRICE, type RegionPrices } from './price-table';

/** AWS's own monthly figure for an always-on resource (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/** Where the prices came from, and of which day. */
export interface PriceSource {
  /** `table`: the repository's dated table. `live`: the AWS Price List Query API (pricing:GetProducts). */
  readonly kind: 'table' | 'live';
  /** The table's date, or the Price List's publication date (ISO 8601). */
  readonly asOf: string;
  /** Why live prices were not used although asked for (the table stood in): what AWS answered. Null otherwise. */
  readonly fallbackReason: string | null;
}

/** One side (now, or after the plan) of the estimate, in USD a month. */
export interface MonthlyCost {
  readonly interfaceEndpointAzs: number;
  readonly endpointHours: number;
  /** Null without --gb-per-month. */
  readonly dataProcessing: number | null;
  /** Private hosted zones (a hub's; zero otherwise) and what they cost a month, at HOSTED_ZONE_PRICE's first tier. */
  readonly hostedZones: number;
  readonly hostedZoneMonths: number;
  readonly total: number;
}

export interface CostEstimate {
  readonly currency: 'USD';
  readonly region: string;
  readonly source: PriceSource;
  /** Null when the source has no prices for the Region: then every figure below is null too. */
  readonly prices: RegionPrices | null;
  /** Said when `prices` is null: which Region is missing from which source. */
  readonly missing: string | null;
  readonly gbPerMonth: number | null;
  /** What the resource owns now (zero for a Create). */
  readonly current: MonthlyCost | null;
  /** Once the plan has run. */
  readonly planned: MonthlyCost | null;
  /** planned − current. */
  readonly change: number | null;
  /** The same traffic through a NAT gateway instead; null without --gb-per-month or prices. */
  readonly natGateway: { readonly dataProcessing: number; readonly perGatewayHours: number } | null;
}

/**
 * The estimate for a plan that takes the resource from `current` to `planned` interface endpoint-AZs.
 *
 * @example
 * estimateCost({ region: 'us-east-1', prices: PRICE_TABLE.regions['us-east-1'], source, interfaceEndpointAzs: { current: 0, planned: 9 }, gbPerMonth: 100 })
 * // planned: { interfaceEndpointAzs: 9, endpointHours: 65.7, dataProcessing: 1, total: 66.7 }, natGateway: { dataProcessing: 4.5, perGatewayHours: 32.85 }
 */
export function estimateCost(input: {
  readonly region: string;
  readonly prices: RegionPrices | undefined;
  readonly source: PriceSource;
  readonly interfaceEndpointAzs: { readonly current: number; readonly planned: number };
  /** A hub's private hosted zones now and after the plan; none when absent. */
  readonly hostedZones?: { readonly current: number; readonly planned: number };
  readonly gbPerMonth?: number;
}): CostEstimate {
  const { prices, gbPerMonth } = input;
  const base = { currency: 'USD' as const, region: input.region, source: input.source, gbPerMonth: gbPerMonth ?? null };
  if (!prices) {
    const where = input.source.kind === 'table' ? `the price table of ${input.source.asOf}` : 'the AWS Price List';
    return { ...base, prices: null, missing: `${input.region} is missing from ${where}`, current: null, planned: null, change: null, natGateway: null };
  }
  const side = (endpointAzs: number, hostedZones: number): MonthlyCost => {
    const endpointHours = cents(endpointAzs * HOURS_PER_MONTH * prices.endpointAzHour);
    // Traffic goes through the endpoints only while there are some.
    const dataProcessing = gbPerMonth === undefined ? null : endpointAzs === 0 ? 0 : cents(gbPerMonth * prices.endpointGb);
    const hostedZoneMonths = cents(hostedZones * HOSTED_ZONE_PRICE.perZoneMonth);
    return { interfaceEndpointAzs: endpointAzs, endpointHours, dataProcessing, hostedZones, hostedZoneMonths, total: cents(endpointHours + (dataProcessing ?? 0) + hostedZoneMonths) };
  };
  const current = side(input.interfaceEndpointAzs.current, input.hostedZones?.current ?? 0);
  const planned = side(input.interfaceEndpointAzs.planned, input.hostedZones?.planned ?? 0);
  return {
    ...base,
    prices,
    missing: null,
    current,
    planned,
    change: cents(planned.total - current.total),
    natGateway:
      gbPerMonth === undefined ? null : { dataProcessing: cents(gbPerMonth * prices.natGatewayGb), perGatewayHours: cents(HOURS_PER_MONTH * prices.natGatewayHour) },
  };
}

/** Rounded to the cent, so that sums print as they add up. */
function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
