import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type Koa from 'koa';
import { HttpError } from './http-error';

/** A listening HTTP server. */
export interface RunningHttpServer {
  /** Base URL with the actual port (useful with port 0), e.g. `http://127.0.0.1:41234`. */
  url: string;
  server: Server;
  /**
   * Stops accepting connections and waits for in-flight requests to finish; after `timeoutMs`
   * (default 10 s) the remaining connections are cut so shutdown cannot hang on a slow client.
   */
  close(timeoutMs?: number): Promise<void>;
}

/** Starts `app` on `host:port` (port 0 picks a free one). */
export async function startHttpServer(
  app: Koa,
  address: { host: string; port: number },
): Promise<RunningHttpServer> {
  const server = createServer(app.callback());
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  let closing: Promise<void> | undefined;

  const close = (timeoutMs = 10_000): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      // Keep-alive sockets that finish their request later would otherwise hold close() open.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  return { url: `http://${host}:${port}`, server, close };
}

/**
 * Requests Node's parser refuses before Koa sees them (a URL or headers over the 16 kB limit, a
 * malformed request line) get the same JSON error shape as every other error, instead of Node's
 * bare status line.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const error = tooLarge
    ? new HttpError('headers_too_large', 'Request line or headers are too large')
    : new HttpError('bad_request', 'Malformed HTTP request');
  const body = JSON.stringify(error.toBody());
  socket.end(
    `HTTP/1.1 ${error.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
