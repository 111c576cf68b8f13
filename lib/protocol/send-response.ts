/**
 * Delivers the answer to CloudFormation: an HTTP PUT to the presigned ResponseURL.
 *
 * Retried, because an answer lost to a network blip leaves the stack waiting for an hour; checked,
 * because S3 can answer 403 or 500 without a network error. The URL is a credential, so it never
 * appears in an error this module raises, nor in the errors it chains.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { systemClock, type Clock } from '../clock';
import { ProvisionerError } from '../errors';
import { redactText } from './redact';
import { responseUrlVerdict } from './response-url';

export const DEFAULT_DELIVERY_ATTEMPTS = 6;
/** Per attempt, from opening the connection to the end of the response. S3 answers in well under a second. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 5_000;
/** The first back-off; it doubles after each failed attempt, up to {@link MAX_BACKOFF_MS}. */
export const BASE_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 8_000;

/** How to deliver. */
export interface SendResponseOptions {
  /** Sleeps between attempts go through this clock (tests pass a virtual one). */
  clock?: Clock;
  /** Total attempts, at least 1. Default {@link DEFAULT_DELIVERY_ATTEMPTS}. */
  attempts?: number;
  /** Per-attempt limit, in real milliseconds. Default {@link DEFAULT_ATTEMPT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** A number in [0, 1) for the jitter; default Math.random. */
  random?: () => number;
  /** The configured local AWS endpoint (AWS_ENDPOINT_URL), whose origin may receive the answer too: see responseUrlVerdict. */
  localEndpointUrl?: string;
}

/** The answer could not be delivered. Never contains the ResponseURL. */
export class ResponseDeliveryError extends ProvisionerError {
  constructor(
    message: string,
    /** Attempts made. */
    readonly attempts: number,
    /** The HTTP status of the last attempt, when it got one. */
    readonly lastStatusCode: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ResponseDeliveryError';
  }
}

/**
 * The longest {@link sendResponse} can take with these options (every attempt timing out, every
 * back-off at its maximum): a sound `reserveMs` for {@link Deadline}.
 */
export function maxDeliveryTimeMs(options: Pick<SendResponseOptions, 'attempts' | 'timeoutMs'> = {}): number {
  const attempts = options.attempts ?? DEFAULT_DELIVERY_ATTEMPTS;
  let total = attempts * (options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS);
  for (let retry = 1; retry < attempts; retry++) total += backoffCeilingMs(retry);
  return total;
}

/** The shortest per-attempt limit worth a retry: S3 answers in well under a second. */
export const MIN_ATTEMPT_TIMEOUT_MS = 1_000;

/**
 * The attempts and per-attempt limit that fit the whole delivery (back-offs at their maximum) within `budgetMs`: the
 * defaults when there is room, fewer and shorter attempts when the invocation is short; one attempt of the whole budget
 * (at least 250 ms) when nothing else fits.
 */
export function deliveryOptionsWithin(budgetMs: number): { attempts: number; timeoutMs: number } {
  for (let attempts = DEFAULT_DELIVERY_ATTEMPTS; attempts > 1; attempts--) {
    const backoffs = maxDeliveryTimeMs({ attempts, timeoutMs: 0 });
    const timeoutMs = Math.min(DEFAULT_ATTEMPT_TIMEOUT_MS, Math.floor((budgetMs - backoffs) / attempts));
    if (timeoutMs >= MIN_ATTEMPT_TIMEOUT_MS) return { attempts, timeoutMs };
  }
  return { attempts: 1, timeoutMs: Math.max(250, Math.min(DEFAULT_ATTEMPT_TIMEOUT_MS, Math.floor(budgetMs))) };
}

/**
 * HTTP PUT of `body` to the presigned `url` with an empty Content-Type (the signature covers it) and
 * a Content-Length; http:// and https://. Network errors, timeouts and non-2xx statuses are retried
 * with exponential back-off and jitter (the delay before retry n lies in [c/2, c) with c =
 * min(500 ms * 2^(n-1), 8 s)), slept through the injected clock.
 *
 * @throws ResponseDeliveryError after the last attempt, or at once for a URL that is not http(s) or that
 * {@link responseUrlVerdict} refuses (nothing is sent there).
 * @example
 * await sendResponse(event.ResponseURL, buildResponseBody(input).body);
 */
