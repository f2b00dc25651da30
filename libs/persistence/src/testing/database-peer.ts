import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type PeerRequest =
  | { readonly op: 'hold' }
  | { readonly op: 'release' }
  | { readonly op: 'follow'; readonly consumers: readonly string[] }
  | { readonly op: 'unfollow' };

export interface PeerReply {
  readonly op: PeerRequest['op'] | 'ready';
  readonly done: boolean;
  readonly error?: string;
  /** `unfollow`: events handled by the followed consumers, and the failures the poller reported. */
  readonly handled?: number;
  readonly failures?: readonly string[];
}

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PROCESS_ENTRY = fileURLToPath(new URL('./database-peer-process.ts', import.meta.url));

/**
 * A second process on the same database, as the status page is next to the gateway: specs ask it to hold the
 * write lock or to follow the outbox, and read its answers. The real case is two processes, not two
 * connections in one: each has its own event loop, and better-sqlite3 blocks the one it runs in.
 */
export class DatabasePeer {
  private readonly replies: PeerReply[] = [];
  private readonly waiters: (() => void)[] = [];

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: PeerReply) => {
      this.replies.push(message);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    child.once('exit', () => this.waiters.splice(0).forEach((wake) => wake()));
  }

  static async start(databaseUrl: string): Promise<DatabasePeer> {
    const child = fork(PROCESS_ENTRY, {
      cwd: ROOT,
      execArgv: ['--import', './test/support/ts-loader.mjs'],
      env: { PATH: process.env['PATH'], DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const peer = new DatabasePeer(child);
    await peer.reply('ready');
    return peer;
  }

  /** Sends a request and waits for its answer; a failed request rejects with the peer's error. */
  async ask(request: PeerRequest): Promise<PeerReply> {
    this.child.send(request);
    return this.reply(request.op);
  }

  private async reply(op: PeerReply['op']): Promise<PeerReply> {
    for (;;) {
      const index = this.replies.findIndex((each) => each.op === op);
      if (index >= 0) {
        const [found] = this.replies.splice(index, 1);
        if (!found!.done) throw new Error(`The peer process failed to ${op}: ${found!.error}`);
        return found!;
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        throw new Error(`The peer process exited before answering ${op}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}
