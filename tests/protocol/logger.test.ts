import { InvalidPropertiesError, PreconditionFailedError, ProvisionerError } from '../../lib/errors';
import { createLogger, readableStack } from '../../lib/protocol/logger';

const presignedUrl = 'https://bucket.s3.amazonaws.com/key?X-Amz-Credential=AKIAEXAMPLE%2Fx&X-Amz-Signature=5ecret5ignature';

function capture() {
  const lines: string[] = [];
  return { lines, sink: (line: string) => lines.push(line), records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('emits one JSON line per call with level, message, base fields and call fields', () => {
    const { lines, sink, records } = capture();
    const log = createLogger({ requestId: 'req-1', logicalResourceId: 'VpcEndpoints' }, sink);

    log.info('event received', { requestType: 'Create' });
    log.warn('endpoint still pending', { endpointId: 'vpce-1' });
    log.error('giving up');

    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toContain('\n');
    expect(records()).toEqual([
      { level: 'INFO', message: 'event received', requestId: 'req-1', logicalResourceId: 'VpcEndpoints', requestType: 'Create' },
      { level: 'WARN', message: 'endpoint still pending', requestId: 'req-1', logicalResourceId: 'VpcEndpoints', endpointId: 'vpce-1' },
      { level: 'ERROR', message: 'giving up', requestId: 'req-1', logicalResourceId: 'VpcEndpoints' },
    ]);
  });

  it('lets a child add and override fields without changing its parent', () => {
    const { sink, records } = capture();
    const parent = createLogger({ requestId: 'req-1', phase: 'start' }, sink);

    parent.child({ phase: 'apply', vpcId: 'vpc-1' }).info('creating subnet');
    parent.info('done');

    expect(records()).toEqual([
      { level: 'INFO', message: 'creating subnet', requestId: 'req-1', phase: 'apply', vpcId: 'vpc-1' },
      { level: 'INFO', message: 'done', requestId: 'req-1', phase: 'start' },
    ]);
  });

  it('does not let fields disguise the level or the message', () => {
    const { sink, records } = capture();

    createLogger({ level: 'DEBUG' }, sink).error('real message', { message: 'fake' });

    expect(records()[0]).toMatchObject({ level: 'ERROR', message: 'real message' });
  });

  it('redacts the ResponseURL and presigned URLs in messages, fields and errors', () => {
    const { lines, sink } = capture();
    const log = createLogger({}, sink);

    log.info('event received', { event: { RequestType: 'Create', ResponseURL: presignedUrl } });
    log.error(`PUT to ${presignedUrl} failed`, { error: new Error(`socket hang up on ${presignedUrl}`) });

    const output = lines.join('\n');
    expect(output).not.toContain('5ecret5ignature');
    expect(output).not.toContain('AKIAEXAMPLE');
    expect(output).toContain('[redacted]');
  });

  it('serialises errors with name, message, stack, own fields and cause', () => {
    const { sink, records } = capture();
    const cause = Object.assign(new Error('throttled'), { code: 'RequestLimitExceeded' });
    const error = new RangeError('too many retries', { cause });

    createLogger({}, sink).error('failed', { error });

    const logged = records()[0]?.['error'] as Record<string, unknown>;
    expect(logged).toMatchObject({ name: 'RangeError', message: 'too many retries', cause: { name: 'Error', message: 'throttled', code: 'RequestLimitExceeded' } });
    expect(logged['stack']).toEqual(expect.stringContaining('RangeError: too many retries'));
  });

  it('survives values JSON cannot hold', () => {
    const { sink, records } = capture();
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;

    createLogger({}, sink).info('odd values', { big: 10n, cyclic });

    expect(records()[0]).toMatchObject({ big: '10', cyclic: { self: '[circular]' } });
  });

  describe('without a sink', () => {
    const savedFormat = process.env['AWS_LAMBDA_LOG_FORMAT'];
    afterEach(() => {
      jest.restoreAllMocks();
      if (savedFormat === undefined) delete process.env['AWS_LAMBDA_LOG_FORMAT'];
      else process.env['AWS_LAMBDA_LOG_FORMAT'] = savedFormat;
    });

    it('prints one JSON line per call through the console method of the level', () => {
      delete process.env['AWS_LAMBDA_LOG_FORMAT'];
      const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const log = createLogger({ requestId: 'req-1' });

      log.info('one');
      log.warn('two');
      log.error('three', { url: presignedUrl });

      expect(info).toHaveBeenCalledWith('{"level":"INFO","message":"one","requestId":"req-1"}');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(error).toHaveBeenCalledTimes(1);
      expect(String(error.mock.calls[0]?.[0])).not.toContain('5ecret5ignature');
    });

    it("hands the record to the console as an object under Lambda's JSON log format", () => {
      process.env['AWS_LAMBDA_LOG_FORMAT'] = 'JSON';
      const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);

      createLogger({ requestId: 'req-1' }).info('one', { event: { ResponseURL: presignedUrl } });

      expect(info).toHaveBeenCalledWith({ level: 'INFO', message: 'one', requestId: 'req-1', event: { ResponseURL: '[redacted]' } });
    });
  });
});

