/**
 * A TCP proxy a test can cut, to make one dependency unreachable for one service without stopping a
 * server other tests (and the registry, whose storage is in the same PostgreSQL) depend on. Our own
 * rather than toxiproxy: that one is a Go binary, which this project cannot download, and the two
 * faults we need are a closed port and a host that accepts connections but never answers.
 */
import net from 'node:net';

export interface TcpProxy {
  /** The port the proxy listens on (kept across faults). */
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Refused: stops listening and cuts every open connection. */
  block(): Promise<void>;
  /** Frozen: cuts every open connection, then accepts new ones but never forwards a byte. */
  freeze(): Promise<void>;
  /** Forwards again (listening on the same port). */
  unblock(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string, options: { blocked?: boolean } = {}): Promise<TcpProxy> {
  const upstream = new URL(target);
  const targetPort = Number(upstream.port);
  const open = new Set<net.Socket>();
  let frozen = false;
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => open.delete(socket));
  };
  const server = net.createServer((client) => {
    track(client);
    if (frozen) return; // held open, never answered
    const backend = net.connect(targetPort, upstream.hostname);
    track(backend);
    for (const [a, b] of [
      [client, backend],
      [backend, client],
    ] as const) {
      a.on('close', () => b.destroy());
    }
    client.pipe(backend).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const cutAll = () => {
    for (const socket of open) socket.destroy();
  };
  const stopListening = () =>
    new Promise<void>((resolve) => {
      cutAll();
      if (!server.listening) resolve();
      else server.close(() => resolve());
    });

  const port = await listen(0);
  if (options.blocked) await stopListening();
  return {
    port,
    via(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    block: stopListening,
    async freeze() {
      frozen = true;
      cutAll();
      if (!server.listening) await listen(port);
    },
    async unblock() {
      frozen = false;
      cutAll(); // held connections of a freeze
      if (!server.listening) await listen(port);
    },
    async close() {
      frozen = false;
      await stopListening();
    },
  };
}
