import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface JavaInstall {
  bin: string;
  major: number;
}

function javaMajor(bin: string): number | undefined {
  const res = spawnSync(bin, ['-version'], { encoding: 'utf8' });
  if (res.error || res.status !== 0) return undefined;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(res.stderr + res.stdout);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 ? Number(m[2]) : first;
}

/** Every JDK this machine has: JAVA_HOME, `java` on PATH, and /usr/lib/jvm/*. */
export function findJavas(javaHome = process.env.JAVA_HOME): JavaInstall[] {
  const candidates = new Set<string>();
  if (javaHome) candidates.add(path.join(javaHome, 'bin', 'java'));
  candidates.add('java');
  const jvmDir = '/usr/lib/jvm';
  if (fs.existsSync(jvmDir)) {
    for (const entry of fs.readdirSync(jvmDir)) {
      const bin = path.join(jvmDir, entry, 'bin', 'java');
      if (fs.existsSync(bin)) candidates.add(bin);
    }
  }
  const found: JavaInstall[] = [];
  for (const bin of candidates) {
    const major = javaMajor(bin);
    if (major !== undefined) found.push({ bin, major });
  }
  return found;
}

/** The first JDK (preferring JAVA_HOME, then PATH) whose major version is at least `min`. */
export function pickJava(javas: JavaInstall[], min: number): JavaInstall | undefined {
  return javas.find((j) => j.major >= min);
}

export class PrerequisiteError extends Error {
  override name = 'PrerequisiteError';
}

/** Checks Node, Java and Maven before anything starts, with one clear message per missing piece. */
export function checkPrerequisites(opts: { needJava: number[]; needMaven: boolean }): void {
  const problems: string[] = [];
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor < 22) {
    problems.push(
      `Node ${process.versions.node} is too old: Node >= 22 is required (run npm ci; npm scripts use node_modules/.bin/node).`,
    );
  }
  if (opts.needJava.length > 0) {
    const javas = findJavas();
    for (const min of opts.needJava) {
      if (!pickJava(javas, min)) {
        const seen = javas.map((j) => `${j.bin} (${j.major})`).join(', ') || 'none';
        problems.push(`Java >= ${min} is required (found: ${seen}); install a JDK or set JAVA_HOME.`);
      }
    }
  }
  if (opts.needMaven) {
    const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
    if (mvn.error || mvn.status !== 0) {
      problems.push(
        'Maven (mvn) is required to fetch Kafka and Apicurio Registry from Maven Central; install Apache Maven.',
      );
    }
  }
  if (problems.length > 0)
    throw new PrerequisiteError(`Missing prerequisites:\n  - ${problems.join('\n  - ')}`);
}
