/** Shared inputs and helpers for the properties tests. */
import { InvalidPropertiesError } from '../../lib/errors';
import { parseProperties } from '../../lib/properties';

/** The smallest valid ResourceProperties, as CloudFormation sends them (ServiceToken included). */
export const MINIMAL_PROPERTIES: Readonly<Record<string, unknown>> = Object.freeze({
  ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:vpce-provisioner',
  VpcId: 'vpc-0123abcd',
  SubnetIds: ['subnet-0123abcd'],
});

/** The problems parseProperties reports for `raw`; fails the test when it does not throw InvalidPropertiesError. */
export function problemsOf(raw: unknown): readonly string[] {
  try {
    parseProperties(raw);
  } catch (error) {
    if (error instanceof InvalidPropertiesError) return error.problems;
    throw error;
  }
  throw new Error(`expected InvalidPropertiesError for ${JSON.stringify(raw)}`);
}

/** MINIMAL_PROPERTIES with some properties replaced or added. */
export function withProperties(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...MINIMAL_PROPERTIES, ...overrides };
}

/** `count` distinct, valid short service names. */
export function serviceNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `service${index}`);
}

/** A valid policy JSON text of exactly `length` characters (the padding is a long resource ARN). */
export function policyTextOfLength(length: number): string {
  const skeleton = '{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::"}}';
  return skeleton.replace('arn:aws:s3:::', `arn:aws:s3:::${'x'.repeat(length - skeleton.length)}`);
}

/** The smallest policy EC2 takes, as JSON text. */
export const MINIMAL_POLICY = '{"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}';
