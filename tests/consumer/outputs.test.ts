import { consumerResponseData } from '../../lib/consumer/outputs';

describe('consumerResponseData', () => {
  it('answers the hub, the zones and the CIDRs as comma lists, and the notes joined', () => {
    const data = consumerResponseData({
      hubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a',
      associatedZoneIds: ['ZECRAPI', 'ZLOGS'],
      ingressCidrs: ['10.1.0.0/16', '10.2.0.0/16'],
      notes: ['first note', 'second note'],
    });

    expect(data).toEqual({
      HubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a',
      AssociatedZoneIds: 'ZECRAPI,ZLOGS',
      IngressCidrs: '10.1.0.0/16,10.2.0.0/16',
      Notes: 'first note; second note',
    });
  });

  it('answers every key, empty when there is nothing', () => {
    expect(consumerResponseData({ hubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a', associatedZoneIds: [], ingressCidrs: [], notes: [] })).toEqual({
      HubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0a0a0a0a',
      AssociatedZoneIds: '',
      IngressCidrs: '',
      Notes: '',
    });
  });
});
