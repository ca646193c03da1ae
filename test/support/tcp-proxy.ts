/**
 * A TCP proxy a test can close and reopen, to make one dependency unreachable for one service
 * without stopping a server other tests (and the registry, whose storage is in the same PostgreSQL)
 * depend on. Our own rather than toxiproxy: that one is a Go binary, which this project cannot
 * download, and closing a listening socket is all the fault we need.
 */
import net from 'node:net';

export interface TcpProxy {
  /** The port the proxy listens on (kept across block/unblock). */
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Stops listening and cuts every open connection: new connections are refused. */
  block(): Promise<void>;
  /** Listens again on the same port. */
  unblock(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string, options: { blocked?: boolean } = {}): Promise<TcpProxy> {
  const upstream = new URL(target);
  const targetPort = Number(upstream.port);
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const backend = net.connect(targetPort, upstream.hostname);
    for (const socket of [client, backend]) {
      open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        backend.destroy();
      });
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
  const stopListening = () =>
    new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
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
    async unblock() {
      if (!server.listening) await listen(port);
    },
    close: stopListening,
  };
}
