import { parseProduct, readLivePrices, type PriceListQuery } from '../../lib/pricing/price-list';

/** A Price List product as GetProducts returns it (one JSON string per product), trimmed to the fields that matter. */
function product(usageType: string, regionCode: string, tiers: [string, string][], publicationDate = '2026-11-20T18:00:00Z'): string {
  const priceDimensions = Object.fromEntries(tiers.map(([beginRange, usd], index) => [`SKU.TERM.${index}`, { beginRange, endRange: 'Inf', unit: 'Hrs', pricePerUnit: { USD: usd } }]));
  return JSON.stringify({ product: { productFamily: 'x', attributes: { usagetype: usageType, regionCode } }, terms: { OnDemand: { 'SKU.TERM': { priceDimensions } } }, publicationDate });
}

describe('readLivePrices', () => {
  it('reads the four prices of the Region, the first tier of a tiered one, and the publication date', async () => {
    const queries: PriceListQuery[] = [];
    const answers: Record<string, string[]> = {
      AmazonVPC: [
        product('EUW1-VpcEndpoint-Hours', 'eu-west-1', [['0', '0.0110000000']]),
        product('EUW1-VpcEndpoint-Bytes', 'eu-west-1', [['1048576', '0.0060000000'], ['0', '0.0100000000']]),
        product('EUW1-VpcEndpoint-Service-Hours', 'eu-west-1', [['0', '9.9']]),
      ],
      AmazonEC2: [product('EUW1-NatGateway-Hours', 'eu-west-1', [['0', '0.048']], '2026-11-27T10:00:00Z'), product('EUW1-NatGateway-Bytes', 'eu-west-1', [['0', '0.048']])],
    };

    const live = await readLivePrices('eu-west-1', async (query) => {
      queries.push(query);
      return { priceList: answers[query.serviceCode] ?? [] };
    });

    expect(live).toEqual({ prices: { endpointAzHour: 0.011, endpointGb: 0.01, natGatewayHour: 0.048, natGatewayGb: 0.048 }, asOf: '2026-11-27' });
    expect(queries.map((query) => [query.serviceCode, query.filters])).toEqual([
      ['AmazonVPC', [{ type: 'TERM_MATCH', field: 'regionCode', value: 'eu-west-1' }, { type: 'CONTAINS', field: 'usagetype', value: 'VpcEndpoint-' }]],
      ['AmazonEC2', [{ type: 'TERM_MATCH', field: 'regionCode', value: 'eu-west-1' }, { type: 'CONTAINS', field: 'usagetype', value: 'NatGateway-' }]],
    ]);
  });

  it('reports no prices when any of the four is not listed for the Region (never a neighbour’s)', async () => {
    const live = await readLivePrices('eu-west-1', async () => ({ priceList: [product('VpcEndpoint-Hours', 'us-east-1', [['0', '0.01']])] }));

    expect(live.prices).toBeUndefined();
  });

  it('follows NextToken', async () => {
    const pages = [{ priceList: [], nextToken: 'page-2' }, { priceList: [product('USE2-VpcEndpoint-Hours', 'us-east-2', [['0', '0.01']])] }];
    const tokens: (string | undefined)[] = [];

    await readLivePrices('us-east-2', async (query) => {
      tokens.push(query.nextToken);
      return query.serviceCode === 'AmazonVPC' ? (pages.shift() ?? { priceList: [] }) : { priceList: [] };
    });

    expect(tokens).toEqual([undefined, 'page-2', undefined]);
  });
});

describe('parseProduct', () => {
  it.each(['not json', '{}', JSON.stringify({ product: { attributes: { usagetype: 'x', regionCode: 'y' } }, terms: {} })])('ignores a document of another shape: %s', (text) => {
    expect(parseProduct(text)).toBeUndefined();
  });
});
