import type { DomainEvent } from '../model/domain-event.js';
import { Outbox, UnitOfWork, type IncidentStores } from '../ports/repositories.js';
import type { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';

/**
 * The in-memory ports, made to fail the way a database does (a full disk, a corrupt table): a unit of work
 * appending an event that `refuses` matches throws and rolls back, and every call on an `unreadable` store
 * throws. Specs use it to break one item of work and watch the others.
 */
export class RefusingUnitOfWork extends UnitOfWork {
  refuses: (event: DomainEvent) => boolean = () => false;
  readonly unreadable = new Set<keyof IncidentStores>();
  /** How many appends were refused so far. */
  refusals = 0;

  constructor(private readonly inner: InMemoryUnitOfWork) {
    super();
  }

  run<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T> {
    return this.inner.run((stores) => work(this.failing(stores)));
  }

  read<T>(work: (stores: IncidentStores) => Promise<T>): Promise<T> {
    return this.inner.read((stores) => work(this.failing(stores)));
  }

  private failing(stores: IncidentStores): IncidentStores {
    const failing: Record<string, unknown> = { ...stores, outbox: new RefusingOutbox(stores.outbox, this) };
    for (const name of this.unreadable) failing[name] = unreadableStore(name);
    return failing as unknown as IncidentStores;
  }
}

class RefusingOutbox extends Outbox {
  constructor(
    private readonly outbox: Outbox,
    private readonly owner: RefusingUnitOfWork,
  ) {
    super();
  }

  async append(events: readonly DomainEvent[]): Promise<void> {
    const refused = events.find((event) => this.owner.refuses(event));
    if (refused) {
      this.owner.refusals += 1;
      throw new Error(
        `disk I/O error while appending ${refused.type} of ${refused.incidentRef ?? 'no incident'}`,
      );
    }
    await this.outbox.append(events);
  }
}

/** A store whose every method rejects. */
function unreadableStore(name: string): object {
  return new Proxy(
    {},
    { get: () => () => Promise.reject(new Error(`database disk image is malformed (reading ${name})`)) },
  );
}
