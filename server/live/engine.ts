import type { Lake } from '../../lib/lake/client';
import type { Bus, Unsubscribe } from '../../lib/bus';
import { COURSES_CHANGED, type CoursesChanged } from '../../lib/bus';
import type { Widget } from '../../lib/live/widget';
import { parseRoomKey, type Snapshot, type Update } from '../../lib/live/protocol';
import { parseDashboardWindow } from '../../lib/metrics/window';

interface RoomState {
  /** The engine's key: the room, or the room and its window (lib/live/protocol roomKey). */
  room: string;
  /** The room as clients name it (`course:<id>`). */
  publicRoom: string;
  courseId: string;
  /** The window of a windowed subscription, as the client sent it. */
  from?: string;
  to?: string;
  version: number;
  asOf: Date;
  widgets: Record<string, unknown>;
  /** JSON of each widget, to tell what changed. */
  fingerprints: Record<string, string>;
  subscribers: number;
  dirty: boolean;
  /** Widgets whose course changed since they were computed (kept back by their minIntervalMs). */
  stale: Set<string>;
  /** When each widget was last computed (epoch ms). */
  computedAt: Record<string, number>;
  computed: boolean;
  /** The recompute under way, shared by whoever asks meanwhile. */
  inflight?: Promise<void>;
}

export interface LiveEngineOptions {
  tickMs: number;
  /** Watched rooms are recomputed at least this often, so sliding windows move with no new events. */
  refreshMs: number;
  widgets: Widget<unknown>[];
  /** Sends an update to everyone in the room. */
  broadcast: (room: string, update: Update) => void;
  now?: () => Date;
  /** Overrides the minIntervalMs of the widgets that have one (LOOKOUT_LIVE_WINDOW_MS). */
  heavyIntervalMs?: number;
  /** Bus topics after which every room is recomputed (e.g. risk thresholds changed). */
  refreshAllOn?: string[];
}

/**
 * Marks rooms dirty when ingest reports their course changed, and on each tick
 * recomputes the widgets of watched dirty rooms once — whatever the number of
 * viewers — broadcasting only the widgets that changed.
 */
export class LiveEngine {
  private rooms = new Map<string, RoomState>();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private unsubscribe: Unsubscribe[] = [];
  private now: () => Date;
  readonly stats = { ticks: 0, recomputes: 0, updates: 0, errors: 0 };

  constructor(
    private lake: Lake,
    private bus: Bus,
    private options: LiveEngineOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    this.unsubscribe.push(await this.bus.subscribe<CoursesChanged>(COURSES_CHANGED, (m) => this.markDirty(m.courseIds)));
    for (const topic of this.options.refreshAllOn ?? []) {
      this.unsubscribe.push(await this.bus.subscribe(topic, () => this.markAllDirty()));
    }
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
  }

  markDirty(courseIds: string[]): void {
    const changed = new Set(courseIds);
    for (const state of this.rooms.values()) if (changed.has(state.courseId)) this.makeDirty(state);
  }

  markAllDirty(): void {
    for (const state of this.rooms.values()) this.makeDirty(state);
  }

  private makeDirty(state: RoomState): void {
    state.dirty = true;
    for (const w of this.options.widgets) state.stale.add(w.name);
  }

  private minIntervalOf(w: Widget<unknown>): number {
    return w.minIntervalMs ? (this.options.heavyIntervalMs ?? w.minIntervalMs) : 0;
  }

  /**
   * The stale widgets of a room that may be recomputed now (all of them on the slow refresh).
   * Without `heavy`, widgets with a minIntervalMs wait for a later tick.
   */
  private dueWidgets(state: RoomState, nowMs: number, heavy = true): Widget<unknown>[] {
    if (!state.computed || nowMs - state.asOf.getTime() >= this.options.refreshMs) return this.options.widgets;
    return this.options.widgets.filter(
      (w) => state.stale.has(w.name) && (heavy || !w.minIntervalMs) && nowMs - (state.computedAt[w.name] ?? 0) >= this.minIntervalOf(w),
    );
  }

  /** A viewer joined the room. */
  watch(room: string): void {
    this.state(room).subscribers++;
  }

  /** A viewer left the room; an unwatched room is forgotten. */
  unwatch(room: string): void {
    const state = this.rooms.get(room);
    if (!state) return;
    state.subscribers--;
    if (state.subscribers <= 0) this.rooms.delete(room);
  }

  watchedRooms(): string[] {
    return [...this.rooms.values()].filter((s) => s.subscribers > 0).map((s) => s.room);
  }

