/**
 * Structured JSON logs, redacted.
 *
 * A formatter over `console`, not a logging framework. Each call emits one record
 * `{ level, message, ...base, ...fields }`, passed through `redact` so that a logged event or error
 * never carries the ResponseURL.
 *
 * Under Lambda's JSON log format (`AWS_LAMBDA_LOG_FORMAT=JSON`) the runtime turns
 * `console.info(object)` into one JSON record with the object under `message`, so the object is
 * handed over as is; a string would be nested as an escaped string. Elsewhere (text format, local
 * runs, tests) the record is printed as one JSON line.
 */
import { redact } from './redact';

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';

/**
 * Extra fields for one record. Errors anywhere inside are serialised with name, message, cause and a stack trace that
 * points at source files: none for a user-input (terminal) error, and none where every frame is minified bundle code.
 */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose records also carry `fields` (overriding this logger's base fields of the same name). */
  child(fields: LogFields): Logger;
}

/**
 * @param base fields on every record (request ID, logical ID, ...).
 * @param sink receives each record as one JSON line; defaults to `console` as described above.
 * @example
 * const log = createLogger({ requestId: event.RequestId });
 * log.info('event received', { event }); // ResponseURL shows as '[redacted]'
 */
export function createLogger(base: LogFields, sink?: (line: string) => void): Logger {
  const emit = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    const record: LogFields = { level, message, ...base, ...fields };
    // Base or fields must not disguise the level or message of a record.
    record['level'] = level;
    record['message'] = message;
    const safe = toJsonSafe(redact(record)) as LogFields;
    if (sink !== undefined) sink(JSON.stringify(safe));
    else writeToConsole(level, safe);
  };
  return {
    info: (message, fields) => emit('INFO', message, fields),
    warn: (message, fields) => emit('WARN', message, fields),
    error: (message, fields) => emit('ERROR', message, fields),
    child: (fields) => createLogger({ ...base, ...fields }, sink),
  };
}

function writeToConsole(level: LogLevel, record: LogFields): void {
  const write = level === 'ERROR' ? console.error : level === 'WARN' ? console.warn : console.info;
  write(process.env['AWS_LAMBDA_LOG_FORMAT'] === 'JSON' ? record : JSON.stringify(record));
}

/** Plain JSON data: errors become objects (their message and stack are not enumerable), bigints strings. */
function toJsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, inner: unknown) => {
      if (inner instanceof Error) return serializeError(inner);
      if (typeof inner === 'bigint') return inner.toString();
      return inner;
    }) ?? 'null',
  );
}

function serializeError(error: Error): Record<string, unknown> {
  const serialized: Record<string, unknown> = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) serialized[key] = value;
  // A terminal error (lib/errors.ts, UserInputError) is the user's to fix: its message says what; where in our code it was
  // noticed helps nobody. Checked by its flag so this module stays free of the error classes.
  const stack = (error as { terminal?: unknown }).terminal === true ? undefined : readableStack(error.stack);
  if (stack !== undefined) serialized['stack'] = stack;
  if (error.cause !== undefined) serialized['cause'] = error.cause;
  return serialized;
}

/** A stack frame in a TypeScript source file: `at f (/repo/lib/apply.ts:12:7)` or `at /repo/lib/apply.ts:12:7`. */
const SOURCE_FRAME = /\.tsx?:\d+:\d+\)?$/;
const FRAME = /^\s+at /;

/**
 * The stack trace cut to the frames that point at TypeScript sources (tests, `tsx` runs, or a source-mapped bundle),
 * or undefined when none does. The Lambda bundle is minified and ships without source maps (with them, loading takes
 * a third longer and 17 MiB more; see the README's choices, "Logs"), so its frames (`/var/task/index.js:1:48213`) tell a reader
 * nothing, and Node's internal frames little more: both are dropped.
 *
 * @example
 * readableStack('Error: boom\n    at f (/var/task/index.js:1:9)') // undefined
 */
export function readableStack(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((line) => FRAME.test(line));
  if (firstFrame < 0) return undefined;
  const frames = lines.slice(firstFrame).filter((line) => FRAME.test(line) && SOURCE_FRAME.test(line.trimEnd()));
  return frames.length === 0 ? undefined : [...lines.slice(0, firstFrame), ...frames].join('\n');
}