export async function sendResponse(url: string, body: string, options: SendResponseOptions = {}): Promise<{ statusCode: number; attempts: number }> {
  const clock = options.clock ?? systemClock;
  const attempts = Math.max(1, Math.floor(options.attempts ?? DEFAULT_DELIVERY_ATTEMPTS));
  const timeoutMs = options.timeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const random = options.random ?? Math.random;
  const target = parseTarget(url, options.localEndpointUrl);

  let lastFailure: AttemptFailure = { description: 'no attempt made' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await clock.sleep(backoffDelayMs(attempt - 1, random));
    try {
      const statusCode = await putOnce(target, body, timeoutMs);
      if (statusCode >= 200 && statusCode < 300) return { statusCode, attempts: attempt };
      lastFailure = { description: `HTTP ${statusCode}`, statusCode };
    } catch (error) {
      lastFailure = { description: describeNetworkError(error), cause: sanitizedError(error) };
    }
  }
  throw new ResponseDeliveryError(
    `Could not deliver the response to CloudFormation after ${attempts} attempt${attempts === 1 ? '' : 's'}; last: ${lastFailure.description}.`,
    attempts,
    lastFailure.statusCode,
    lastFailure.cause === undefined ? undefined : { cause: lastFailure.cause },
  );
}

interface AttemptFailure {
  description: string;
  statusCode?: number;
  cause?: Error;
}

interface Target {
  module: typeof http | typeof https;
  options: http.RequestOptions;
}

function parseTarget(url: string, localEndpointUrl: string | undefined): Target {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The TypeError from URL carries the input: do not chain it.
    throw new ResponseDeliveryError('The ResponseURL is not a valid URL.', 0, undefined);
  }
  // The lifecycle refuses such events before any work; this keeps the sender itself from ever reaching another host, or
  // any scheme but http and https.
  const verdict = responseUrlVerdict(url, localEndpointUrl);
  if (!verdict.accepted) throw new ResponseDeliveryError(`The ResponseURL was refused: ${verdict.reason}.`, 0, undefined);
  return {
    module: parsed.protocol === 'https:' ? https : http,
    options: {
      method: 'PUT',
      hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: parsed.port === '' ? undefined : Number(parsed.port),
      path: `${parsed.pathname}${parsed.search}`,
      // A fresh connection per attempt: a kept-alive socket may have died while Lambda was frozen.
      agent: false,
    },
  };
}

/** One PUT; resolves with the status code, rejects on a network error or after `timeoutMs`. */
function putOnce(target: Target, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = target.module.request({
      ...target.options,
      headers: { 'Content-Type': '', 'Content-Length': Buffer.byteLength(body, 'utf8') },
    });
    // Real time, not the injected clock: this bounds a real socket.
    const timer = setTimeout(() => request.destroy(new AttemptTimeoutError(timeoutMs)), timeoutMs);
    const settle = (finish: () => void): void => {
      clearTimeout(timer);
      finish();
    };
    request.on('response', (response) => {
      response.on('error', (error) => settle(() => reject(error)));
      // Drain the body so the socket closes; the status is all that matters.
      response.on('end', () => settle(() => resolve(response.statusCode ?? 0)));
      response.resume();
    });
    request.on('error', (error) => settle(() => reject(error)));
    request.end(body);
  });
}

class AttemptTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

/** Upper bound of the delay before retry `retry` (1-based). */
function backoffCeilingMs(retry: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (retry - 1));
}

/** "Equal jitter": half the ceiling is fixed, half random, so retries spread out but never bunch at zero. */
function backoffDelayMs(retry: number, random: () => number): number {
  const ceiling = backoffCeilingMs(retry);
  const unit = Math.min(Math.max(random(), 0), 1);
  return Math.floor(ceiling / 2 + (ceiling / 2) * unit);
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return redactText(code !== undefined && !error.message.includes(code) ? `${error.message} (${code})` : error.message);
  }
  return redactText(String(error));
}

/** A copy of a network error with its message redacted and nothing else attached (no request, no socket, no URL). */
function sanitizedError(error: unknown): Error {
  const copy = new Error(describeNetworkError(error));
  copy.name = error instanceof Error ? error.name : 'Error';
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  if (code !== undefined) (copy as NodeJS.ErrnoException).code = code;
  return copy;
}
