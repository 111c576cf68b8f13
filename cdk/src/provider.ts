/**
 * `VpcEndpointsProvider`: the provider itself, deployed from its Serverless Application Repository listing as a nested
 * application (`AWS::Serverless::Application`). The nested stack is template.yaml as published, so the bundle, role
 * and settings are the YAML deployment's by construction; `test/provider.test.ts` checks every parameter and output
 * this construct uses against template.yaml.
 */
import { Token, Tokenization } from 'aws-cdk-lib';
import { CfnApplication } from 'aws-cdk-lib/aws-sam';
import { Construct } from 'constructs';

/** The listing's version this package was built with (template.yaml's SemanticVersion; a test keeps them equal). */
export const PROVIDER_SEMANTIC_VERSION = '0.1.0';

/** Props of {@link VpcEndpointsProvider}; each optional one is template.yaml's parameter of the same name. */
export interface VpcEndpointsProviderProps {
  /**
   * The listing's application ARN, `arn:aws:serverlessrepo:<region>:<account>:applications/vpce-provisioner`: your own
   * `sam publish` of this repository, or a listing shared with your account.
   */
  readonly applicationId: string;
  /**
   * The version of the listing to deploy.
   *
   * @default PROVIDER_SEMANTIC_VERSION
   */
  readonly semanticVersion?: string;
  /**
   * `LogRetentionInDays`: how long the provider's log group keeps its logs (a value CloudWatch Logs accepts).
   *
   * @default 90
   */
  readonly logRetentionInDays?: number;
  /**
   * `OrganizationId`: hub mode; CloudFormation in member accounts of this AWS Organization may invoke the function.
   *
   * @default - this account only
   */
  readonly organizationId?: string;
  /**
   * `SpokeRoleName`: hub mode; the role the provider assumes in a member account.
   *
   * @default - the provider works in this account only
   */
  readonly spokeRoleName?: string;
  /**
   * `SpokeExternalId`: the external ID the spoke roles require (required with `spokeRoleName`).
   *
   * @default - none
   */
  readonly spokeExternalId?: string;
  /**
   * `VerifyOwnAccountStacks`: check every event of this account's own stacks with CloudFormation before any write.
   *
   * @default true
   */
  readonly verifyOwnAccountStacks?: boolean;
}

/** The template.yaml parameters this construct sets, keyed by their prop. */
export const PROVIDER_PARAMETERS = {
  logRetentionInDays: 'LogRetentionInDays',
  organizationId: 'OrganizationId',
  spokeRoleName: 'SpokeRoleName',
  spokeExternalId: 'SpokeExternalId',
  verifyOwnAccountStacks: 'VerifyOwnAccountStacks',
} as const satisfies { readonly [P in Exclude<keyof VpcEndpointsProviderProps, 'applicationId' | 'semanticVersion'>]-?: string };

/**
 * Deploys the vpce-provisioner provider from its Serverless Application Repository listing, as a nested stack.
 * Deploying needs the capabilities CAPABILITY_IAM and CAPABILITY_AUTO_EXPAND (the CDK CLI passes both).
 *
 * @example
 * const provider = new VpcEndpointsProvider(this, 'Provider', {
 *   applicationId: 'arn:aws:serverlessrepo:eu-west-1:123456789012:applications/vpce-provisioner',
 * });
 * new VpcEndpoints(this, 'Endpoints', { vpcId, subnetIds, serviceToken: provider.serviceToken });
 */
export class VpcEndpointsProvider extends Construct {
  /** The nested application. */
  readonly application: CfnApplication;
  /** The provider function's ARN: pass it as a VpcEndpoints `serviceToken` (which also orders the two). */
  readonly serviceToken: string;
  /** The provider's execution role ARN; spoke roles trust it. */
  readonly providerRoleArn: string;

  constructor(scope: Construct, id: string, props: VpcEndpointsProviderProps) {
    super(scope, id);
    const parameters: Record<string, string> = {};
    for (const [prop, parameter] of Object.entries(PROVIDER_PARAMETERS)) {
      const value = props[prop as keyof typeof PROVIDER_PARAMETERS];
      if (value === undefined) continue;
      // A nested application's parameters are strings, as a template's parameter values are.
      parameters[parameter] = typeof value === 'number' ? Tokenization.stringifyNumber(value) : String(value);
    }
    this.application = new CfnApplication(this, 'Resource', {
      location: { applicationId: props.applicationId, semanticVersion: props.semanticVersion ?? PROVIDER_SEMANTIC_VERSION },
      ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    });
    this.serviceToken = Token.asString(this.application.getAtt('Outputs.ServiceToken'));
    this.providerRoleArn = Token.asString(this.application.getAtt('Outputs.ProviderRoleArn'));
  }
}
