/**
 * Jest globalTeardown: fails the run when a process the suite started is still alive (issue 22, item 12: a simulator
 * started by a test was found listening minutes after the run, adopted by init). Each test stops what it starts; this
 * is the check that none forgot, on every path, failures and timeouts included.
 *
 * A process that was just stopped may take a moment to exit (the simulator notices its parent's death within half a
 * second), so the check looks again for a few seconds before it fails; then it ends what is left, by PID, so that one
 * failed run does not leave the next a busy port.
 */
import { listProcesses, selfProcess, strayProcesses, type ProcessEntry } from './stray-processes';

/** How long a process that is on its way out gets before it counts as left behind. */
const EXIT_GRACE_MS = 5_000;
const LOOK_EVERY_MS = 100;

export default async function globalTeardown(): Promise<void> {
  const self = selfProcess();
  if (!self) return; // No /proc (not Linux): nothing to look at.
  let strays = strayProcesses(self, listProcesses());
  for (let waited = 0; strays.length > 0 && waited < EXIT_GRACE_MS; waited += LOOK_EVERY_MS) {
    await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS));
    strays = strayProcesses(self, listProcesses());
  }
  if (strays.length === 0) return;
  for (const stray of strays) {
    try {
      process.kill(stray.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  throw new Error(
    `${strays.length} process(es) started during the test run were still alive ${EXIT_GRACE_MS / 1000} s after the last test ` +
      `(now killed). A test started them and did not stop them on every path:\n${strays.map(describe).join('\n')}\n` +
      'Processes of the same process group started after jest count, so a job run beside jest in a script without job control does too.',
  );
}

function describe(entry: ProcessEntry): string {
  return `  pid ${entry.pid} (parent ${entry.ppid}${entry.ppid === 1 ? ', adopted by init' : ''}): ${entry.command || '(no command line)'}`;
}
