/**
 * The consumer's answer Data, read with `Fn::GetAtt`: the hub it uses, the hub zones its spoke is associated with and
 * the CIDR blocks its claim admits (comma lists), and the notes. Every key is present on every SUCCESS, empty when there
 * is nothing, so that `Fn::GetAtt` on any of them never fails a stack.
 *
 * Pure: no AWS SDK.
 */
import type { ConsumerConvergeResult } from './converge';

/** Every output a consumer answers. */
export const CONSUMER_OUTPUTS = ['HubId', 'AssociatedZoneIds', 'IngressCidrs', 'Notes'] as const;

/**
 * @example
 * consumerResponseData({ hubId, associatedZoneIds: ['Z1', 'Z2'], ingressCidrs: ['10.1.0.0/16'], notes: [], writes: 4 })
 * // { HubId: 'arn:…', AssociatedZoneIds: 'Z1,Z2', IngressCidrs: '10.1.0.0/16', Notes: '' }
 */
export function consumerResponseData(result: Omit<ConsumerConvergeResult, 'writes'>): Record<(typeof CONSUMER_OUTPUTS)[number], string> {
  return {
    HubId: result.hubId,
    AssociatedZoneIds: result.associatedZoneIds.join(','),
    IngressCidrs: result.ingressCidrs.join(','),
    Notes: result.notes.join('; '),
  };
}
