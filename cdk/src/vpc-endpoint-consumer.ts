/**
 * `VpcEndpointConsumer`: one `Custom::VpcEndpointConsumer` resource with typed props and typed outputs — a spoke VPC
 * that uses a hub's endpoints (a `VpcEndpoints` with `dnsMode: 'HostedZones'`) through the hub's private hosted zones.
 * It renders exactly what a YAML template would declare (the README's "Consumers"), on the same ServiceToken as
 * `VpcEndpoints`. `test/drift.test.ts` keeps its property names and outputs equal to the provider's (lib/consumer/).
 */
import { CfnResource, Token, type Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { isUnresolved, type Tag } from './properties';
import { DEFAULT_SERVICE_TIMEOUT, VpcEndpoints, serviceTimeoutSeconds } from './vpc-endpoints';

/** The CloudFormation resource type the construct declares (the provider recognises it exactly, case-sensitively). */
export const CONSUMER_RESOURCE_TYPE = 'Custom::VpcEndpointConsumer';

/** The outputs the provider answers on every SUCCESS of a consumer, read with `Fn::GetAtt`. */
export const CONSUMER_OUTPUT_ATTRIBUTES = ['HubId', 'AssociatedZoneIds', 'IngressCidrs', 'Notes'] as const;

/** The consumer's own properties (CloudFormation's `ServiceToken` and `ServiceTimeout` are not among them). */
export interface VpcEndpointConsumerProperties {
  /**
   * `VpcId`: the spoke VPC that uses the hub's endpoints, `vpc-` + 8 or 17 lower-case hex digits, in this stack's
   * account; not the hub's own VPC. Both its DNS attributes must be on. Changing it replaces the consumer.
   */
  readonly vpcId: string;
  /**
   * `HubId`: the hub's ID, as the hub's `HubId` output gives it (`hub.attrHubId`, or
   * `arn:<partition>:ec2:<region>:<account>:vpc/<vpc-id>`), in this stack's partition and Region. The hub must allow
   * this stack's account (its `allowedConsumers`). Changing it replaces the consumer.
   */
  readonly hubId: string;
  /**
   * `Services`: the hub's interface services to use (short or full names of this Region), each one the hub serves.
   *
   * @default - every service the hub serves
   */
  readonly services?: readonly string[];
  /**
   * `GatewayServices`: named for completeness only — the provider refuses any gateway service on a consumer (gateway
   * endpoints are per VPC, free, and not reachable through a Transit Gateway). Make them with a `VpcEndpoints` on the
   * spoke VPC (`interfaceServices: []`, `gatewayServices: ['s3']`); the construct refuses a non-empty list at synth.
   *
   * @default - none
   */
  readonly gatewayServices?: readonly string[];
  /**
   * `Tags`: copied onto the consumer's rules on the hub's security group. No `aws:` or `vpce-provisioner:` keys.
   *
   * @default - none (only the ownership tags)
   */
  readonly tags?: readonly Tag[];
}

/** The consumer's property names, in the provider's documented order, keyed by their camelCase prop. */
export const CONSUMER_PROPERTY_NAMES: { readonly [P in keyof Required<VpcEndpointConsumerProperties>]: string } = {
  vpcId: 'VpcId',
  hubId: 'HubId',
  services: 'Services',
  gatewayServices: 'GatewayServices',
  tags: 'Tags',
};

/** Props of {@link VpcEndpointConsumer}: the consumer's properties plus how CloudFormation reaches the provider. */
export interface VpcEndpointConsumerProps extends VpcEndpointConsumerProperties {
  /**
   * The provider function's ARN (`ServiceToken`): the same provider as the hub's, deployed in (or serving) this account.
   *
   * @default - read at deploy time from the SSM parameter `/vpce-provisioner/service-token` of the stack's account and
   * region, as for `VpcEndpoints`
   */
  readonly serviceToken?: string;
  /**
   * How long CloudFormation waits for the provider's answer (`ServiceTimeout`), 1 second to 60 minutes.
   *
   * @default Duration.minutes(30)
   */
  readonly serviceTimeout?: Duration;
}

/**
 * Associates a spoke VPC with a hub's private hosted zones and admits exactly the spoke's CIDR blocks on the hub's
 * endpoints' security group, through the vpce-provisioner custom resource.
 *
 * @example
 * const consumer = new VpcEndpointConsumer(this, 'Consumer', {
 *   vpcId: vpc.vpcId,
 *   hubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c0b0a09080',
 *   services: ['ecr.api', 'ecr.dkr', 'logs'],
 * });
 * consumer.attrAssociatedZoneIds; // a token for Fn::GetAtt [Consumer, AssociatedZoneIds]
 */
export class VpcEndpointConsumer extends Construct {
  /** The `Custom::VpcEndpointConsumer` resource; its logical ID can be overridden here. */
  readonly resource: CfnResource;
  /** `HubId`: the hub this consumer uses, as given. */
  readonly attrHubId: string;
  /** `AssociatedZoneIds`: the hub zones the spoke is associated with, comma-separated (`Fn.split(',', …)` for a list). */
  readonly attrAssociatedZoneIds: string;
  /** `IngressCidrs`: the spoke's CIDR blocks the hub's security group admits for this consumer, comma-separated. */
  readonly attrIngressCidrs: string;
  /** `Notes`: what a person should know (a missing route toward the hub, for one), `; `-separated; empty when nothing. */
  readonly attrNotes: string;

  constructor(scope: Construct, id: string, props: VpcEndpointConsumerProps) {
    super(scope, id);
    if (props.gatewayServices !== undefined && !isUnresolved(props.gatewayServices) && props.gatewayServices.length > 0) {
      throw new Error(
        `${this.node.path}: gatewayServices [${props.gatewayServices.map((name) => `'${name}'`).join(', ')}]: a consumer does not make gateway endpoints ` +
          '(the provider refuses them). Gateway endpoints are per VPC and free: add a VpcEndpoints on the spoke VPC with interfaceServices: [] and these gatewayServices.',
      );
    }
    this.resource = new CfnResource(this, 'Resource', {
      type: CONSUMER_RESOURCE_TYPE,
      properties: {
        ServiceToken: props.serviceToken ?? VpcEndpoints.serviceTokenFromParameter(),
        ServiceTimeout: serviceTimeoutSeconds(props.serviceTimeout ?? DEFAULT_SERVICE_TIMEOUT),
        ...renderConsumerProperties(props),
      },
    });
    this.attrHubId = this.attribute('HubId');
    this.attrAssociatedZoneIds = this.attribute('AssociatedZoneIds');
    this.attrIngressCidrs = this.attribute('IngressCidrs');
    this.attrNotes = this.attribute('Notes');
  }

  private attribute(name: (typeof CONSUMER_OUTPUT_ATTRIBUTES)[number]): string {
    return Token.asString(this.resource.getAtt(name));
  }
}

/**
 * The props as CloudFormation properties, in the documented order, leaving out what was not given; tags become
 * `{Key, Value}`; tokens pass through to be resolved at synth.
 *
 * @example
 * renderConsumerProperties({ vpcId: 'vpc-0123abcd', hubId: 'arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0f0e0d0c', services: ['logs'] })
 * // => { VpcId: 'vpc-0123abcd', HubId: 'arn:…', Services: ['logs'] }
 */
export function renderConsumerProperties(props: VpcEndpointConsumerProperties): Record<string, unknown> {
  const values: { readonly [P in keyof Required<VpcEndpointConsumerProperties>]: unknown } = {
    vpcId: props.vpcId,
    hubId: props.hubId,
    services: props.services,
    gatewayServices: props.gatewayServices,
    tags: props.tags?.map((tag) => ({ Key: tag.key, Value: tag.value })),
  };
  const rendered: Record<string, unknown> = {};
  for (const [prop, name] of Object.entries(CONSUMER_PROPERTY_NAMES)) {
    const value = values[prop as keyof typeof values];
    if (value !== undefined) rendered[name] = value;
  }
  return rendered;
}
