// The deprecated HTTP+SSE transport of MCP 2024-11-05, for clients that predate Streamable HTTP:
// GET opens an event stream whose first `endpoint` event names the URL to POST messages to; answers
// come back on the stream. SDK 2.x no longer ships a server side for it, and it is small. Sessions are
// held in this process (one stream each), so replicas need sticky sessions for it; Streamable HTTP
// at /mcp needs none.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { parseJSONRPCMessage, type JSONRPCMessage, type Transport } from '@modelcontextprotocol/server';
import { BadUserInputError } from '../errors.ts';

export class LegacySseTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly sessionId = randomUUID();
  private closed = false;
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: ServerResponse,
    private readonly postPath: string,
    private readonly headers: Readonly<Record<string, string>>,
    /** Below the server's idle-connection timeout, so an idle stream is not cut. */
    private readonly keepAliveMs: number,
  ) {}

  async start(): Promise<void> {
    this.res.writeHead(200, {
      ...this.headers,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.res.write(`event: endpoint\ndata: ${this.postPath}?sessionId=${this.sessionId}\n\n`);
    this.keepAlive = setInterval(() => this.res.write(': keep-alive\n\n'), this.keepAliveMs);
    this.keepAlive.unref();
    this.res.on('close', () => this.finish());
  }

  /** A POSTed JSON-RPC message (or batch) for this session; invalid ones are a BadUserInputError. */
  receive(body: unknown): void {
    const messages = (Array.isArray(body) ? body : [body]).map((m) => {
      try {
        return parseJSONRPCMessage(m);
      } catch (error) {
        throw new BadUserInputError(`Invalid JSON-RPC message: ${error instanceof Error ? error.message.slice(0, 300) : 'unreadable'}.`);
      }
    });
    for (const m of messages) this.onmessage?.(m);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) throw new Error('The SSE stream is closed.');
    this.res.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close(): Promise<void> {
    if (!this.res.writableEnded) this.res.end();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    this.onclose?.();
  }
}
