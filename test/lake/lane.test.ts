import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKGROUND_MAX_WAIT_MS, Lane, withLanePriority, type LanePriority } from '../../lib/lake/lane';

/** A statement that records when it ran and holds the lane until released. */
function statements(lane: Lane) {
  const ran: string[] = [];
  const submit = (name: string, priority: LanePriority, release?: Promise<void>) =>
    withLanePriority(priority, () =>
      lane.run(async () => {
        ran.push(name);
        await release;
      }),
    );
  return { ran, submit };
}

describe('lake lane', () => {
  it('runs one statement at a time: waiting ones by priority, then in order', async () => {
    const lane = new Lane();
    const { ran, submit } = statements(lane);
    let release!: () => void;
    const first = submit('first', 'background', new Promise<void>((r) => (release = r)));
    const rest = [
      submit('heavy 1', 'background'),
      submit('live 1', 'live'),
      submit('ingest', 'interactive'),
      submit('live 2', 'live'),
      submit('heavy 2', 'background'),
    ];
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(ran, ['first'], 'the others wait for the running statement');
    release();
    await Promise.all([first, ...rest]);
    assert.deepEqual(ran, ['first', 'ingest', 'live 1', 'live 2', 'heavy 1', 'heavy 2']);
  });

  it('statements outside any priority are interactive; errors reach their caller only', async () => {
    const lane = new Lane();
    await assert.rejects(lane.run(async () => Promise.reject(new Error('bad statement'))), /bad statement/);
    assert.equal(await lane.run(async () => 42), 42);
  });

  it('a background statement waiting too long goes first, spaced out by its duration', async () => {
    const lane = new Lane();
    const ran: string[] = [];
    const submit = (name: string, priority: LanePriority, ms = 0) =>
      withLanePriority(priority, () =>
        lane.run(async () => {
          ran.push(name);
          await new Promise((r) => setTimeout(r, ms));
        }),
      );
    let release!: () => void;
    const first = withLanePriority('live', () => lane.run(() => new Promise<void>((r) => (release = r))));
    const heavy = [submit('heavy 1', 'background', 30), submit('heavy 2', 'background', 30)];
    await new Promise((r) => setTimeout(r, BACKGROUND_MAX_WAIT_MS + 50));
    const live = [submit('live 1', 'live'), submit('live 2', 'live'), submit('live 3', 'live')];
    release();
    await Promise.all([first, ...heavy, ...live]);
    // heavy 1 waited too long: it goes first; heavy 2 not before 3 × 30 ms later, the live ones meanwhile
    assert.deepEqual(ran, ['heavy 1', 'live 1', 'live 2', 'live 3', 'heavy 2']);
  });

  it('joinable statements waiting at one priority run as one; the others still run one at a time, in order', async () => {
    const joins: unknown[][] = [];
    const lane = new Lane(async (payloads) => {
      joins.push(payloads);
      return payloads.map((p) => (p === 'bad' ? { error: new Error('bad payload') } : { value: `joined ${String(p)}` }));
    });
    const ran: string[] = [];
    let release!: () => void;
    const first = lane.run(() => new Promise<void>((r) => (release = r)));
    const plain = lane.run(async () => ran.push('plain'));
    const a = lane.run(async () => 'alone a', 'a');
    const bad = lane.run(async () => 'alone bad', 'bad').then(String, (error: Error) => error.message);
    const live = withLanePriority('live', () => lane.run(async () => 'alone live', 'live'));
    const b = lane.run(async () => 'alone b', 'b');
    await new Promise((r) => setImmediate(r));
    release();
    await first;
    assert.deepEqual(await Promise.all([a, b, live]), ['joined a', 'joined b', 'alone live']);
    assert.equal(await bad, 'bad payload');
    await plain;
    assert.deepEqual(ran, ['plain']);
    assert.deepEqual(joins, [['a', 'bad', 'b']], 'one join of the interactive ones; a lone live one runs by itself');
  });

  it('after a join, a statement that cannot join goes first; after it, the joinable ones again', async () => {
    const ran: string[] = [];
    let openJoin!: () => void;
    const joinGate = new Promise<void>((r) => (openJoin = r));
    const lane = new Lane(async (payloads) => {
      ran.push(`join ${payloads.join('+')}`);
      await joinGate;
      return payloads.map((p) => ({ value: p }));
    });
    const joinable = (name: string) => lane.run(async () => ran.push(`alone ${name}`), name);
    const command = (name: string) => lane.run(async () => ran.push(name));
    const wave1 = [joinable('a'), joinable('b')];
    // The join starts on a later turn of the event loop; on a loaded machine that can take a while.
    for (const deadline = Date.now() + 5_000; ran.length === 0 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual(ran, ['join a+b'], 'the first join holds the lane');
    const wave2 = [joinable('c'), command('insert 1'), joinable('d'), command('insert 2')];
    openJoin();
    await Promise.all([...wave1, ...wave2]);
    assert.deepEqual(ran, ['join a+b', 'insert 1', 'join c+d', 'insert 2']);
  });

  it('background statements are never joined', async () => {
    const joins: unknown[][] = [];
    const lane = new Lane(async (payloads) => {
      joins.push(payloads);
      return payloads.map((p) => ({ value: p }));
    });
    let release!: () => void;
    const first = lane.run(() => new Promise<void>((r) => (release = r)));
    const background = ['x', 'y', 'z'].map((name) => withLanePriority('background', () => lane.run(async () => `alone ${name}`, name)));
    await new Promise((r) => setImmediate(r));
    release();
    await first;
    assert.deepEqual(await Promise.all(background), ['alone x', 'alone y', 'alone z']);
    assert.deepEqual(joins, []);
  });
});
