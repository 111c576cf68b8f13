/** The command line of `npm run sim`. */
import { parseSimArgs } from '../support/ec2-sim/http/sim-cli-args';

describe('parseSimArgs', () => {
  it.each([
    { argv: [], expected: { logRequests: false, help: false } },
    { argv: ['--port', '4566'], expected: { port: 4566, logRequests: false, help: false } },
    { argv: ['--port=0'], expected: { port: 0, logRequests: false, help: false } },
    { argv: ['--help'], expected: { logRequests: false, help: true } },
    { argv: ['-h', '--port', '80'], expected: { port: 80, logRequests: false, help: true } },
    { argv: ['--host', '0.0.0.0'], expected: { host: '0.0.0.0', logRequests: false, help: false } },
    { argv: ['--host=::', '--port', '4566'], expected: { host: '::', port: 4566, logRequests: false, help: false } },
    { argv: ['--host', 'localhost'], expected: { host: 'localhost', logRequests: false, help: false } },
    { argv: ['--log-requests'], expected: { logRequests: true, help: false } },
    { argv: ['--port', '4566', '--log-requests'], expected: { port: 4566, logRequests: true, help: false } },
  ])('reads $argv', ({ argv, expected }) => {
    expect(parseSimArgs(argv)).toEqual(expected);
  });

  it.each([
    { argv: ['--port'], message: /--port needs a number/ },
    { argv: ['--port', 'http'], message: /--port needs a number from 0 to 65535, got http/ },
    { argv: ['--port', '65536'], message: /got 65536/ },
    { argv: ['--port', '-1'], message: /got -1/ },
    { argv: ['--verbose'], message: /unknown argument: --verbose/ },
    { argv: ['--log-requests=yes'], message: /unknown argument: --log-requests=yes/ },
    { argv: ['--host'], message: /--host needs an address to listen on/ },
    { argv: ['--host', 'http://0.0.0.0'], message: /--host needs an address to listen on .*, got http:\/\/0\.0\.0\.0/ },
  ])('refuses $argv', ({ argv, message }) => {
    expect(() => parseSimArgs(argv)).toThrow(message);
  });
});
