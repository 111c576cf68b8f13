import { CLOUDFORMATION_PROPERTIES, KNOWN_PROPERTIES, parseProperties } from '../../lib/properties';
import { withProperties } from './support';

describe('KNOWN_PROPERTIES', () => {
  it('names every field of the spec, in PascalCase', () => {
    // Prepare: a spec with every optional field present.
    const spec = parseProperties(withProperties({ CidrRange: '10.0.0.0/24' }));
    const fields = [...Object.keys(spec), 'ipv4IpamPoolId'].sort();

    // Act
    const fromProperties = KNOWN_PROPERTIES.map((name) => name.charAt(0).toLowerCase() + name.slice(1)).sort();

    // Assess
    expect(fromProperties).toStrictEqual(fields);
  });

  it('does not list CloudFormation\'s own properties', () => {
    for (const name of CLOUDFORMATION_PROPERTIES) expect(KNOWN_PROPERTIES).not.toContain(name);
  });
});
