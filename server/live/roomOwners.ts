import type { Bus, Lease } from '../../lib/bus';

/**
 * Which replica computes a watched room (DESIGN §9): with Redis, the one holding the room's lease;
 * the others relay its updates to their own viewers. On the in-process bus this process owns
 * every room. Should Redis fail, a replica computes its rooms itself (twice the work, never a
 * room left without updates) and claims them again once Redis answers.
 */
export class RoomOwners {
  private leases = new Map<string, Lease | 'unleased'>();
  private triedAt = new Map<string, number>();

  constructor(
    private readonly bus: Bus,
    /** Names this lake's rooms apart from those of other Lookouts sharing the Redis (lakeLeaseName). */
    private readonly scope: string,
    private readonly opts: { leaseMs: number; retryMs: number },
    /** Whether the room still has a viewer here (it may have lost its last while its lease was being claimed). */
    private readonly watched: (room: string) => boolean,
  ) {}

  get shared(): boolean {
    return this.bus.kind === 'redis';
  }

  owns(room: string): boolean {
    if (!this.shared) return true;
    const lease = this.leases.get(room);
    return lease === 'unleased' || (lease !== undefined && lease.held());
  }

  /** Claims the watched rooms this replica does not hold a lease on, each at most once per retryMs. */
  async claim(rooms: string[], nowMs: number): Promise<void> {
    if (!this.shared) return;
    const due = rooms.filter((room) => {
      const lease = this.leases.get(room);
      if (lease !== undefined && lease !== 'unleased' && lease.held()) return false;
      return nowMs - (this.triedAt.get(room) ?? -Infinity) >= this.opts.retryMs;
    });
    await Promise.all(
      due.map(async (room) => {
        this.triedAt.set(room, nowMs);
        try {
          const lease = await this.bus.lease(`${this.scope}:${room}`, this.opts.leaseMs);
          // Kept only for a room still watched: a lease nobody releases would keep other replicas from computing it.
          if (lease && !this.watched(room)) await lease.release();
          else if (lease) this.leases.set(room, lease);
          else this.leases.delete(room);
        } catch {
          this.leases.set(room, 'unleased');
        }
      }),
    );
  }

  /** The room has no viewer left here: another replica's viewers may now have it computed there. */
  async release(room: string): Promise<void> {
    const lease = this.leases.get(room);
    this.leases.delete(room);
    this.triedAt.delete(room);
    if (lease && lease !== 'unleased') await lease.release();
  }

  async releaseAll(): Promise<void> {
    await Promise.all([...this.leases.keys()].map((room) => this.release(room)));
  }
}
