import { compareShapes, shapeOf } from './response-shape';

describe('the shape of an SDK-parsed response', () => {
  it('names every element path with its type, lists as the union of their elements, values and $metadata aside', () => {
    const shape = shapeOf({
      $metadata: { httpStatusCode: 200 },
      Subnets: [
        { SubnetId: 'subnet-1', AvailableIpAddressCount: 11, Tags: [{ Key: 'a', Value: 'b' }] },
        { SubnetId: 'subnet-2', DefaultForAz: false, CreatedAt: new Date(0) },
      ],
      NextToken: undefined,
    });

    expect([...shape]).toEqual([
      ['Subnets', 'list'],
      ['Subnets[]', 'object'],
      ['Subnets[].AvailableIpAddressCount', 'number'],
      ['Subnets[].CreatedAt', 'timestamp'],
      ['Subnets[].DefaultForAz', 'boolean'],
      ['Subnets[].SubnetId', 'string'],
      ['Subnets[].Tags', 'list'],
      ['Subnets[].Tags[]', 'object'],
      ['Subnets[].Tags[].Key', 'string'],
      ['Subnets[].Tags[].Value', 'string'],
    ]);
  });

  it('takes an empty list for an absent one, and lists every type a path takes', () => {
    expect([...shapeOf({ Tags: [], Ids: ['a', 1] })]).toEqual([
      ['Ids', 'list'],
      ['Ids[]', 'number|string'],
    ]);
  });

  it('reports a path missing on one side once, at the highest missing element, and a type that differs', () => {
    const sim = shapeOf({ Endpoint: { State: 'pending', DnsOptions: { DnsRecordIpType: 'ipv4' }, Count: '3' } });
    const moto = shapeOf({ Endpoint: { State: 'available', Count: 3, Owner: 'me' } });

    expect(compareShapes(sim, moto)).toEqual([
      { path: 'Endpoint.Count', sim: 'string', moto: 'number' },
      { path: 'Endpoint.DnsOptions', sim: 'object', moto: undefined },
      { path: 'Endpoint.Owner', sim: undefined, moto: 'string' },
    ]);
    expect(compareShapes(sim, sim)).toEqual([]);
  });
});
