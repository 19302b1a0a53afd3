import { randomUUID } from 'node:crypto';
import type { Lake } from '../../lib/lake/client';
import type { Bus, Unsubscribe } from '../../lib/bus';
import { COURSES_CHANGED, lakeLeaseName, type CoursesChanged } from '../../lib/bus';
import type { Widget, WidgetContext } from '../../lib/live/widget';
import { parseLiveRoomKey, widgetsOfRoom, type RoomScope, type Snapshot, type Update } from '../../lib/live/protocol';
import { orgFromCourseKey } from '../../lib/events/courseKey';
import { parseDashboardWindow } from '../../lib/metrics/window';
import type { WeekStart } from '../../lib/metrics/weekStart';
import { withLanePriority } from '../../lib/lake/lane';
import { liveTickSeconds } from '../../lib/telemetry';
import { RoomOwners } from './roomOwners';

/** The bus topic on which a room's owner sends its updates to the other replicas' viewers. */
export const LIVE_ROOM_UPDATES = 'live-room-updates';
interface RelayedUpdate {
  room: string;
  origin: string;
  update: Update;
}

/**
 * The widgets of a room are recomputed in two kinds of pass: the live widgets (no minIntervalMs)
 * of every dirty room first, the window widgets (minIntervalMs) of one room at a time in the
 * background; `all` is a room's first computation.
 */
type PassKind = 'live' | 'window' | 'all';

interface RoomState {
  /** The engine's key: the room, or the room and its window (lib/live/protocol roomKey). */
  room: string;
  /** The room as clients name it (`course:<id>`). */
  publicRoom: string;
  /** What the room covers: a course, or the institution (every course, or one org's). */
  scope: RoomScope;
  /** The course of a course room; '' for an institutional room. */
  courseId: string;
  /** The window of a windowed subscription, as the client sent it. */
  from?: string;
  to?: string;
  /** The viewers' week start, when the key carries one (the course's setting still wins: lib/metrics/weekStart.ts). */
  weekStart?: WeekStart;
  /** The widgets the room carries (all, or a `risk:` room's list alone). */
  carries: Widget<unknown>[];
  version: number;
  asOf: Date;
  widgets: Record<string, unknown>;
  /** JSON of each widget, to tell what changed. */
  fingerprints: Record<string, string>;
  subscribers: number;
  /** Widgets whose course changed since they were computed (kept back by their minIntervalMs). */
  stale: Set<string>;
  /** When each widget was last computed (epoch ms). */
  computedAt: Record<string, number>;
  computed: boolean;
  /** The passes under way, each shared by whoever asks meanwhile. */
  passes: Partial<Record<PassKind, Promise<void>>>;
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
  /**
   * Runs the widgets (`names`) of one room's window (or first) pass, all sharing `ctx`: e.g. to
   * read the course's enrollments once for them (lib/metrics/dashboard.ts aroundDashboardPass).
   */
  aroundRoomPass?: (ctx: WidgetContext, names: string[], work: () => Promise<void>) => Promise<void>;
  /** With Redis: a room's lease lapses this long after its owner dies (10 s); others try to take it every retryMs (1 s). */
  roomLeaseMs?: number;
  roomRetryMs?: number;
}

/**
 * Marks rooms dirty when ingest reports their course changed, and on each tick
 * recomputes the widgets of watched dirty rooms once — whatever the number of
 * viewers — broadcasting only the widgets that changed.
 *
 * On the embedded lake statements run one at a time (lib/lake/lane.ts), so the order matters:
 * a tick sweeps the live widgets of every dirty room together, at `live` priority,
 * while the window widgets of one room at a time are recomputed at `background` priority, so that
 * their slow statements never sit in front of ingest or of a live update.
 *
 * Replicas sharing a Redis compute each room once (RoomOwners): the room's owner computes and
 * sends its updates over the bus; the others pass them to their own viewers, computing only the
 * first snapshot of a viewer who joins them, and take the room over when its owner leaves it.
 */
export class LiveEngine {
  private rooms = new Map<string, RoomState>();
  /**
   * Rooms computed for a snapshot while nobody watched them (a page rendered on the server): the
   * socket subscription that follows adopts them rather than computing the same widgets again.
   */
  private unwatched = new Map<string, { state: RoomState; at: number }>();
  private timer: NodeJS.Timeout | undefined;
  private sweep: Promise<void> | undefined;
  private windowPass: Promise<void> | undefined;
  private stopped = false;
  private unsubscribe: Unsubscribe[] = [];
  private now: () => Date;
  private readonly instance = randomUUID();
  private readonly owners: RoomOwners;
  readonly stats = { ticks: 0, recomputes: 0, updates: 0, errors: 0 };

