/**
 * A CloudFormation-aware YAML loader for tests.
 *
 * CloudFormation templates use short-form intrinsic functions (`!Ref`, `!Sub`, `!GetAtt` …) that a
 * plain YAML parser rejects as unknown tags. This loader turns every short form into the long form
 * CloudFormation itself uses (`{ Ref: … }`, `{ 'Fn::Sub': … }`, `{ 'Fn::GetAtt': [resource, attribute] }`),
 * so tests can assert on one shape whichever form a template author chose.
 */
import { readFileSync } from 'node:fs';
import { parse, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

/** Any value a parsed template can hold. */
export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

/** One entry of a template's `Resources` section. */
export interface CfnResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Record<string, CfnValue>;
  readonly Properties?: Record<string, CfnValue>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** One entry of a template's `Parameters` section. */
export interface CfnParameter {
  readonly Type: string;
  readonly Default?: CfnValue;
  readonly AllowedValues?: CfnValue[];
  readonly AllowedPattern?: string;
  readonly NoEcho?: boolean;
  readonly Description?: string;
  readonly [key: string]: CfnValue | undefined;
}

/** One entry of a template's `Outputs` section. */
export interface CfnOutput {
  readonly Value: CfnValue;
  readonly Description?: string;
  readonly Condition?: string;
  readonly Export?: { readonly Name: CfnValue };
}

/** The top-level sections of a template, as far as the tests read them. */
export interface CfnTemplate {
  readonly AWSTemplateFormatVersion?: string;
  readonly Transform?: string | string[];
  readonly Description?: string;
  readonly Metadata?: Record<string, CfnValue>;
  readonly Parameters?: Record<string, CfnParameter>;
  readonly Rules?: Record<string, CfnValue>;
  readonly Mappings?: Record<string, CfnValue>;
  readonly Conditions?: Record<string, CfnValue>;
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, CfnOutput>;
}

/** Short-form tag → the long-form key CloudFormation uses for it. */
const INTRINSICS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!Not': 'Fn::Not',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!ImportValue': 'Fn::ImportValue',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAZs': 'Fn::GetAZs',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
};

/**
 * `!GetAtt Resource.Attribute` splits at the first dot only: attribute names may themselves contain
 * dots (`Endpoint.Address`), resource logical IDs never do.
 */
function getAttFromScalar(text: string): CfnValue {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) {
    throw new Error(`!GetAtt needs "Resource.Attribute", got "${text}"`);
  }
  return { 'Fn::GetAtt': [text.slice(0, dot), text.slice(dot + 1)] };
}

function scalarTag(tag: string, longForm: string): ScalarTag {
  return {
    tag,
    resolve: (text: string): CfnValue => (tag === '!GetAtt' ? getAttFromScalar(text) : { [longForm]: text }),
  };
}

function collectionTag(tag: string, longForm: string, collection: 'seq' | 'map'): CollectionTag {
  return {
    tag,
    collection,
    // toJSON() converts nested nodes, including nested short forms already resolved to long forms.
    resolve: (node: YAMLMap.Parsed | YAMLSeq.Parsed): CfnValue => ({ [longForm]: node.toJSON() as CfnValue }),
  };
}

/** Every intrinsic is accepted in each YAML shape; CloudFormation, not the loader, decides which shapes are valid. */
const CFN_TAGS: (ScalarTag | CollectionTag)[] = Object.entries(INTRINSICS).flatMap(([tag, longForm]) => [
  scalarTag(tag, longForm),
  collectionTag(tag, longForm, 'seq'),
  collectionTag(tag, longForm, 'map'),
]);

/**
 * Parses CloudFormation YAML text, turning short-form intrinsics into their long forms.
 *
 * @example
 * parseCfnYaml("Value: !GetAtt Fn.Arn") // → { Value: { 'Fn::GetAtt': ['Fn', 'Arn'] } }
 */
export function parseCfnYaml(text: string): unknown {
  // Duplicate keys are an error: CloudFormation rejects them too, and a silent last-wins would hide mistakes.
  return parse(text, { customTags: CFN_TAGS, uniqueKeys: true, prettyErrors: true });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads and parses a template file, checking the minimum shape every template has: a `Resources`
 * map whose entries each name a `Type`.
 *
 * @example
 * const template = loadCfnTemplate('template.yaml');
 * template.Resources.ProviderFunction?.Type // 'AWS::Serverless::Function'
 */
export function loadCfnTemplate(path: string): CfnTemplate {
  const parsed = parseCfnYaml(readFileSync(path, 'utf8'));
  if (!isRecord(parsed) || !isRecord(parsed.Resources)) {
    throw new Error(`${path}: not a CloudFormation template (no Resources map)`);
  }
  for (const [logicalId, resource] of Object.entries(parsed.Resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') {
      throw new Error(`${path}: resource ${logicalId} has no Type`);
    }
  }
  return parsed as unknown as CfnTemplate;
}
