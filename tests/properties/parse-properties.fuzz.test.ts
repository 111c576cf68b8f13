import fc from 'fast-check';
import { InvalidPropertiesError } from '../../lib/errors';
import { KNOWN_PROPERTIES, parseProperties } from '../../lib/properties';
import { MINIMAL_PROPERTIES, withProperties } from './support';

/** No single problem sentence should crowd the 4096-byte FAILED response, whatever the input. */
const MAX_PROBLEM_CHARS = 600;

/** Runs parseProperties and classifies the outcome; anything but InvalidPropertiesError is rethrown. */
function outcomeOf(raw: unknown): { spec: unknown } | { problems: readonly string[] } {
  try {
    return { spec: parseProperties(raw) };
  } catch (error) {
    if (error instanceof InvalidPropertiesError) return { problems: error.problems };
    throw error;
  }
}

function expectWellFormedProblems(outcome: ReturnType<typeof outcomeOf>): void {
  if (!('problems' in outcome)) return;
  expect(outcome.problems.length).toBeGreaterThan(0);
  for (const problem of outcome.problems) {
    expect(typeof problem).toBe('string');
    expect(problem.length).toBeGreaterThan(0);
    expect(problem.length).toBeLessThanOrEqual(MAX_PROBLEM_CHARS);
  }
}

/** Values that look like what users write, so that the fuzzer reaches the deeper rules. */
const plausibleText = fc.oneof(
  fc.constantFrom('vpc-0123abcd', 'subnet-0123abcd', 'sg-0123abcd', 'ipam-pool-0123456789abcdef0', '10.0.0.0/24', '10.0.0.5/24'),
  fc.constantFrom('ecr.api', 'ECR.dkr', 's3', 'dynamodb', 'com.amazonaws.eu-west-1.s3', 'com.amazonaws.s3', 'logs'),
  fc.constantFrom('true', 'FALSE', '28', ' 16 ', '29', 'dualstack', 'reuse', 'ecr-layers-only', '', ' ', '{}', '{"a":'),
  fc.string(),
);
const plausibleValue: fc.Arbitrary<unknown> = fc.oneof(
  plausibleText,
  fc.array(plausibleText, { maxLength: 6 }),
  fc.array(fc.record({ Key: plausibleText, Value: plausibleText }, { requiredKeys: [] }), { maxLength: 4 }),
  fc.dictionary(plausibleText, fc.oneof(plausibleText, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);
const propertyName = fc.oneof(fc.constantFrom(...KNOWN_PROPERTIES, 'ServiceToken', 'SubnetId', '__proto__', 'constructor'), fc.string());

describe('parseProperties on arbitrary input', () => {
  it('never throws anything but InvalidPropertiesError for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        expectWellFormedProblems(outcomeOf(raw));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but InvalidPropertiesError for property maps of plausible and arbitrary values', () => {
    fc.assert(
      fc.property(fc.dictionary(propertyName, plausibleValue, { maxKeys: 10 }), (overrides) => {
        expectWellFormedProblems(outcomeOf(withProperties(overrides)));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a string-typed scalar exactly as the real value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 28 }), fc.boolean(), (prefixLength, privateDns) => {
        const typed = parseProperties(withProperties({ SubnetPrefixLength: prefixLength, PrivateDnsEnabled: privateDns, InterfaceServices: [] }));
        const asStrings = parseProperties(
          withProperties({ SubnetPrefixLength: String(prefixLength), PrivateDnsEnabled: String(privateDns).toUpperCase(), InterfaceServices: '' }),
        );
        expect(asStrings).toStrictEqual(typed);
      }),
    );
  });

  it('keeps the order of distinct subnets whether given as a list or as one string', () => {
    const subnetId = fc.stringMatching(/^subnet-[0-9a-f]{8}$/);
    fc.assert(
      fc.property(fc.uniqueArray(subnetId, { minLength: 1, maxLength: 8 }), (subnetIds) => {
        const fromList = parseProperties({ ...MINIMAL_PROPERTIES, SubnetIds: subnetIds });
        const fromString = parseProperties({ ...MINIMAL_PROPERTIES, SubnetIds: subnetIds.join(', ') });
        expect(fromList.subnetIds).toStrictEqual(subnetIds);
        expect(fromString.subnetIds).toStrictEqual(subnetIds);
      }),
    );
  });
});
