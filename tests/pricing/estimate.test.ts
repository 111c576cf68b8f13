import { estimateCost, HOURS_PER_MONTH } from '../../lib/pricing/estimate';
import { HOSTED_ZONE_PRICE, PRICE_TABLE } from '../../lib/pricing/price-table';

const TABLE = { kind: 'table' as const, asOf: '2026-12-06', fallbackReason: null };
const US_EAST_1 = { endpointAzHour: 0.01, endpointGb: 0.01, natGatewayHour: 0.045, natGatewayGb: 0.045 };

describe('estimateCost', () => {
  it('prices endpoint-AZ hours at 730 hours a month, and the change of an Update', () => {
    const estimate = estimateCost({ region: 'us-east-1', prices: US_EAST_1, source: TABLE, interfaceEndpointAzs: { current: 9, planned: 4 } });

    expect(HOURS_PER_MONTH).toBe(730);
    expect(estimate.current).toEqual({ interfaceEndpointAzs: 9, endpointHours: 65.7, dataProcessing: null, hostedZones: 0, hostedZoneMonths: 0, total: 65.7 });
    expect(estimate.planned).toEqual({ interfaceEndpointAzs: 4, endpointHours: 29.2, dataProcessing: null, hostedZones: 0, hostedZoneMonths: 0, total: 29.2 });
    expect(estimate.change).toBe(-36.5);
    expect(estimate.natGateway).toBeNull();
  });

  it('adds data processing with --gb-per-month, and what the same traffic costs through a NAT gateway', () => {
    const estimate = estimateCost({ region: 'us-east-1', prices: US_EAST_1, source: TABLE, interfaceEndpointAzs: { current: 0, planned: 9 }, gbPerMonth: 500 });

    expect(estimate.planned).toEqual({ interfaceEndpointAzs: 9, endpointHours: 65.7, dataProcessing: 5, hostedZones: 0, hostedZoneMonths: 0, total: 70.7 });
    // No endpoints now, so no traffic through them now.
    expect(estimate.current).toEqual({ interfaceEndpointAzs: 0, endpointHours: 0, dataProcessing: 0, hostedZones: 0, hostedZoneMonths: 0, total: 0 });
    expect(estimate.natGateway).toEqual({ dataProcessing: 22.5, perGatewayHours: 32.85 });
  });

  it('says a Region missing from the table is missing, and guesses nothing', () => {
    const estimate = estimateCost({ region: 'ap-southeast-7', prices: PRICE_TABLE.regions['ap-southeast-7'], source: TABLE, interfaceEndpointAzs: { current: 0, planned: 6 }, gbPerMonth: 10 });

    expect(estimate).toMatchObject({ prices: null, current: null, planned: null, change: null, natGateway: null, missing: 'ap-southeast-7 is missing from the price table of 2026-12-06' });
  });
});

describe('estimateCost for a hub', () => {
  it('adds $0.50 a month per hosted zone to each side, and the zones to the change', () => {
    const estimate = estimateCost({
      region: 'us-east-1',
      prices: US_EAST_1,
      source: TABLE,
      interfaceEndpointAzs: { current: 6, planned: 9 },
      hostedZones: { current: 2, planned: 3 },
    });

    expect(estimate.current).toEqual({ interfaceEndpointAzs: 6, endpointHours: 43.8, dataProcessing: null, hostedZones: 2, hostedZoneMonths: 1, total: 44.8 });
    expect(estimate.planned).toEqual({ interfaceEndpointAzs: 9, endpointHours: 65.7, dataProcessing: null, hostedZones: 3, hostedZoneMonths: 1.5, total: 67.2 });
    expect(estimate.change).toBe(22.4);
  });
});

describe('the hosted zone price', () => {
  it('is Route 53’s first tier, dated and cited', () => {
    expect(HOSTED_ZONE_PRICE).toEqual({
      asOf: '2026-12-06',
      perZoneMonth: 0.5,
      firstTierZones: 25,
      source: expect.stringMatching(/^https:\/\/aws\.amazon\.com\/route53\/pricing\//),
    });
  });
});

describe('the price table', () => {
  it('is dated, cites AWS’s price pages, and holds us-east-1’s figures as of that day', () => {
    expect(PRICE_TABLE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE.sources).toEqual(expect.arrayContaining([expect.stringMatching(/^https:\/\/aws\.amazon\.com\/privatelink\/pricing\//), expect.stringMatching(/^https:\/\/aws\.amazon\.com\/vpc\/pricing\//)]));
    expect(PRICE_TABLE.regions['us-east-1']).toEqual(US_EAST_1);
  });
});
