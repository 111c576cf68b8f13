/**
 * The prices the preview's cost estimate uses by default: a dated table, in the repository, citing where each figure
 * comes from. A Region missing here is reported as missing, never guessed from a neighbour; `--pricing live` reads the
 * AWS Price List Query API instead (./price-list.ts).
 *
 * To add a Region: read its figures on the two AWS price pages below (or `aws pricing get-products` with the usage
 * types in {@link USAGE_TYPES}), add an entry, move `asOf` to that day and name the sources.
 */

/** The on-demand prices, in USD, that the estimate needs for one Region. */
export interface RegionPrices {
  /** Per interface endpoint per AZ per hour (usage type `[<prefix>-]VpcEndpoint-Hours`, service code AmazonVPC). */
  readonly endpointAzHour: number;
  /** Per GB processed by interface endpoints: the first tier, up to 1 PB a month per Region (`VpcEndpoint-Bytes`). */
  readonly endpointGb: number;
  /** Per NAT gateway per hour (`[<prefix>-]NatGateway-Hours`, service code AmazonEC2). */
  readonly natGatewayHour: number;
  /** Per GB processed by a NAT gateway (`[<prefix>-]NatGateway-Bytes`). */
  readonly natGatewayGb: number;
}

export interface PriceTable {
  /** The day the figures were read (ISO 8601). */
  readonly asOf: string;
  readonly currency: 'USD';
  /** Where the figures come from. */
  readonly sources: readonly string[];
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

/** The Price List usage types the figures are (the Region's prefix, e.g. `EUW1-`, goes before them outside us-east-1). */
export const USAGE_TYPES = {
  endpointAzHour: { serviceCode: 'AmazonVPC', usageType: 'VpcEndpoint-Hours' },
  endpointGb: { serviceCode: 'AmazonVPC', usageType: 'VpcEndpoint-Bytes' },
  natGatewayHour: { serviceCode: 'AmazonEC2', usageType: 'NatGateway-Hours' },
  natGatewayGb: { serviceCode: 'AmazonEC2', usageType: 'NatGateway-Bytes' },
} as const;

/**
 * Only Regions whose four figures were confirmed on the day: the table would rather say "missing" than carry a figure
 * nobody checked. Processing above 1 PB a month per Region is cheaper (tiers $0.006, then $0.004 per GB above 5 PB);
 * the estimate uses the first tier and says so.
 */
export const PRICE_TABLE: PriceTable = {
  asOf: '2026-12-06',
  currency: 'USD',
  sources: [
    'https://aws.amazon.com/privatelink/pricing/ (interface endpoints: billed per endpoint per AZ-hour; data processed $0.01/GB for the first 1 PB per Region per month)',
    'https://aws.amazon.com/vpc/pricing/ (NAT gateways: per hour and per GB processed)',
    'Cross-checked: zacfukuda.com/blog/aws-nat-gateway-vs-vpc-endpoint (US East (N. Virginia) as of 2026-06-01: NAT $0.045/h and $0.045/GB, interface endpoint $0.010/h and $0.010/GB)',
  ],
  regions: {
    'us-east-1': { endpointAzHour: 0.01, endpointGb: 0.01, natGatewayHour: 0.045, natGatewayGb: 0.045 },
  },
};

/**
 * Route 53 private hosted zones, which a hub (DnsMode "HostedZones") makes one per service name. Route 53 is a global
 * service: one price in every Region. The tier is counted per account (all its zones, not only this resource's), which
 * the estimate cannot see, so it uses the first tier and says so.
 */
export const HOSTED_ZONE_PRICE = {
  asOf: '2026-12-06',
  /** Per hosted zone per month, for the first 25 hosted zones of the account. */
  perZoneMonth: 0.5,
  firstTierZones: 25,
  source: 'https://aws.amazon.com/route53/pricing/ (hosted zones: $0.50 per hosted zone per month for the first 25 hosted zones)',
} as const;
