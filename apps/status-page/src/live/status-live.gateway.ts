import { WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server } from 'socket.io';

/** What open pages receive: the regions to replace in place, rendered from the new public snapshot. */
export interface LiveStatusMessage {
  readonly type: string;
  readonly position: number;
  readonly ref: string | null;
  readonly regions: Readonly<Record<string, string>>;
}

/** Socket.IO endpoint (`/socket.io`) that open status pages connect to; it only ever pushes public content. */
@WebSocketGateway({ cors: { origin: '*' } })
export class StatusLiveGateway {
  @WebSocketServer()
  server!: Server;

  broadcast(message: LiveStatusMessage): void {
    this.server?.emit('status', message);
  }

  get connectedClients(): number {
    return this.server?.engine?.clientsCount ?? 0;
  }
}
