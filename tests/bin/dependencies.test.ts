import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { defaultCliDependencies } from '../../bin/dependencies';

describe('the Price List reader of --pricing live', () => {
  const pricing = mockClient(PricingClient);
  beforeEach(() => pricing.reset());
  afterAll(() => pricing.restore());

  it('asks GetProducts in us-east-1 with the filters and token given, and hands back the PriceList strings', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: ['{"product":{}}'], NextToken: 'next', FormatVersion: 'aws_v1' });
    const reader = defaultCliDependencies.makePriceListReader({});

    const page = await reader.read({ serviceCode: 'AmazonVPC', filters: [{ type: 'CONTAINS', field: 'usagetype', value: 'VpcEndpoint-' }], nextToken: 'token-1' });
    const region = await (pricing.send.thisValues[0] as PricingClient | undefined)?.config.region();
    reader.destroy();

    expect(page).toEqual({ priceList: ['{"product":{}}'], nextToken: 'next' });
    expect(pricing).toHaveReceivedCommandWith(GetProductsCommand, {
      ServiceCode: 'AmazonVPC',
      Filters: [{ Type: 'CONTAINS', Field: 'usagetype', Value: 'VpcEndpoint-' }],
      FormatVersion: 'aws_v1',
      MaxResults: 100,
      NextToken: 'token-1',
    });
    expect(region).toBe('us-east-1');
  });
});