  constructor(
    private lake: Lake,
    private bus: Bus,
    private options: LiveEngineOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.owners = new RoomOwners(
      bus,
      lakeLeaseName(lake, 'live'),
      { leaseMs: options.roomLeaseMs ?? 10_000, retryMs: options.roomRetryMs ?? 1_000 },
      (room) => !this.stopped && (this.rooms.get(room)?.subscribers ?? 0) > 0,
    );
  }

  async start(): Promise<void> {
    this.unsubscribe.push(await this.bus.subscribe<CoursesChanged>(COURSES_CHANGED, (m) => this.markDirty(m.courseIds)));
    for (const topic of this.options.refreshAllOn ?? []) {
      this.unsubscribe.push(await this.bus.subscribe(topic, () => this.markAllDirty()));
    }
    if (this.owners.shared) this.unsubscribe.push(await this.bus.subscribe<RelayedUpdate>(LIVE_ROOM_UPDATES, (m) => this.relay(m)));
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    // Statements still running when the process exits would be cut off inside the engine.
    await Promise.allSettled([this.sweep, this.windowPass]);
    await this.owners.releaseAll().catch(() => undefined);
  }

  markDirty(courseIds: string[]): void {
    const changed = new Set(courseIds);
    let orgs: Set<string> | undefined;
    for (const state of this.rooms.values()) {
      const scope = state.scope;
      if (scope.kind === 'course' ? changed.has(state.courseId) : scope.kind === 'platform' ? changed.size > 0 : (orgs ??= orgsOf(courseIds)).has(scope.org.toLowerCase())) {
        this.makeDirty(state);
      }
    }
  }

  markAllDirty(): void {
    for (const state of this.rooms.values()) this.makeDirty(state);
  }

  private makeDirty(state: RoomState, widgets = state.carries): void {
    for (const w of widgets) state.stale.add(w.name);
  }

  private minIntervalOf(w: Widget<unknown>): number {
    return w.minIntervalMs ? (this.options.heavyIntervalMs ?? w.minIntervalMs) : (w.liveIntervalMs ?? 0);
  }

  /**
   * The widgets of a room of this kind of pass that may be recomputed now: never computed, stale
   * and past their minIntervalMs (liveIntervalMs), or not recomputed for refreshMs (sliding windows move).
   */
  private dueWidgets(state: RoomState, nowMs: number, kind: PassKind): Widget<unknown>[] {
    return state.carries.filter((w) => {
      if (kind !== 'all' && (kind === 'window') !== Boolean(w.minIntervalMs)) return false;
      const at = state.computedAt[w.name];
      if (!state.computed || at === undefined) return true;
      return nowMs - at >= (state.stale.has(w.name) ? this.minIntervalOf(w) : this.options.refreshMs);
    });
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
    if (state.subscribers > 0) return;
    this.rooms.delete(room);
    void this.owners.release(room).catch(() => undefined);
  }

  watchedRooms(): string[] {
    return [...this.rooms.values()].filter((s) => s.subscribers > 0).map((s) => s.room);
  }

  /**
   * The room's current widgets: computed now when the room is new or its live widgets are out of
   * date (its window widgets follow in an update).
   */
  async snapshot(room: string): Promise<Snapshot> {
    const state = this.rooms.get(room) ?? this.unwatchedState(room);
    const now = this.now().getTime();
    // A room another replica owns is as current as its owner's last update (relay).
    const relayed = this.rooms.get(room) === state && !this.owners.owns(room);
    if (!state.computed) await this.pass(state, 'all');
    else if (!relayed && this.dueWidgets(state, now, 'live').length > 0) await this.pass(state, 'live');
    return toSnapshot(state);
  }

  /**
   * Starts what is due: a sweep of the live widgets unless one runs, and the window widgets of
   * one room unless a room's run. Resolves when both are done; exposed for tests.
   */
  async tick(): Promise<void> {
    this.stats.ticks++;
    const timer = liveTickSeconds.startTimer();
    await this.owners.claim(this.watchedRooms(), this.now().getTime());
    this.sweep ??= withLanePriority('live', () => this.sweepLive()).finally(() => {
      this.sweep = undefined;
    });
    this.windowPass ??= withLanePriority('background', () => this.nextWindowPass()).finally(() => {
      this.windowPass = undefined;
    });
    await Promise.all([this.sweep, this.windowPass]);
    timer();
  }