describe('stack traces in logged errors', () => {
  it.each([
    ['invalid properties', new InvalidPropertiesError(['SubnetIds must list at least one subnet; got [].'])],
    ['a failed precondition', new PreconditionFailedError(['vpc-0a1b2c3d is not in account 111122223333.'])],
  ])('leaves them out of a user-input error (%s), keeping its message and problems', (_name, error) => {
    const { sink, records } = capture();

    createLogger({}, sink).error('request failed', { error });

    const logged = records()[0]?.['error'] as Record<string, unknown>;
    expect(logged).toMatchObject({ name: error.name, message: error.message, terminal: true, problems: [...error.problems] });
    expect(logged).not.toHaveProperty('stack');
  });

  it('keep, for an unexpected error, the frames that point at source files', () => {
    const { sink, records } = capture();

    createLogger({}, sink).error('request failed', { error: new ProvisionerError('No endpoint subnet was created in use1-az1.') });

    const stack = (records()[0]?.['error'] as Record<string, unknown>)['stack'] as string;
    expect(stack.split('\n')[0]).toBe('ProvisionerError: No endpoint subnet was created in use1-az1.');
    expect(stack).toContain('logger.test.ts:');
    expect(stack).not.toMatch(/node:internal|\.js:\d+:\d+/);
  });

  it('leave out every frame of the minified bundle, and then the stack itself', () => {
    const { sink, records } = capture();
    const error = new TypeError("Cannot read properties of undefined (reading 'SubnetId')");
    error.stack = [
      "TypeError: Cannot read properties of undefined (reading 'SubnetId')",
      '    at Ko (/var/task/index.js:1:482133)',
      '    at async Promise.all (index 3)',
      '    at async hu (/var/task/index.js:1:501877)',
      '    at async Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)',
    ].join('\n');

    createLogger({}, sink).error('request failed', { error });

    expect(records()[0]?.['error']).toEqual({ name: 'TypeError', message: "Cannot read properties of undefined (reading 'SubnetId')" });
  });
});

describe('readableStack', () => {
  it.each([
    ['no stack', undefined, undefined],
    ['a stack without frames', 'Error: boom', undefined],
    ['only bundle and runtime frames', 'Error: boom\n    at a (/var/task/index.js:1:9)\n    at node:internal/process/task_queues:95:5', undefined],
    [
      'source frames kept, the rest dropped, a multi-line message whole',
      'Error: two\nlines\n    at f (/repo/lib/apply.ts:12:7)\n    at g (/repo/node_modules/@smithy/x/index.js:3:1)\n    at /repo/tests/a.test.ts:4:2\n    at node:internal/timers:1:1',
      'Error: two\nlines\n    at f (/repo/lib/apply.ts:12:7)\n    at /repo/tests/a.test.ts:4:2',
    ],
  ])('%s', (_name, stack, expected) => {
    expect(readableStack(stack)).toBe(expected);
  });
});
