import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type OnGatewayConnection, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { type OutboxConsumer, type OutboxEvent, parseRef } from '@firebreak/incident';
import { OutboxRelay } from '@firebreak/persistence';
import { cookiesOf, SESSION_COOKIE } from './site-cookies.js';
import { SiteReadCache } from './site-read-cache.js';
import { SiteSessions } from './site-sessions.js';

/** The room of the incidents list; an incident's page joins `incident:<ref>`. */
const LIST_ROOM = 'list';
const roomOf = (ref: string) => `incident:${ref}`;

/**
 * The site's live feed (socket.io namespace `/site`): only signed-in browsers connect, and what it pushes is
 * only that something changed (a reference and an outbox position). The page then fetches itself with its
 * own cookie, so nobody receives what the access policy would not show them.
 */
// Under /site, where the session cookie (Path=/site) is sent with the handshake.
@WebSocketGateway({ namespace: '/site', path: '/site/socket.io' })
export class SiteLiveGateway implements OnGatewayConnection {
  @WebSocketServer()
  namespace!: Namespace;

  constructor(@Inject(SiteSessions) private readonly sessions: SiteSessions) {}

  async handleConnection(socket: Socket): Promise<void> {
    const session = await this.sessions.signedIn(
      cookiesOf(socket.handshake.headers.cookie).get(SESSION_COOKIE),
    );
    if (!session) {
      socket.disconnect(true);
      return;
    }
    const follows = socket.handshake.query.follows;
    const ref = typeof follows === 'string' ? parseRef(follows) : null;
    await socket.join(ref ? roomOf(ref) : LIST_ROOM);
  }

  changed(event: OutboxEvent): void {
    const notice = { position: event.position, ref: event.incidentRef };
    this.namespace?.to(LIST_ROOM).emit('changed', notice);
    if (event.incidentRef) this.namespace?.to(roomOf(event.incidentRef)).emit('changed', notice);
  }
}

/** Feeds the live feed from the outbox, from the head: open pages only care about what happens next. */
@Injectable()
export class SiteLiveOutbox implements OnModuleInit {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(SiteLiveGateway) private readonly live: SiteLiveGateway,
    @Inject(SiteReadCache) private readonly cache: SiteReadCache,
  ) {}

  onModuleInit(): void {
    this.relay.register(this.cache.consumer());
    this.relay.register(this.consumer());
  }

  consumer(): OutboxConsumer {
    return {
      name: 'site-live',
      startAt: 'head',
      handle: async (event) => {
        // The pages this push makes browsers fetch must not come from this process's cache of before the event.
        this.cache.invalidate();
        this.live.changed(event);
      },
    };
  }
}
