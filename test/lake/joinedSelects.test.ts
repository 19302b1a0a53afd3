import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openLake, type Lake } from '../../lib/lake/client';
import { joinableSelect, joinedSelect, splitJoined } from '../../lib/lake/joinedSelects';
import { queryRows } from '../../lib/lake/query';
import { testDataDir } from '../helpers';

/** Statements that hold the lane: the ones queued behind them are joined. */
const SLOW = 'SELECT sum(cityHash64(number)) AS s FROM numbers(3000000)';

const STATEMENTS: { sql: string; params?: Record<string, unknown> }[] = [
  { sql: 'SELECT {courseId:String} AS course, {n:UInt32} + 1 AS next', params: { courseId: 'course-v1:A+B+C', n: 1 } },
  // The same parameter name bound to other values in another statement.
  { sql: 'SELECT {courseId:String} AS course, {n:UInt32} * 10 AS times', params: { courseId: 'course-v1:X+Y+Z', n: 7 } },
  { sql: 'SELECT number AS n, toString(number) AS text FROM numbers(20000) ORDER BY n DESC' },
  { sql: 'SELECT 1 AS never WHERE 0' },
  {
    sql: `WITH [1, 2] AS pair
          SELECT toUInt64(18446744073709551615) AS big, -3 AS neg, 0.1 + 0.2 AS f, NULL AS none, pair,
                 toDateTime64('2026-11-22 10:00:00.123', 3, 'UTC') AS at, toDate('2026-11-22') AS day,
                 (1, 'a') AS tup, map('k', 1) AS m, 'tab\\there\\nnewline "quoted" ünïcode' AS s, count() AS rows
          FROM numbers(3)`,
  },
  { sql: 'SELECT {ids:Array(UInt64)} AS ids, has({ids:Array(UInt64)}, 2) AS two', params: { ids: [1, 2, 3] } },
];

async function alone(lake: Lake) {
  const answers: unknown[] = [];
  for (const s of STATEMENTS) answers.push(await queryRows(lake, s.sql, s.params));
  return answers;
}

/** Queues SLOW, then every statement at once: all but the first wait behind it and are joined. */
async function queuedBehindSlow(lake: Lake, statements = STATEMENTS) {
  const [, ...answers] = await Promise.all([queryRows(lake, SLOW), ...statements.map((s) => queryRows(lake, s.sql, s.params).then((rows) => ({ rows }), (error: Error) => ({ error: error.message })))]);
  return answers;
}

describe('joined SELECTs', () => {
  it('only plain SELECT / WITH statements sent as JSONEachRow without settings are joinable', () => {
    assert.deepEqual(joinableSelect('SELECT 1 \nFORMAT JSONEachRow', {}, {}), { sql: 'SELECT 1', params: {} });
    assert.ok(joinableSelect('  with 1 AS x SELECT x \nFORMAT JSONEachRow', undefined, undefined));
    assert.equal(joinableSelect('SELECT 1 \nFORMAT JSON', {}, {}), undefined, 'another format');
    assert.equal(joinableSelect('SELECT 1 \nFORMAT JSONEachRow', {}, { max_threads: 1 }), undefined, 'settings of its own');
    assert.equal(joinableSelect('SELECT 1 SETTINGS join_use_nulls = 1 \nFORMAT JSONEachRow', {}, {}), undefined, 'a SETTINGS clause');
    assert.equal(joinableSelect('INSERT INTO t SELECT 1 \nFORMAT JSONEachRow', {}, {}), undefined);
    assert.equal(joinableSelect('EXPLAIN SELECT 1 \nFORMAT JSONEachRow', {}, {}), undefined);
  });

  it('renames each branch parameters and splits the rows back per statement', () => {
    const joined = joinedSelect([
      { sql: 'SELECT {a:String} AS x', params: { a: 'one' } },
      { sql: 'SELECT {a:String} AS x, {ab:String} AS y', params: { a: 'two', ab: 'three' } },
    ]);
    assert.match(joined.query, /\{a_j0:String\}/);
    assert.match(joined.query, /\{a_j1:String\} AS x, \{ab_j1:String\}/);
    assert.deepEqual(joined.params, { a_j0: 'one', a_j1: 'two', ab_j1: 'three' });
    assert.deepEqual(splitJoined('1\t{"x":2}\n0\t{"x":1}\n1\t{"x":3}\n', 3), ['{"x":1}\n', '{"x":2}\n{"x":3}\n', '']);
  });

  it('answers exactly what each statement alone answers, in its order, with its own parameters', async () => {
    const lake = await openLake({ dataDir: testDataDir(), database: 'lookout_join_test' });
    const expected = await alone(lake);
    const joined = await queuedBehindSlow(lake);
    assert.deepEqual(joined, expected.map((rows) => ({ rows })));
    const descending = (joined[2] as { rows: { n: number }[] }).rows;
    assert.equal(descending.length, 20000);
    assert.ok(descending.every((r, i) => Number(r.n) === 19999 - i), 'ORDER BY kept');
  });

  it('a failing statement fails alone: the others it was joined with get their answers', async () => {
    const lake = await openLake({ dataDir: testDataDir(), database: 'lookout_join_test' });
    const answers = await queuedBehindSlow(lake, [
      STATEMENTS[0]!,
      { sql: 'SELECT no_such_column FROM numbers(1)' },
      STATEMENTS[1]!,
    ]);
    assert.deepEqual(answers[0], { rows: [{ course: 'course-v1:A+B+C', next: 2 }] });
    assert.match((answers[1] as { error: string }).error, /no_such_column/);
    assert.deepEqual(answers[2], { rows: [{ course: 'course-v1:X+Y+Z', times: 70 }] });
  });

  it("a statement's own settings hold for it only, not for the statements after it", async () => {
    const lake = await openLake({ dataDir: testDataDir(), database: 'lookout_join_test' });
    const setting = "SELECT getSetting('short_circuit_function_evaluation') AS s, getSetting('max_threads') AS m";
    const [before] = await queryRows<{ s: string; m: number }>(lake, setting);
    const [during] = await queryRows<{ s: string; m: number }>(lake, setting, {}, { short_circuit_function_evaluation: 'disable', max_threads: 1 });
    assert.deepEqual(during, { s: 'disable', m: 1 });
    assert.deepEqual((await queryRows(lake, setting))[0], before);
  });
});
