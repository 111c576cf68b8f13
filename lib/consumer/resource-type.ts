/**
 * Which resource type an event is for. One ServiceToken serves two types: `Custom::VpcEndpointConsumer` is a consumer of
 * a centralised hub; every other type name is the endpoints resource, as it always was (users name custom types
 * freely, `Custom::VpcEndpoints` or `AWS::CloudFormation::CustomResource` or their own, so only the exact consumer name
 * changes anything).
 *
 * Pure: no AWS SDK.
 */

/** The consumer's resource type, exactly (CloudFormation compares type names case-sensitively). */
export const CONSUMER_RESOURCE_TYPE = 'Custom::VpcEndpointConsumer';

/** The type the documentation uses for the endpoints resource (any other name serves it too). */
export const ENDPOINTS_RESOURCE_TYPE = 'Custom::VpcEndpoints';

/**
 * Whether the event is for a consumer.
 *
 * @example
 * isConsumerEvent({ ResourceType: 'Custom::VpcEndpointConsumer' }) // true
 * isConsumerEvent({ ResourceType: 'Custom::vpcendpointconsumer' }) // false: the endpoints resource, as before
 */
export function isConsumerEvent(event: { readonly ResourceType?: unknown }): boolean {
  return event.ResourceType === CONSUMER_RESOURCE_TYPE;
}