  /** The room's current widgets: cached when fresh, computed now otherwise. */
  async snapshot(room: string): Promise<Snapshot> {
    const state = this.rooms.get(room) ?? this.detachedState(room);
    if (!state.computed || state.dirty) await this.refresh(state);
    return toSnapshot(state);
  }

  /** One pass over watched rooms; exposed for tests. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    this.stats.ticks++;
    try {
      const now = this.now().getTime();
      const due = [...this.rooms.values()].filter((s) => s.subscribers > 0 && this.dueWidgets(s, now).length > 0);
      // One room's heavy widgets per tick, so a tick stays short and the live widgets of every
      // busy course keep up; the other rooms' heavy widgets wait for the next ticks.
      let heavyTaken = false;
      for (const state of due) {
        const heavy = !heavyTaken && this.dueWidgets(state, now).some((w) => w.minIntervalMs);
        if (heavy) heavyTaken = true;
        try {
          await this.refresh(state, heavy || !state.computed);
        } catch {
          this.stats.errors++;
          // Left dirty: the next tick tries again.
        }
      }
    } finally {
      this.ticking = false;
    }
  }

  /** Recomputes the room once (coalescing concurrent callers) and tells its viewers what changed. */
  private refresh(state: RoomState, heavy = true): Promise<void> {
    state.inflight ??= this.recompute(state, heavy)
      .then((changed) => {
        if (this.rooms.get(state.room) !== state) return;
        // An update with no widgets still tells viewers how fresh their data is.
        this.stats.updates++;
        this.options.broadcast(state.room, {
          ...roomFields(state),
          version: state.version,
          asOf: state.asOf.toISOString(),
          widgets: Object.fromEntries(changed.map((name) => [name, state.widgets[name]])),
        });
      })
      .finally(() => {
        state.inflight = undefined;
      });
    return state.inflight;
  }

  /** Recomputes the room's due widgets; returns the names of those that changed. */
  private async recompute(state: RoomState, heavy: boolean): Promise<string[]> {
    const now = this.now();
    const widgets = this.dueWidgets(state, now.getTime(), heavy);
    state.dirty = false;
    for (const w of widgets) state.stale.delete(w.name);
    const ctx = { lake: this.lake, courseId: state.courseId, now, ...roomWindow(state, now) };
    let values: unknown[];
    try {
      values = await Promise.all(widgets.map((w) => w.compute(ctx)));
    } catch (err) {
      this.makeDirty(state);
      throw err;
    }
    this.stats.recomputes++;
    const changed: string[] = [];
    widgets.forEach((w, i) => {
      state.computedAt[w.name] = now.getTime();
      const json = JSON.stringify(values[i]);
      if (state.fingerprints[w.name] !== json) {
        state.fingerprints[w.name] = json;
        state.widgets[w.name] = values[i];
        changed.push(w.name);
      }
    });
    if (changed.length > 0 || !state.computed) state.version++;
    state.computed = true;
    state.asOf = now;
    return changed;
  }

  private state(room: string): RoomState {
    let state = this.rooms.get(room);
    if (!state) {
      state = this.detachedState(room);
      this.rooms.set(room, state);
    }
    return state;
  }

  private detachedState(room: string): RoomState {
    const parsed = parseRoomKey(room);
    if (!parsed) throw new Error(`not a room: ${room}`);
    return {
      room,
      publicRoom: parsed.room,
      courseId: parsed.courseId,
      from: parsed.from,
      to: parsed.to,
      version: 0,
      asOf: new Date(0),
      widgets: {},
      fingerprints: {},
      subscribers: 0,
      dirty: true,
      stale: new Set(this.options.widgets.map((w) => w.name)),
      computedAt: {},
      computed: false,
    };
  }
}

function toSnapshot(state: RoomState): Snapshot {
  return { ...roomFields(state), version: state.version, asOf: state.asOf.toISOString(), widgets: { ...state.widgets } };
}

/** How clients name the room of a message: the room, and the window they asked for if any. */
function roomFields(state: RoomState): Pick<Snapshot, 'room' | 'from' | 'to'> {
  return state.from === undefined ? { room: state.publicRoom } : { room: state.publicRoom, from: state.from, to: state.to };
}

/** The window widgets are computed for: the room's own, or none (the widgets' default). */
function roomWindow(state: RoomState, now: Date): { from?: Date; to?: Date } {
  if (state.from === undefined) return {};
  const window = parseDashboardWindow(state.from, state.to, now);
  if ('error' in window) throw new Error(window.error);
  return window;
}
