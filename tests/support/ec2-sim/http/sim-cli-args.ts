/** Command-line arguments of `npm run sim`. */

/** What the command line asked for. */
export interface SimCliArgs {
  /** `--port N` or `--port=N`; undefined means a free port. */
  port?: number;
  help: boolean;
}

/** Usage text for `--help` and for a bad command line. */
export const SIM_USAGE = 'usage: npm run sim -- [--port N]   (N = 0 or absent: a free port)';

/**
 * Parses `process.argv.slice(2)`; throws an Error with a readable message on anything it does not know.
 *
 * @example
 * parseSimArgs(['--port', '4566']); // { port: 4566, help: false }
 */
export function parseSimArgs(argv: readonly string[]): SimCliArgs {
  const args: SimCliArgs = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      args.help = true;
    } else if (arg === '--port' || arg.startsWith('--port=')) {
      const text = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      args.port = parsePort(text);
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
