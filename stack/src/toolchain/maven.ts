import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { APICURIO_VERSION, KAFKA_VERSION } from '../config/versions';

function mvn(args: string[], cwd: string, what: string): void {
  const res = spawnSync('mvn', ['-q', '-B', ...args], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.error || res.status !== 0) {
    throw new Error(
      `Maven could not resolve ${what} (mvn ${args.join(' ')} exited ${res.status ?? res.error?.message})`,
    );
  }
}

/** Kafka's jars and their runtime dependencies (with a logging binding), cached per version. */
export function ensureKafkaJars(repoRoot: string, cacheDir: string): string {
  const dir = path.join(cacheDir, `kafka-${KAFKA_VERSION}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  console.log(`Resolving Apache Kafka ${KAFKA_VERSION} from Maven Central into ${dir} (once)...`);
  mvn(
    [
      '-f',
      path.join(repoRoot, 'stack', 'maven', 'pom.xml'),
      'dependency:copy-dependencies',
      `-Dkafka.version=${KAFKA_VERSION}`,
      `-DoutputDirectory=${dir}`,
      '-DincludeScope=runtime',
    ],
    repoRoot,
    `Apache Kafka ${KAFKA_VERSION}`,
  );
  fs.writeFileSync(marker, new Date().toISOString());
  return dir;
}

/**
 * Kafka's command-line tools (kafka-tools: ProducerPerformance, ConsumerPerformance, EndToEndLatency)
 * and their dependencies, at the broker's version, cached per version; `npm run bench` runs them
 * against the stack's broker as Kafka's own limit.
 */
export function ensureKafkaTools(repoRoot: string, cacheDir: string): string {
  const dir = path.join(cacheDir, `kafka-tools-${KAFKA_VERSION}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  console.log(`Resolving Apache Kafka's tools ${KAFKA_VERSION} from Maven Central into ${dir} (once)...`);
  mvn(
    [
      '-f',
      path.join(repoRoot, 'stack', 'maven', 'kafka-tools-pom.xml'),
      'dependency:copy-dependencies',
      `-Dkafka.version=${KAFKA_VERSION}`,
      `-DoutputDirectory=${dir}`,
      '-DincludeScope=runtime',
    ],
    repoRoot,
    `Apache Kafka's tools ${KAFKA_VERSION}`,
  );
  fs.writeFileSync(marker, new Date().toISOString());
  return dir;
}

/** Apicurio Registry's Quarkus distribution (quarkus-run.jar and its lib/), unpacked once per version. */
export function ensureApicurio(cacheDir: string): string {
  const dir = path.join(cacheDir, `apicurio-${APICURIO_VERSION}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  console.log(
    `Resolving Apicurio Registry ${APICURIO_VERSION} from Maven Central into ${dir} (once, ~160 MB)...`,
  );
  const download = path.join(cacheDir, 'downloads');
  fs.mkdirSync(download, { recursive: true });
  mvn(
    [
      'dependency:copy',
      `-Dartifact=io.apicurio:apicurio-registry-app:${APICURIO_VERSION}:tar.gz:all`,
      `-DoutputDirectory=${download}`,
    ],
    cacheDir,
    `Apicurio Registry ${APICURIO_VERSION}`,
  );
  const archive = path.join(download, `apicurio-registry-app-${APICURIO_VERSION}-all.tar.gz`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const tar = spawnSync('tar', ['xzf', archive, '-C', dir], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error(`could not unpack ${archive}`);
  fs.rmSync(archive, { force: true });
  fs.writeFileSync(marker, new Date().toISOString());
  return dir;
}
