/**
 * Where the machine's CPU goes, from /proc: a process's, a command's (all its processes), the whole
 * machine's, and a load's split between them. Linux only; NaN where /proc has no answer.
 */
import fs from 'node:fs';

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; NaN once it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds the whole machine has spent busy so far (every process: the services, PostgreSQL, Kafka,
 * the load generator, and anything else running), from /proc/stat; NaN where there is none.
 */
export function machineCpuSeconds(): number {
  try {
    const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
    return (user! + nice! + system! + irq! + softirq! + (steal ?? 0)) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds used so far by every process whose command name is `comm` (`postgres`: PostgreSQL's
 * server and every backend). A process that exits in between takes its share with it.
 */
export function commandCpuSeconds(comm: string): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let name: string;
    try {
      name = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue; // gone since the directory was read
    }
    const seconds = name === comm ? cpuSeconds(Number(entry)) : Number.NaN;
    if (!Number.isNaN(seconds)) total += seconds;
  }
  return total;
}

/** What a CPU split found: milliseconds per answered request, by part. */
export interface CpuSplit {
  /** Each named part, then `the rest` (the machine's busy time no named part accounts for). */
  parts: [name: string, msPerRequest: number][];
  /** The whole machine's busy milliseconds per request. */
  totalMs: number;
}

/** One named part's milliseconds per request in a split (NaN when it has no such part). */
export function partMs(split: CpuSplit, name: string): number {
  return split.parts.find(([part]) => part === name)?.[1] ?? Number.NaN;
}

/**
 * Starts measuring a load: call the result with the number of answered requests when it ends. Each part
 * is a function giving its CPU seconds so far (cpuSeconds of a pid, commandCpuSeconds of a command).
 */
export function startCpuSplit(parts: Record<string, () => number>): (answered: number) => CpuSplit {
  const named = Object.entries(parts);
  const before = named.map(([, used]) => used());
  const machineBefore = machineCpuSeconds();
  return (answered) => {
    const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, answered);
    const spent = named.map(([, used], i) => used() - before[i]!);
    const machine = machineCpuSeconds() - machineBefore;
    const rest = machine - spent.reduce((sum, s) => sum + s, 0);
    return {
      parts: [
        ...named.map(([name], i): [string, number] => [name, perRequest(spent[i]!)]),
        ['the rest', perRequest(rest)],
      ],
      totalMs: perRequest(machine),
    };
  };
}
