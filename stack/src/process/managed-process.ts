import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PollTimeoutError, pollUntil } from '@contract-events/runtime/tools';

/** A long-running process of the stack, tracked by a pid file under .stack/. */
export interface ManagedProcess {
  name: string;
  pidFile: string;
  logFile: string;
}

export function managedProcess(stateDir: string, name: string): ManagedProcess {
  return {
    name,
    pidFile: path.join(stateDir, `${name}.pid`),
    logFile: path.join(stateDir, 'logs', `${name}.log`),
  };
}

export function readPid(proc: ManagedProcess): number | undefined {
  try {
    const pid = Number(fs.readFileSync(proc.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number | undefined): pid is number {
  if (pid === undefined) return false;
  if (isZombie(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A killed process nobody has reaped yet still answers kill(pid, 0); on Linux, /proc tells. */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

export function runningPid(proc: ManagedProcess): number | undefined {
  const pid = readPid(proc);
  return isAlive(pid) ? pid : undefined;
}

/**
 * Starts a command detached in its own process group, so it outlives the CLI that started
 * it and `stop` can signal the whole group (a JVM or postgres with its children).
 */
export function startDetached(
  proc: ManagedProcess,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): number {
  fs.mkdirSync(path.dirname(proc.logFile), { recursive: true });
  const out = fs.openSync(proc.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${proc.name} (${command})`);
  child.unref();
  fs.writeFileSync(proc.pidFile, String(child.pid));
  return child.pid;
}

/** SIGTERM to the process group, then SIGKILL after the grace period; removes the pid file. */
export async function stopProcess(proc: ManagedProcess, graceMs = 20_000): Promise<boolean> {
  const pid = readPid(proc);
  if (!isAlive(pid)) {
    fs.rmSync(proc.pidFile, { force: true });
    return false;
  }
  signalGroup(pid, 'SIGTERM');
  if (!(await exited(pid, graceMs, 200))) signalGroup(pid, 'SIGKILL');
  // SIGKILL cannot be caught or ignored; as before, wait for the process to be gone without a deadline.
  await exited(pid, Number.POSITIVE_INFINITY, 100);
  fs.rmSync(proc.pidFile, { force: true });
  return true;
}

/** `kill -9` of the process group, as a crash or a lost host would end it (fault tests); removes the pid file. */
export async function killProcess(proc: ManagedProcess): Promise<boolean> {
  const pid = readPid(proc);
  if (isAlive(pid)) {
    signalGroup(pid, 'SIGKILL');
    await exited(pid, Number.POSITIVE_INFINITY, 50);
  }
  fs.rmSync(proc.pidFile, { force: true });
  return pid !== undefined;
}

/** Whether `pid` is gone within `timeoutMs`, checked every `intervalMs`. */
async function exited(pid: number, timeoutMs: number, intervalMs: number): Promise<boolean> {
  return pollUntil(() => !isAlive(pid), { timeoutMs, intervalMs, what: `pid ${pid} to exit` }).then(
    () => true,
    (err: unknown) => {
      if (err instanceof PollTimeoutError) return false;
      throw err;
    },
  );
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
