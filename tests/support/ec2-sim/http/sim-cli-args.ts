/** Command-line arguments of `npm run sim`. */

/** What the command line asked for. */
export interface SimCliArgs {
  /** `--port N` or `--port=N`; undefined means a free port. */
  port?: number;
  /** `--host ADDRESS`: the interface to listen on; undefined means loopback only (127.0.0.1). */
  host?: string;
  /** `--log-requests`: print one line per request received. */
  logRequests: boolean;
  help: boolean;
}

/** Usage text for `--help` and for a bad command line. */
export const SIM_USAGE = `usage: npm run sim -- [--port N] [--host ADDRESS] [--log-requests]
  --port N        N = 0 or absent: a free port
  --host ADDRESS  the interface to listen on (default 127.0.0.1, this machine only); 0.0.0.0 for every
                  interface, e.g. for sam local invoke, whose container reaches the host from outside loopback
  --log-requests  print one line per request: time, service, action, region, HTTP status, error code, duration`;

/**
 * Parses `process.argv.slice(2)`; throws an Error with a readable message on anything it does not know.
 *
 * @example
 * parseSimArgs(['--port', '4566']); // { port: 4566, logRequests: false, help: false }
 */
export function parseSimArgs(argv: readonly string[]): SimCliArgs {
  const args: SimCliArgs = { logRequests: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      args.help = true;
    } else if (arg === '--log-requests') {
      args.logRequests = true;
    } else if (arg === '--port' || arg.startsWith('--port=')) {
      const text = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      args.port = parsePort(text);
    } else if (arg === '--host' || arg.startsWith('--host=')) {
      const text = arg === '--host' ? argv[++i] : arg.slice('--host='.length);
      args.host = parseHost(text);
    } else {
      throw new Error(`unknown argument: ${arg}`);
    }
  }
  return args;
}

function parsePort(text: string | undefined): number {
  const port = Number(text);
  if (text === undefined || !/^\d+$/.test(text) || port > 65_535) throw new Error(`--port needs a number from 0 to 65535, got ${text ?? 'nothing'}`);
  return port;
}

function parseHost(text: string | undefined): string {
  // An IPv4 or IPv6 address or a host name; a URL or a port here is a mistake worth naming.
  if (text === undefined || !/^([A-Za-z0-9.-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/.test(text)) {
    throw new Error(`--host needs an address to listen on (127.0.0.1, 0.0.0.0, ::, a host name), got ${text ?? 'nothing'}`);
  }
  return text;
}