  /**
   * The live widgets of every watched room that has them due, all rooms at once (a widget with
   * computeMany reads them in one statement); a room's first computation goes first, on its own.
   */
  private async sweepLive(): Promise<void> {
    const started = performance.now();
    const now = this.now().getTime();
    const watched = [...this.rooms.values()].filter((s) => s.subscribers > 0 && this.owners.owns(s.room));
    const fresh = watched.filter((s) => !s.computed && !s.passes.all);
    const live = watched.filter((s) => s.computed && !s.passes.live && this.dueWidgets(s, now, 'live').length > 0);
    for (const state of fresh) {
      try {
        await this.pass(state, 'all');
      } catch {
        this.stats.errors++; // left stale: the next tick tries again
      }
    }
    if (live.length > 0) {
      const batch = this.passOf(live, 'live');
      for (const state of live) state.passes.live = batch;
      try {
        await batch;
      } catch {
        this.stats.errors++;
      } finally {
        for (const state of live) if (state.passes.live === batch) state.passes.live = undefined;
      }
    }
    // A sweep slower than a tick: rooms that changed meanwhile go now rather than at the next tick.
    if (fresh.length + live.length > 0 && !this.stopped && performance.now() - started >= this.options.tickMs) setImmediate(() => void this.tick());
  }

  /** The window widgets of the watched room whose are the oldest among those due. */
  private async nextWindowPass(): Promise<void> {
    const now = this.now().getTime();
    const oldest = (s: RoomState) => Math.min(...this.dueWidgets(s, now, 'window').map((w) => s.computedAt[w.name] ?? 0));
    const [state] = [...this.rooms.values()]
      .filter((s) => s.subscribers > 0 && s.computed && this.owners.owns(s.room) && this.dueWidgets(s, now, 'window').length > 0)
      .sort((a, b) => oldest(a) - oldest(b));
    if (!state) return;
    try {
      await this.pass(state, 'window');
    } catch {
      this.stats.errors++;
    }
  }

  /** Recomputes the room's due widgets of this kind once, coalescing concurrent callers. */
  private pass(state: RoomState, kind: PassKind): Promise<void> {
    state.passes[kind] ??= this.passOf([state], kind).finally(() => {
      state.passes[kind] = undefined;
    });
    return state.passes[kind];
  }

  /**
   * Recomputes the due widgets of this kind of these rooms at one instant and tells each room's
   * viewers what changed. A room whose widget failed keeps them stale and sends nothing; the
   * first error is thrown once the others are sent.
   */
  private async passOf(states: RoomState[], kind: PassKind): Promise<void> {
    const now = this.now();
    const jobs = states.map((state) => {
      const widgets = this.dueWidgets(state, now.getTime(), kind);
      for (const w of widgets) state.stale.delete(w.name);
      const job = { state, widgets, values: new Map<string, unknown>(), error: undefined as unknown, ctx: undefined as WidgetContext | undefined };
      // One context per room and pass: its widgets share the reads made for it (lib/metrics/scope.ts).
      if (widgets.length > 0) {
        try {
          job.ctx = { lake: this.lake, courseId: state.courseId, ...(state.scope.kind === 'org' && { org: state.scope.org }), now, ...roomWindow(state, now), ...(state.weekStart && { weekStart: state.weekStart }) };
        } catch (err) {
          job.error = err;
        }
      }
      return job;
    });
    const computeWidget = async (w: Widget<unknown>) => {
      const mine = jobs.filter((job) => job.ctx && job.widgets.includes(w)).map((job) => ({ job, ctx: job.ctx! }));
      if (mine.length > 1 && w.computeMany) {
        try {
          const values = await w.computeMany(mine.map((m) => m.ctx));
          mine.forEach((m, i) => m.job.values.set(w.name, values[i]));
        } catch (err) {
          for (const m of mine) m.job.error ??= err;
        }
        return;
      }
      await Promise.all(
        mine.map(async (m) => {
          try {
            m.job.values.set(w.name, await w.compute(m.ctx));
          } catch (err) {
            m.job.error ??= err;
          }
        }),
      );
    };
    const computeAll = async () => {
      await Promise.all(this.options.widgets.map(computeWidget));
    };
    const [only] = jobs.length === 1 ? jobs : [];
    const around = kind !== 'live' && only?.ctx && only.state.scope.kind === 'course' ? this.options.aroundRoomPass : undefined;
    await (around ? around(only!.ctx!, only!.widgets.map((w) => w.name), computeAll) : computeAll());
    let failure: unknown;
    for (const job of jobs) {
      if (job.error !== undefined) {
        this.makeDirty(job.state, job.widgets);
        failure ??= job.error;
        continue;
      }
      this.stats.recomputes++;
      const changed = this.record(job.state, job.widgets, job.values, now);
      if (this.rooms.get(job.state.room) !== job.state) continue;
      // An update with no widgets still tells viewers how fresh their data is.
      this.stats.updates++;
      const update: Update = {
        ...roomFields(job.state),
        version: job.state.version,
        asOf: job.state.asOf.toISOString(),
        widgets: Object.fromEntries(changed.map((name) => [name, job.state.widgets[name]])),
      };
      this.options.broadcast(job.state.room, update);
      if (this.owners.shared && this.owners.owns(job.state.room)) {
        void this.bus.publish<RelayedUpdate>(LIVE_ROOM_UPDATES, { room: job.state.room, origin: this.instance, update }).catch(() => undefined);
      }
    }
    if (failure !== undefined) throw failure;
  }

