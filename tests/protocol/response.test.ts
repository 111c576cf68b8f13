import fc from 'fast-check';
import {
  buildResponseBody,
  DEFAULT_FAILURE_REASON,
  MAX_RESPONSE_BYTES,
  REASON_FLOOR_BYTES,
  TRUNCATION_MARKER,
  type ResponseInput,
} from '../../lib/protocol/response';

const event = {
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/vpce-demo/214057f0-2c35-4bc7-aa20-870e57f2b6c8',
  RequestId: 'af6a64fa-4c24-47c8-8300-790f2276bba5',
  LogicalResourceId: 'VpcEndpoints',
};
const physicalResourceId = 'vpce-provisioner-v1-vpc-0a1b2c3d4e5f67890-3c9e0f1a2b4d6e8f0a1b';

function build(overrides: Partial<ResponseInput>) {
  const result = buildResponseBody({ status: 'SUCCESS', physicalResourceId, event, ...overrides });
  return { ...result, bytes: Buffer.byteLength(result.body, 'utf8'), parsed: JSON.parse(result.body) as Record<string, unknown> };
}

function bytesOf(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The kept start of a shortened text (the marker removed). */
function keptStart(text: string): string {
  expect(text.endsWith(TRUNCATION_MARKER)).toBe(true);
  return text.slice(0, -TRUNCATION_MARKER.length);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('buildResponseBody', () => {
  it('echoes the request and leaves a small body untouched', () => {
    const { parsed, trimmedDataKeys, reasonShortened } = build({ data: { SecurityGroupId: 'sg-0123456789abcdef0' }, noEcho: false });

    expect(parsed).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: physicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      NoEcho: false,
      Data: { SecurityGroupId: 'sg-0123456789abcdef0' },
    });
    expect(trimmedDataKeys).toEqual([]);
    expect(reasonShortened).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '  \n\t '],
  ])('replaces a %s reason on FAILED with the default reason', (_label, reason) => {
    const { parsed } = build({ status: 'FAILED', reason });

    expect(parsed['Reason']).toBe(DEFAULT_FAILURE_REASON);
  });

  it('omits Reason on SUCCESS when none is given', () => {
    expect(build({ reason: '' }).parsed).not.toHaveProperty('Reason');
    expect(build({}).parsed).not.toHaveProperty('Reason');
  });

  it('keeps a Reason given on SUCCESS: a refused Delete says why nothing was deleted', () => {
    const reason = 'Nothing deleted: the stack is CREATE_COMPLETE, so CloudFormation did not send this Delete.';

    expect(build({ reason }).parsed['Reason']).toBe(reason);
  });

  it('keeps whole a value that fits once a less important essential entry is dropped', () => {
    // The first key alone overflows the body, so its entry must go; what is left then fits without shortening.
    const data = { Kept: 'k'.repeat(300), ['Oversized'.repeat(500)]: 'v' };

    const { parsed, trimmedDataKeys } = build({ data, essentialDataKeys: ['Kept', 'Oversized'.repeat(500)] });

    expect(trimmedDataKeys).toEqual(['Oversized'.repeat(500)]);
    expect(parsed['Data']).toEqual({ Kept: data.Kept });
  });

  it('redacts a presigned URL quoted in the reason', () => {
    const url = 'https://cfn-response.s3.amazonaws.com/x?X-Amz-Credential=AKIA%2Fx&X-Amz-Signature=feedface';

    const { parsed } = build({ status: 'FAILED', reason: `PUT to ${url} failed` });

    expect(parsed['Reason']).toBe('PUT to [redacted] failed');
  });

  it.each([
    ['ASCII', 'a'],
    ['two-byte', 'é'],
    ['three-byte', '€'],
    ['four-byte (surrogate pair)', '😀'],
    ['escaped in JSON', '"\n'],
    ['control character (6 bytes escaped)', '\u0001'],
  ])('shortens a long %s reason to fit 4096 bytes, keeping its start', (_label, unit) => {
    const reason = `Subnet creation failed: ${unit.repeat(5000)}`;

    const { body, bytes, parsed, reasonShortened } = build({ status: 'FAILED', reason });
    const shortened = parsed['Reason'] as string;

    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    // Counted in bytes, not characters: nearly full, and one more unit would not have fitted.
    expect(bytes).toBeGreaterThan(MAX_RESPONSE_BYTES - bytesOf(JSON.stringify(unit)));
    expect(reasonShortened).toBe(true);
    expect(reason.startsWith(keptStart(shortened))).toBe(true);
    expect(shortened).not.toMatch(LONE_SURROGATE);
    if (bytesOf(unit) > unit.length) expect(body.length).toBeLessThan(bytes);
  });

  it('keeps Data and shortens only the reason while the reason keeps its floor', () => {
    const data = { Outputs: 'x'.repeat(2000) };

    const { parsed, bytes, trimmedDataKeys } = build({ status: 'FAILED', reason: 'r'.repeat(6000), data });

    expect(parsed['Data']).toEqual(data);
    expect(trimmedDataKeys).toEqual([]);
    expect(bytesOf(parsed['Reason'] as string)).toBeGreaterThanOrEqual(REASON_FLOOR_BYTES);
    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  });

  it('keeps Data as long as the reason beside it keeps exactly its floor, and not a byte longer', () => {
    const reason = 'r'.repeat(6000);
    const keepsData = (size: number) => build({ status: 'FAILED', reason, data: { Outputs: 'x'.repeat(size) } }).trimmedDataKeys.length === 0;
    // The largest output kept beside the reason, by bisection between one that is kept and one that is not.
    let largest = 0;
    let dropped = 3200;
    expect([keepsData(largest), keepsData(dropped)]).toEqual([true, false]);
    while (dropped - largest > 1) {
      const middle = Math.floor((largest + dropped) / 2);
      if (keepsData(middle)) largest = middle;
      else dropped = middle;
    }

    const atLimit = build({ status: 'FAILED', reason, data: { Outputs: 'x'.repeat(largest) } });

    expect(bytesOf(atLimit.parsed['Reason'] as string)).toBe(REASON_FLOOR_BYTES);
    expect(atLimit.bytes).toBe(MAX_RESPONSE_BYTES);
  });

  it('drops Data before cutting the reason below its floor, then gives the reason the room freed', () => {
    const { parsed, trimmedDataKeys } = build({ status: 'FAILED', reason: 'r'.repeat(6000), data: { Outputs: 'x'.repeat(3500) } });

    expect(trimmedDataKeys).toEqual(['Outputs']);
    expect(parsed['Data']).toEqual({});
    expect(bytesOf(parsed['Reason'] as string)).toBeGreaterThan(3000);
  });

  it('fits a FAILED answer whose reason and Data each exceed 4096 bytes: largest outputs dropped, essentials kept, reason cut', () => {
    const data = { SubnetIds: 's'.repeat(300), 'DnsName.a': 'a'.repeat(2500), 'DnsName.b': 'b'.repeat(1200), 'EndpointId.c': 'c'.repeat(900) };
    const reason = `Could not create the endpoints: ${'r'.repeat(5000)}`;
    expect(bytesOf(JSON.stringify(data))).toBeGreaterThan(4096);
    expect(bytesOf(reason)).toBeGreaterThan(4096);

    const { body, bytes, parsed, trimmedDataKeys, reasonShortened } = build({ status: 'FAILED', reason, data, essentialDataKeys: ['SubnetIds'] });

    expect(bytes).toBe(bytesOf(body));
    expect(bytes).toBeLessThanOrEqual(4096);
    expect(bytes).toBeGreaterThan(4096 - 4);
    expect(trimmedDataKeys).toEqual(['DnsName.a']);
    expect(parsed['Data']).toEqual({ SubnetIds: 's'.repeat(300), 'DnsName.b': 'b'.repeat(1200), 'EndpointId.c': 'c'.repeat(900) });
    expect(reasonShortened).toBe(true);
    const shortened = parsed['Reason'] as string;
    expect(shortened.startsWith('Could not create the endpoints: rrr')).toBe(true);
    expect(shortened.endsWith(' [truncated]')).toBe(true);
    expect(bytesOf(shortened)).toBeGreaterThanOrEqual(1024);
  });

  it.each([
    ['a reason', (filler: string) => ({ status: 'FAILED' as const, reason: filler })],
    ['an output', (filler: string) => ({ data: { Outputs: filler } })],
  ])('leaves a body of exactly 4096 bytes filled by %s whole: the limit is inclusive', (_label, input) => {
    const oneByte = build(input('x'));
    const filler = 'x'.repeat(1 + 4096 - oneByte.bytes);

    const exact = build(input(filler));

    expect(exact.bytes).toBe(4096);
    expect(exact.reasonShortened).toBe(false);
    expect(exact.trimmedDataKeys).toEqual([]);
    expect(exact.body).toContain(`"${filler}"`);
  });

  it('breaks a tie between equally large entries by key, whatever their order, so the same outputs survive every time', () => {
    const forward = build({ data: { 'DnsName.b': 'b'.repeat(2100), 'DnsName.a': 'a'.repeat(2100) } });
    const backward = build({ data: { 'DnsName.a': 'a'.repeat(2100), 'DnsName.b': 'b'.repeat(2100) } });

    expect(forward.trimmedDataKeys).toEqual(['DnsName.a']);
    expect(backward.trimmedDataKeys).toEqual(['DnsName.a']);
    expect(forward.parsed['Data']).toEqual({ 'DnsName.b': 'b'.repeat(2100) });
    expect(backward.body).toBe(forward.body);
  });

  it('drops the largest non-essential entry first and keeps the rest', () => {
    const data = { Small: 's', Big: 'b'.repeat(3000), Medium: 'm'.repeat(1200) };

    const { parsed, trimmedDataKeys } = build({ data });

    expect(trimmedDataKeys).toEqual(['Big']);
    expect(parsed['Data']).toEqual({ Small: 's', Medium: 'm'.repeat(1200) });
  });

  it('trims many data keys deterministically, whatever their insertion order, and keeps essential ones whole', () => {
    const entries = Array.from({ length: 200 }, (_, index) => [`Output${String(index).padStart(3, '0')}`, `value-${'v'.repeat(index % 7)}-${index}`] as const);
    const essential = { VpcEndpointIds: 'vpce-0123456789abcdef0,vpce-0123456789abcdef1', SecurityGroupId: 'sg-0123456789abcdef0' };
    const forward = Object.fromEntries([...entries, ...Object.entries(essential)]);
    const backward = Object.fromEntries([...Object.entries(essential), ...[...entries].reverse()]);
    const essentialDataKeys = ['VpcEndpointIds', 'SecurityGroupId'];

    const first = build({ data: forward, essentialDataKeys });
    const again = build({ data: forward, essentialDataKeys });
    const reordered = build({ data: backward, essentialDataKeys });

    expect(first.bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(first.body).toBe(again.body);
    expect(new Set(reordered.trimmedDataKeys)).toEqual(new Set(first.trimmedDataKeys));
    expect(first.trimmedDataKeys.length).toBeGreaterThan(0);
    expect(first.trimmedDataKeys).not.toContain('VpcEndpointIds');
    const kept = first.parsed['Data'] as Record<string, string>;
    expect(kept).toMatchObject(essential);
    // Every key is either kept unchanged or reported as trimmed.
    for (const [key, value] of Object.entries(forward)) {
      if (first.trimmedDataKeys.includes(key)) expect(kept).not.toHaveProperty(key);
      else expect(kept[key]).toBe(value);
    }
  });

  it('drops ranked entries in the given order, after any unranked ones, and only as many as needed', () => {
    const data = { Unranked: 'u'.repeat(100), Small: 's'.repeat(1000), Big: 'b'.repeat(2500), Tiny: 't'.repeat(500), Kept: 'k' };

    const { parsed, trimmedDataKeys } = build({ data, essentialDataKeys: ['Kept'], dataDropOrder: ['Small', 'Tiny', 'Big', 'Kept'] });

    // Largest-first would drop Big alone; the order given drops Unranked, then Small, which is enough.
    expect(trimmedDataKeys).toEqual(['Unranked', 'Small']);
    expect(parsed['Data']).toEqual({ Big: 'b'.repeat(2500), Tiny: 't'.repeat(500), Kept: 'k' });
  });

  it.each<[string, Record<string, string>, string[], string[], string[]]>([
    // label, data, essential keys, drop order, expected trimmed keys
    ['a key named twice is dropped once', { A: 'a'.repeat(1500), B: 'b'.repeat(4000) }, [], ['A', 'A', 'B'], ['A', 'B']],
    ['a key that is not there is not reported', { A: 'a'.repeat(4100) }, [], ['Missing', 'A'], ['A']],
    ['an essential key in the drop order stays essential', { A: 'a'.repeat(3000), Kept: 'k'.repeat(2000) }, ['Kept'], ['Kept', 'A'], ['A']],
  ])('reads the drop order with care: %s', (_label, data, essentialDataKeys, dataDropOrder, expected) => {
    const { trimmedDataKeys, bytes } = build({ data, essentialDataKeys, dataDropOrder });

    expect(trimmedDataKeys).toEqual(expected);
    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  });

  it('stops dropping ranked entries as soon as the body fits', () => {
    const data = { First: 'f'.repeat(1500), Second: 's'.repeat(1500), Third: 't'.repeat(1500) };

    const { parsed, trimmedDataKeys } = build({ data, dataDropOrder: ['Third', 'First', 'Second'] });

    expect(trimmedDataKeys).toEqual(['Third']);
    expect(Object.keys(parsed['Data'] as object)).toEqual(['First', 'Second']);
  });

  it('shortens essential values to a common cap when they alone do not fit', () => {
    const data = { First: 'a'.repeat(3000), Second: 'b'.repeat(3000), Short: 'c' };

    const { parsed, bytes, trimmedDataKeys } = build({ data, essentialDataKeys: ['First', 'Second', 'Short'] });
    const kept = parsed['Data'] as Record<string, string>;

    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    // The largest common cap: one more byte in each of the two shortened values would not fit.
    expect(bytes).toBeGreaterThan(MAX_RESPONSE_BYTES - 2);
    expect(trimmedDataKeys).toEqual(['First', 'Second']);
    expect(kept['Short']).toBe('c');
    expect(data.First.startsWith(keptStart(kept['First'] as string))).toBe(true);
    expect((kept['First'] as string).length).toBe((kept['Second'] as string).length);
  });

  it('keeps whole a value exactly as long as the common cap: only longer values are shortened', () => {
    // Two values of `length` bytes fill the body exactly when the bytes around them leave an even room; the key's
    // name is chosen for that parity, and the second value is made exactly as long as the common cap must be.
    const roomFor = (key: string) => MAX_RESPONSE_BYTES - build({ data: { First: '', [key]: '' } }).bytes;
    const key = ['Second', 'Seconds'].find((name) => roomFor(name) % 2 === 0) as string;
    const length = roomFor(key) / 2;
    const data = { First: 'a'.repeat(3000), [key]: 'b'.repeat(length) };

    const { parsed, bytes, trimmedDataKeys } = build({ data, essentialDataKeys: ['First', key] });
    const kept = parsed['Data'] as Record<string, string>;

    expect(bytes).toBe(MAX_RESPONSE_BYTES);
    expect(bytesOf(kept['First'] as string)).toBe(length);
    expect(kept[key]).toBe(data[key]);
    expect(trimmedDataKeys).toEqual(['First']);
  });

  it('drops non-essential entries before shortening essential ones', () => {
    const data = { Essential: 'e'.repeat(5000), Extra: 'x'.repeat(100) };

    const { parsed, trimmedDataKeys } = build({ status: 'FAILED', reason: 'boom', data, essentialDataKeys: ['Essential'] });

    expect(trimmedDataKeys).toEqual(['Extra', 'Essential']);
    expect(Object.keys(parsed['Data'] as object)).toEqual(['Essential']);
    expect(parsed['Reason']).toBe('boom');
  });

  it('drops essential entries rather than keep values shortened to less than a few characters', () => {
    const keys = Array.from({ length: 100 }, (_, index) => `EssentialOutputNo${String(index).padStart(3, '0')}`);
    const data = Object.fromEntries(keys.map((key) => [key, 'v'.repeat(100)]));

    const { bytes, parsed, trimmedDataKeys } = build({ data, essentialDataKeys: keys });
    const kept = Object.values(parsed['Data'] as Record<string, string>);

    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(kept.length).toBeGreaterThan(0);
    expect(trimmedDataKeys).toContain('EssentialOutputNo099');
    for (const value of kept) expect(keptStart(value)).toMatch(/^v{8,}$/);
  });

  it('drops the least important essential entry when even the shortest values cannot fit', () => {
    // Keys alone overflow: 300 essential keys of ~20 bytes each.
    const keys = Array.from({ length: 300 }, (_, index) => `EssentialOutputNo${index}`);
    const data = Object.fromEntries(keys.map((key) => [key, 'v']));

    const { bytes, parsed, trimmedDataKeys } = build({ data, essentialDataKeys: keys });
    const kept = Object.keys(parsed['Data'] as object);

    expect(bytes).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(kept[0]).toBe('EssentialOutputNo0');
    expect(trimmedDataKeys[0]).toBe('EssentialOutputNo299');
    expect(kept.length + trimmedDataKeys.length).toBe(300);
    // Only as many dropped as needed: the next one in line would have fitted in no less than what is left.
    expect(bytes + Buffer.byteLength(`,"${trimmedDataKeys.at(-1) as string}":"v"`)).toBeGreaterThan(MAX_RESPONSE_BYTES);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['over 1 KB of ASCII', 'p'.repeat(1025)],
    ['over 1 KB in bytes, under in characters', 'é'.repeat(513)],
  ])('rejects a PhysicalResourceId that is %s as a programming error', (_label, id) => {
    expect(() => buildResponseBody({ status: 'SUCCESS', physicalResourceId: id, event })).toThrow(TypeError);
  });

  it('accepts a PhysicalResourceId of exactly 1 KB', () => {
    const id = 'é'.repeat(512);

    expect(build({ physicalResourceId: id }).parsed['PhysicalResourceId']).toBe(id);
  });

  it('always fits, always echoes the request and only ever cuts at the end (property)', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 3000 }), fc.string({ unit: 'binary', maxLength: 3000 }));
    fc.assert(
      fc.property(
        fc.constantFrom<'SUCCESS' | 'FAILED'>('SUCCESS', 'FAILED'),
        fc.option(text, { nil: undefined }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 30 }), text, { maxKeys: 20 }),
        fc.nat(5),
        (status, reason, data, essentialCount) => {
          const essentialDataKeys = Object.keys(data).slice(0, essentialCount);

          const { body, trimmedDataKeys, reasonShortened } = buildResponseBody({ status, reason, physicalResourceId, event, data, essentialDataKeys });
          const parsed = JSON.parse(body) as { Reason?: string; Data: Record<string, string>; StackId: string; RequestId: string };

          expect(bytesOf(body)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
          expect(parsed.StackId).toBe(event.StackId);
          expect(parsed.RequestId).toBe(event.RequestId);
          if (status === 'FAILED') expect(parsed.Reason?.trim()).toBeTruthy();
          if (reasonShortened && reason !== undefined) expect(reason.startsWith(keptStart(parsed.Reason ?? ''))).toBe(true);
          for (const [key, value] of Object.entries(data)) {
            const kept = parsed.Data[key];
            if (!trimmedDataKeys.includes(key)) expect(kept).toBe(value);
            else if (kept !== undefined) expect(value.startsWith(keptStart(kept))).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
