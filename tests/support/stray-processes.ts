/**
 * Processes a jest run left behind: what the global teardown (tests/support/global-teardown.ts) fails the run for.
 *
 * A process a test started stays in the process group of the jest run even when its parent dies and init adopts it,
 * so the group, not the process tree, finds it. Linux only (it reads /proc); elsewhere nothing is found.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  /** Process group ID. */
  readonly pgid: number;
  /** `Z` for a zombie: dead, only not yet reaped. */
  readonly state: string;
  /** Start time, in clock ticks since boot (/proc/<pid>/stat, field 22). */
  readonly startTicks: number;
  /** The command line, arguments joined by spaces. */
  readonly command: string;
}

/**
 * One line of /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself hold spaces and
 * parentheses, so the fields after it are counted from the last `)` (proc(5), /proc/pid/stat).
 */
export function parseStat(stat: string, command = ''): ProcessEntry | undefined {
  const pid = Number.parseInt(stat, 10);
  const close = stat.lastIndexOf(')');
  if (!Number.isInteger(pid) || close < 0) return undefined;
  // After the name: state (field 3), ppid (4), pgrp (5), … starttime (22).
  const fields = stat.slice(close + 2).split(' ');
  const [state, ppid, pgid, startTicks] = [fields[0] ?? '', Number(fields[1]), Number(fields[2]), Number(fields[19])];
  if (![ppid, pgid, startTicks].every(Number.isFinite)) return undefined;
  return { pid, ppid, pgid, state, startTicks, command };
}

/** Every process visible in /proc (those that exit while being read are skipped); empty where there is no /proc. */
export function listProcesses(proc = '/proc'): ProcessEntry[] {
  if (!existsSync(`${proc}/self/stat`)) return [];
  return readdirSync(proc)
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const command = readFileSync(`${proc}/${name}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
        const entry = parseStat(readFileSync(`${proc}/${name}/stat`, 'utf8'), command);
        return entry ? [entry] : [];
      } catch {
        return [];
      }
    });
}

/**
 * The processes `self` (the jest process) is answerable for: alive, in its process group, started after it, and not
 * one of its own jest workers nor one of its ancestors (npm, `sh -c jest`, npx: they start before it, but often in the
 * same clock tick, which the start time cannot tell apart); a zombie is already dead.
 */
export function strayProcesses(self: ProcessEntry, processes: readonly ProcessEntry[]): ProcessEntry[] {
  const ancestors = ancestorsOf(self, processes);
  return processes.filter(
    (entry) =>
      entry.pid !== self.pid &&
      !ancestors.has(entry.pid) &&
      entry.state !== 'Z' &&
      entry.pgid === self.pgid &&
      entry.startTicks >= self.startTicks &&
      !(entry.ppid === self.pid && /jest-worker/.test(entry.command)),
  );
}

/** The PIDs of `self`'s parent, its parent's parent, and so on up the process tree. */
function ancestorsOf(self: ProcessEntry, processes: readonly ProcessEntry[]): Set<number> {
  const byPid = new Map(processes.map((entry) => [entry.pid, entry]));
  const ancestors = new Set<number>();
  for (let pid = self.ppid; pid > 0 && !ancestors.has(pid); pid = byPid.get(pid)?.ppid ?? 0) ancestors.add(pid);
  return ancestors;
}

/** This process as /proc sees it; undefined where there is no /proc. */
export function selfProcess(proc = '/proc'): ProcessEntry | undefined {
  return listProcesses(proc).find((entry) => entry.pid === process.pid);
}

/** `pid` and every process below it in the process tree, parents before children. */
export function processTree(pid: number, processes: readonly ProcessEntry[]): number[] {
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) {
    tree.push(...processes.filter((entry) => entry.ppid === tree[index] && entry.state !== 'Z').map((entry) => entry.pid));
  }
  return tree;
}