  /**
   * Another replica's update of a room watched here and owned there: kept (so that a viewer joining
   * here gets it, and this replica can take the room over where it stands) and passed on. Its
   * version is the owner's; one older than what the room holds is dropped, as viewers drop it.
   */
  private relay({ room, origin, update }: RelayedUpdate): void {
    const state = this.rooms.get(room);
    if (origin === this.instance || !state || this.owners.owns(room) || update.version < state.version) return;
    const at = Date.parse(update.asOf);
    for (const [name, value] of Object.entries(update.widgets)) {
      state.widgets[name] = value;
      state.fingerprints[name] = JSON.stringify(value);
      state.computedAt[name] = at;
      state.stale.delete(name);
    }
    state.version = update.version;
    state.asOf = new Date(at);
    this.options.broadcast(room, update);
  }

  /** Stores a room's new widget values; returns the names of those that changed. */
  private record(state: RoomState, widgets: Widget<unknown>[], values: Map<string, unknown>, now: Date): string[] {
    const changed: string[] = [];
    for (const w of widgets) {
      const value = values.get(w.name);
      state.computedAt[w.name] = now.getTime();
      const json = JSON.stringify(value);
      if (state.fingerprints[w.name] !== json) {
        state.fingerprints[w.name] = json;
        state.widgets[w.name] = value;
        changed.push(w.name);
      }
    }
    if (changed.length > 0 || !state.computed) state.version++;
    state.computed = true;
    state.asOf = now;
    return changed;
  }

  private state(room: string): RoomState {
    let state = this.rooms.get(room);
    if (!state) {
      state = this.adoptUnwatched(room) ?? this.detachedState(room);
      this.rooms.set(room, state);
    }
    return state;
  }

  /** How long a room computed while unwatched may be adopted by a subscription. */
  private static readonly UNWATCHED_KEEP_MS = 60_000;

  private unwatchedState(room: string): RoomState {
    const now = this.now().getTime();
    for (const [key, kept] of this.unwatched) if (now - kept.at > LiveEngine.UNWATCHED_KEEP_MS) this.unwatched.delete(key);
    const kept = this.unwatched.get(room);
    if (kept) return kept.state;
    const state = this.detachedState(room);
    this.unwatched.set(room, { state, at: now });
    return state;
  }

  /**
   * A room computed for a snapshot while unwatched. It missed the changes since (only watched rooms
   * are marked), so every widget is due: the live ones are recomputed by the subscription's snapshot,
   * the window ones by the next background pass, as for any room that changed.
   */
  private adoptUnwatched(room: string): RoomState | undefined {
    const kept = this.unwatched.get(room);
    this.unwatched.delete(room);
    if (!kept || !kept.state.computed || this.now().getTime() - kept.at > LiveEngine.UNWATCHED_KEEP_MS) return undefined;
    for (const w of kept.state.carries) kept.state.stale.add(w.name);
    return kept.state;
  }

  private detachedState(room: string): RoomState {
    const parsed = parseLiveRoomKey(room);
    if (!parsed) throw new Error(`not a room: ${room}`);
    const only = widgetsOfRoom(parsed.room);
    const roomScope = parsed.scope.kind === 'course' ? 'course' : 'institution';
    const carries = only
      ? this.options.widgets.filter((w) => only.includes(w.name))
      : this.options.widgets.filter((w) => (w.scope ?? 'course') === roomScope);
    return {
      room,
      publicRoom: parsed.room,
      scope: parsed.scope,
      courseId: parsed.scope.kind === 'course' ? parsed.scope.courseId : '',
      from: parsed.from,
      to: parsed.to,
      weekStart: parsed.weekStart,
      carries,
      version: 0,
      asOf: new Date(0),
      widgets: {},
      fingerprints: {},
      subscribers: 0,
      stale: new Set(carries.map((w) => w.name)),
      computedAt: {},
      computed: false,
      passes: {},
    };
  }
}

/** The orgs (lower case) of changed courses, as org rooms compare them. */
function orgsOf(courseIds: string[]): Set<string> {
  return new Set(courseIds.map((id) => orgFromCourseKey(id).toLowerCase()).filter(Boolean));
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
