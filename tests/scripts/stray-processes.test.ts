import { spawn } from 'node:child_process';
import { parseStat, processTree, selfProcess, strayProcesses, listProcesses, type ProcessEntry } from '../support/stray-processes';

/** What the global teardown counts as left behind by the suite (tests/support/global-teardown.ts). */

const JEST: ProcessEntry = { pid: 100, ppid: 90, pgid: 90, state: 'S', startTicks: 5_000, command: 'node node_modules/.bin/jest' };

function entry(changes: Partial<ProcessEntry>): ProcessEntry {
  return { pid: 200, ppid: JEST.pid, pgid: JEST.pgid, state: 'S', startTicks: 6_000, command: 'node scripts/sim.ts --port 0', ...changes };
}

describe('parseStat', () => {
  it('reads the fields after a command name holding spaces and parentheses', () => {
    // Prepare: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime
    const stat = '4242 (node (sim) x) S 4200 4100 4000 0 -1 4194560 1 0 0 0 5 3 0 0 20 0 11 0 987654 1000 200';
    // Act
    const parsed = parseStat(stat, 'node scripts/sim.ts');
    // Assess
    expect(parsed).toEqual({ pid: 4242, ppid: 4200, pgid: 4100, state: 'S', startTicks: 987654, command: 'node scripts/sim.ts' });
  });

  it('refuses a line that is not a stat line', () => {
    expect(parseStat('garbage')).toBeUndefined();
  });
});

describe('strayProcesses', () => {
  it.each([
    { case: 'a simulator a test started, still running', process: entry({}), stray: true },
    { case: 'one whose parent died, adopted by init', process: entry({ ppid: 1 }), stray: true },
    { case: 'a grandchild (npm → sh → node)', process: entry({ ppid: 300 }), stray: true },
    { case: 'jest itself', process: JEST, stray: false },
    { case: 'a zombie (dead, not yet reaped)', process: entry({ state: 'Z' }), stray: false },
    { case: 'another process group (another terminal job)', process: entry({ pgid: 777 }), stray: false },
    { case: 'a process started before jest (npm, the shell)', process: entry({ startTicks: 4_000 }), stray: false },
    // `npx jest` or npm's script shell (`sh -c jest`) often starts in the same clock tick as the jest it runs.
    { case: "jest's parent, started in the same clock tick", process: entry({ pid: JEST.ppid, ppid: 80, startTicks: JEST.startTicks }), stray: false },
    { case: "one of jest's own workers", process: entry({ command: '/usr/bin/node node_modules/jest-worker/build/workers/processChild.js' }), stray: false },
    { case: 'a jest-worker-like command that is not its child', process: entry({ ppid: 300, command: 'node node_modules/jest-worker/build/workers/processChild.js' }), stray: true },
  ])('$case: stray $stray', ({ process, stray }) => {
    expect(strayProcesses(JEST, [JEST, process]).map((found) => found.pid)).toEqual(stray ? [process.pid] : []);
  });
});

describe('processTree', () => {
  it('lists a process and everything below it, not its siblings nor zombies', () => {
    const processes = [entry({ pid: 1, ppid: 0 }), entry({ pid: 10, ppid: 1 }), entry({ pid: 11, ppid: 10 }), entry({ pid: 12, ppid: 11 }), entry({ pid: 13, ppid: 1 }), entry({ pid: 14, ppid: 11, state: 'Z' })];
    expect(processTree(10, processes)).toEqual([10, 11, 12]);
  });
});

describe('on this machine', () => {
  it('finds a process this test started while it lives, and no longer once it has exited (nothing at all without /proc)', async () => {
    // Prepare
    const self = selfProcess();
    if (self === undefined) {
      expect(listProcesses()).toEqual([]);
      return;
    }
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    try {
      // Act
      const whileAlive = strayProcesses(self, listProcesses()).map((found) => found.pid);
      child.kill('SIGKILL');
      await exited;
      const afterExit = strayProcesses(self, listProcesses()).map((found) => found.pid);
      // Assess
      expect(whileAlive).toContain(child.pid);
      expect(afterExit).not.toContain(child.pid);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
