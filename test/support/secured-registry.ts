/**
 * A real secured schema registry for tests: nginx (Debian's nginx-light) in front of the stack's
 * Apicurio, serving HTTPS with a certificate from a CA made for the test, and refusing requests
 * without the right HTTP basic auth (401). The CA, the certificate and the htpasswd file are made
 * with openssl in a temporary folder; nginx runs as a child process (`daemon off`) on a free port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { waitUntil } from './wait';

/** A running proxy; `stop()` ends nginx and removes its folder. */
export interface SecuredRegistry {
  /** `https://127.0.0.1:<port>` + the upstream URL's path (the Confluent-compatible API). */
  url: string;
  username: string;
  password: string;
  /** PEM of the CA that signed the proxy's certificate (what SCHEMA_REGISTRY_CA_FILE names). */
  caFile: string;
  /** PEM of another CA, which did not sign it: a client trusting only this one must refuse the proxy. */
  otherCaFile: string;
  /** nginx's error log, for a failing test to show. */
  errorLog: string;
  stop(): Promise<void>;
}

const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx'];

/** nginx's path, or undefined when it is not installed (`apt-get install -y nginx-light`). */
export function findNginx(): string | undefined {
  const found = NGINX_CANDIDATES.find((p) => fs.existsSync(p));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  const onPath = which.stdout.trim();
  return which.status === 0 && onPath !== '' ? onPath : undefined;
}

/** Why the secured-registry tests cannot run here, or undefined when they can. */
export function securedRegistryUnavailable(): string | undefined {
  if (!findNginx()) return 'nginx is not installed (apt-get install -y nginx-light; .ci/run installs it)';
  if (spawnSync('openssl', ['version']).status !== 0) return 'openssl is not installed';
  return undefined;
}

function openssl(dir: string, args: string[], input?: string): string {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', input });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** A CA (`<name>.pem`, `<name>.key`) valid for two days. */
function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
  ]);
}

/** A server certificate for 127.0.0.1 and localhost, signed by the CA `ca`. */
function makeServerCert(dir: string, ca: string): void {
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  ]);
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
  );
  openssl(dir, [
    'x509',
    '-req',
    '-sha256',
    '-days',
    '2',
    '-in',
    'server.csr',
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  ]);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function nginxConf(dir: string, port: number, upstream: URL): string {
  const at = (file: string) => path.join(dir, file);
  return `
worker_processes 1;
pid ${at('nginx.pid')};
error_log ${at('error.log')} warn;
events { worker_connections 64; }
http {
  access_log ${at('access.log')};
  client_body_temp_path ${at('tmp-body')};
  proxy_temp_path ${at('tmp-proxy')};
  fastcgi_temp_path ${at('tmp-fastcgi')};
  uwsgi_temp_path ${at('tmp-uwsgi')};
  scgi_temp_path ${at('tmp-scgi')};
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${at('server.pem')};
    ssl_certificate_key ${at('server.key')};
    location / {
      auth_basic "schema registry";
      auth_basic_user_file ${at('htpasswd')};
      # Apicurio itself is not secured here: the proxy checked the credentials, it keeps them.
      proxy_set_header Authorization "";
      proxy_pass http://${upstream.host};
    }
  }
}
`;
}

/** Resolves once the proxy completes a TLS handshake (whatever the certificate); rejects otherwise. */
function handshake(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts nginx in front of `upstreamUrl` (the stack's registry, e.g. `http://127.0.0.1:8081/apis/ccompat/v7`)
 * with HTTPS and basic auth for `username`/`password`.
 *
 * @throws when nginx or openssl is missing (check {@link securedRegistryUnavailable} first) or nginx
 *   does not start (its error log is in the message).
 */
export async function startSecuredRegistry(
  upstreamUrl: string,
  credentials: { username: string; password: string } = {
    username: 'registry-user',
    password: 'registry-pass',
  },
): Promise<SecuredRegistry> {
  const nginx = findNginx();
  if (!nginx) throw new Error(securedRegistryUnavailable());
  const upstream = new URL(upstreamUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secured-registry-'));
  // nginx's workers run as another user when the tests run as root: they must read the htpasswd file.
  fs.chmodSync(dir, 0o755);
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  makeServerCert(dir, 'ca');
  const hash = openssl(dir, ['passwd', '-apr1', '-stdin'], `${credentials.password}\n`).trim();
  fs.writeFileSync(path.join(dir, 'htpasswd'), `${credentials.username}:${hash}\n`, { mode: 0o644 });

  // A port picked now could be taken before nginx binds it (other test runs share the machine): retry.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, nginxConf(dir, port, upstream));
    const errorLog = path.join(dir, 'error.log');
    const child = spawn(nginx, ['-p', dir, '-e', errorLog, '-c', conf, '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const up = await waitUntil(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return 'exited';
      return (await handshake(port)) ? 'up' : undefined;
    }, 30_000).catch(() => 'timeout');
    if (up === 'up') {
      return {
        url: `https://127.0.0.1:${port}${upstream.pathname.replace(/\/+$/, '')}`,
        ...credentials,
        caFile: path.join(dir, 'ca.pem'),
        otherCaFile: path.join(dir, 'other-ca.pem'),
        errorLog,
        async stop() {
          child.kill('SIGTERM');
          await exited(child);
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill('SIGKILL');
    await exited(child);
    const log = fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '';
    if (attempt < 3 && /Address already in use/.test(stderr + log)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`nginx did not start (${up}): ${stderr}${log}`);
  }
}
