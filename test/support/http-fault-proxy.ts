import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer the proxy gives itself, once, to the first request `matches` selects. */
export interface Fault {
  matches: (method: string, path: string) => boolean;
  status: number;
  headers?: Record<string, string>;
}

/**
 * A real HTTP proxy in front of a server (the local Amp server's Admin API, say) that answers chosen
 * requests itself, as a load balancer or a restarting server would (a 503, a 502), and passes the rest on.
 * `seen` lists every request (`GET /jobs/7`); `stop` and `restart` close and reopen its port.
 */
export class HttpFaultProxy {
  readonly faults: Fault[] = [];
  readonly seen: string[] = [];
  port = 0;
  private server: Server | undefined;

  private constructor(private readonly upstream: string) {}

  static async start(upstream: string): Promise<HttpFaultProxy> {
    const proxy = new HttpFaultProxy(upstream.replace(/\/+$/, ''));
    await proxy.restart();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens again (on the same port once it has one). */
  async restart(): Promise<void> {
    const server = createServer((req, res) => this.forward(req, res));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    this.seen.push(`${req.method} ${path}`);
    const at = this.faults.findIndex((f) => f.matches(req.method ?? '', path));
    if (at >= 0) {
      const { status, headers } = this.faults.splice(at, 1)[0];
      req.resume();
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`proxy: ${status}`);
      return;
    }
    const upstream = httpRequest(`${this.upstream}${path}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end('proxy: upstream failed'));
    req.pipe(upstream);
  }
}
