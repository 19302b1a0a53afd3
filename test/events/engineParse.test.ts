/**
 * The engine's parse (lib/events/engineParse.ts) against parse.ts: every line the engine
 * calls fast must get exactly the columns parse.ts gives it, event_id included. Lines are
 * every tracking fixture (compact, as Python writes it, and the malformed ones), the
 * benchmark's lines, and variants built to hit each guard.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseTrackingLine } from '../../lib/events/parse';
import { EVENT_COLUMNS, eventToTsv } from '../../lib/lake/tsv';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { queryRows } from '../../lib/lake/query';
import { ENGINE_PARSE_SETTINGS, engineParseQuery } from '../../lib/events/engineParse';
import { benchLines } from '../../bench/lib/lines';
import { testDataDir } from '../helpers';
import { fixtureJson, listFixtures, readFixture } from './fixtures';

const RECEIVED = new Date('2026-03-04T05:06:07.891Z');

/** Python's json.dumps spacing: ', ' and ': ' between tokens. */
function pythonStyle(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pythonStyle).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${pythonStyle(x)}`).join(', ')}}`;
}

/** Variants of a line aimed at the guards: duplicate keys, non-string values, whitespace, odd times… */
function variants(line: string): string[] {
  const o = JSON.parse(line) as Record<string, unknown>;
  const ctx = (o.context ?? {}) as Record<string, unknown>;
  const ev = o.event;
  let evObj: Record<string, unknown> = {};
  try {
    evObj = typeof ev === 'string' ? JSON.parse(ev) : ((ev as Record<string, unknown>) ?? {});
  } catch {
    // a truncated or query-string payload: variants start from an empty one
  }
  if (evObj === null || typeof evObj !== 'object' || Array.isArray(evObj)) evObj = {};
  const withEvent = (e: Record<string, unknown>) => JSON.stringify({ ...o, event: typeof ev === 'string' ? JSON.stringify(e) : e });
  const out = [
    line.replace('{', '{"name":"shadowed",'),
    line.replace(/}$/, ',"username":"someone_else"}'),
    JSON.stringify({ ...o, username: ' padded ' }),
    JSON.stringify({ ...o, username: 'anonymous' }),
    JSON.stringify({ ...o, username: '12345' }),
    JSON.stringify({ ...o, username: 12345 }),
    JSON.stringify({ ...o, session: 42 }),
    JSON.stringify({ ...o, session: '' }),
    JSON.stringify({ ...o, session: '', context: { ...ctx, session: 'ctx-session' } }),
    JSON.stringify({ ...o, name: '' }),
    JSON.stringify({ ...o, name: 7 }),
    JSON.stringify({ ...o, event_source: '' }),
    JSON.stringify({ ...o, event_source: 'browser' }),
    JSON.stringify({ ...o, event_source: 'server' }),
    JSON.stringify({ ...o, time: '2026-02-30T10:00:00+00:00' }),
    JSON.stringify({ ...o, time: '2026-02-28T10:00:00.1Z' }),
    JSON.stringify({ ...o, time: '2026-02-28T10:00:00Z' }),
    JSON.stringify({ ...o, time: '2026-02-28T24:00:00Z' }),
    JSON.stringify({ ...o, time: '2026-02-28T10:00:00.123456789+00:00' }),
    JSON.stringify({ ...o, time: '2026-02-28T10:00:00.123456+01:00' }),
    JSON.stringify({ ...o, time: '1899-12-31T23:59:59+00:00' }),
    JSON.stringify({ ...o, time: '2024-02-29T00:00:00+00:00' }),
    JSON.stringify({ ...o, context: { ...ctx, user_id: '42' } }),
    JSON.stringify({ ...o, context: { ...ctx, user_id: null } }),
    JSON.stringify({ ...o, context: { ...ctx, user_id: -3 } }),
    JSON.stringify({ ...o, context: { ...ctx, user_id: 4.5 } }),
    JSON.stringify({ ...o, context: { ...ctx, user_id: 12345678901234567 } }),
    JSON.stringify({ ...o, context: { ...ctx, course_id: '' } }),
    JSON.stringify({ ...o, context: { ...ctx, course_id: 'edX/DemoX/Demo_Course' } }),
    JSON.stringify({ ...o, context: { ...ctx, course_id: 'ccx-v1:edX+DemoX+Demo+ccx@3' } }),
    JSON.stringify({ ...o, context: { ...ctx, org_id: '' } }),
    JSON.stringify({ ...o, context: { ...ctx, command: 'manage.py' } }),
    JSON.stringify({ ...o, context: { ...ctx, module: { usage_key: 'block-v1:A+B+C+type@problem+block@p1' } } }),
    JSON.stringify({ ...o, context: { ...ctx, module: ['x'] } }),
    JSON.stringify({ ...o, context: [ctx.course_id] }),
    JSON.stringify({ ...o, event: null }),
    JSON.stringify({ ...o, event: '' }),
    JSON.stringify({ ...o, event: '{}' }),
    JSON.stringify({ ...o, event: ' {}' }),
    JSON.stringify({ ...o, event: 'a=1&b=2' }),
    JSON.stringify({ ...o, event: ['x', 'y'] }),
    JSON.stringify({ ...o, event: '{"id": "trunc' }),
    withEvent({ ...evObj, id: 'block-v1:A+B+C+type@html+block@h1' }),
    withEvent({ ...evObj, id: 'block-v1:A+B+C+type@html+block@h1 x' }),
    withEvent({ ...evObj, id: 'block-v1:A%2BB+C+type@html+block@h1' }),
    withEvent({ ...evObj, block_id: 'block-v1:A+B+C+type@html+block@b' }),
    withEvent({ ...evObj, user_id: 77 }),
    withEvent({ ...evObj, course_id: 'course-v1:Other+C+R' }),
    withEvent({ ...evObj, currentTime: '12.50', duration: '0' }),
    withEvent({ ...evObj, currentTime: null, current_time: 3 }),
    withEvent({ ...evObj, currentTime: '', current_time: 3 }),
    withEvent({ ...evObj, currentTime: -0 }),
    withEvent({ ...evObj, currentTime: '-0' }),
    withEvent({ ...evObj, currentTime: '1e3', new_speed: '1.50', old_time: 1.25, new_time: true }),
    withEvent({ ...evObj, module_id: 'block-v1:A+B+C+type@video+block@v' }),
    withEvent({ ...evObj, grade: '1', max_grade: 2, attempts: '3', success: 'correct' }),
    withEvent({ ...evObj, attempts: 2.5 }),
    withEvent({ ...evObj, success: ' correct' }),
    withEvent({ ...evObj, problem_id: '', problem: 'block-v1:A+B+C+type@problem+block@q' }),
    withEvent({ ...evObj, id: 'x', id2: 1 }).replace('"id2":1', '"id":"y"'),
    line.replace('"event_type":', '"event_type" :'),
    line.replace(/"$/, '"\u2028"'),
    // JS whitespace beyond ASCII: at a field's ends, inside one, in course and usage keys; escaped surrogates
    JSON.stringify({ ...o, username: 'padded\u00a0' }),
    JSON.stringify({ ...o, username: '\u3000padded' }),
    JSON.stringify({ ...o, username: 'in\u2009side' }),
    JSON.stringify({ ...o, context: { ...ctx, course_id: 'edX/Demo\u00a0X/Demo_Course' } }),
    JSON.stringify({ ...o, context: { ...ctx, course_id: 'edX/DemoX/Demo_Course\ufeff' } }),
    withEvent({ ...evObj, id: 'block-v1:A+B+C+type@html+block@h1\u2028x' }),
    withEvent({ ...evObj, id: 'block-v1:A+B+C+type@html+block@h1\u00e9' }),
    JSON.stringify({ ...o, username: 'smile\ud83d\ude00' }).replace('\ud83d\ude00', '\\ud83d\\ude00'),
    JSON.stringify({ ...o, username: 'lone\\udc00' }).replace('\\\\udc00', '\\udc00'),
    JSON.stringify({ ...o, username: 'accent\u00e9' }).replace('\u00e9', '\\u00e9'),
    `${line}\t`,
    `${line} ${line}`,
    `${line}}`,
    line.replace(/,"context"/, ',"context":{},"x"'),
    `2016-09-06 04:57:09,509 INFO 1234 [tracking] logger.py:41 - ${line}`,
  ];
  for (const name of ['play_video', 'edx.video.paused', 'problem_check', 'edx.grades.course.grade_calculated',
    'edx.completion.block_completion.changed', 'edx.course.enrollment.activated', 'problem_rescore', 'edx.forum.thread.created',
    'edx.grades.course.grade_calculated', '/courses/course-v1:A+B+C/courseware', 'showanswer']) {
    out.push(JSON.stringify({ ...o, name, event_type: name }));
    out.push(withEvent({ ...evObj, percent_grade: 0.75, completion: 1, id: 'vid_1', duration: 10, currentTime: 5 }).replace(/"name":"[^"]*"/, `"name":${JSON.stringify(name)}`));
  }
  return out;
}

describe('engine parse agrees with parse.ts', () => {
  let lake: Lake;
  const fixtureLines = listFixtures('tracking').map((f) => JSON.stringify(fixtureJson(f)));
  const lines = [
    ...fixtureLines,
    ...listFixtures('tracking').map((f) => pythonStyle(fixtureJson(f))),
    ...listFixtures('malformed').map((f) => readFixture(f).replace(/\s*\n\s*/g, ' ')),
    ...benchLines(40),
    ...fixtureLines.flatMap(variants),
    ...[...benchLines(4)].flatMap(variants),
  ];

  before(async () => {
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout' });
    await migrate(lake);
    await lake.client.command({ query: `CREATE TABLE IF NOT EXISTS ep_lines (seq UInt32, received_at DateTime64(3, 'UTC'), line String) ENGINE = Memory` });
    await lake.client.command({ query: `CREATE TABLE IF NOT EXISTS ep_js AS events ENGINE = Memory` });
    await lake.client.command({ query: `ALTER TABLE ep_js ADD COLUMN seq UInt32` }).catch(() => {});
  });
  after(() => lake.close());

  it('gives every fast line the same columns and id, and sends the rest back', async () => {
    // Only what ingest would stage: the line's first byte is `{`, surrounding ASCII blanks trimmed.
    const staged = lines.map((l, seq) => ({ seq, line: l.replace(/[ \t\r]+$/, '') })).filter((s) => s.line.startsWith('{'));
    await lake.client.insert({
      table: 'ep_lines',
      values: staged.map((s) => ({ seq: s.seq, received_at: '2026-03-04 05:06:07.891', line: s.line })),
      format: 'JSONEachRow',
    });
    const js = lines.map((l) => parseTrackingLine(l, RECEIVED));
    const tsv = js.flatMap((r, seq) => (r.ok ? [`${eventToTsv(r.event)}\t${seq}`] : [])).join('\n') + '\n';
    await lake.insertTsv('ep_js', [...EVENT_COLUMNS, 'seq'], Buffer.from(tsv));

    const cols = EVENT_COLUMNS.map((c) => `toString(${c}) AS ${c}`).join(', ');
    const engine = await queryRows<Record<string, string> & { seq: number; fast_ok: number }>(
      lake,
      `SELECT seq, fast_ok, ${cols} FROM (${engineParseQuery('ep_lines')}) ORDER BY seq`,
      {},
      ENGINE_PARSE_SETTINGS,
    );
    const expected = new Map(
      (await queryRows<Record<string, string> & { seq: number }>(lake, `SELECT seq, ${cols} FROM ep_js`)).map((r) => [Number(r.seq), r]),
    );
    let fast = 0;
    const fastFixtures = new Set<number>();
    for (const row of engine) {
      if (Number(row.fast_ok) !== 1) continue;
      fast++;
      const seq = Number(row.seq);
      if (seq < fixtureLines.length) fastFixtures.add(seq);
      const want = expected.get(seq);
      assert.ok(want, `engine took line ${seq} that parse.ts refuses: ${lines[seq]!.slice(0, 200)}`);
      for (const c of EVENT_COLUMNS) assert.equal(row[c], want[c], `line ${seq}, ${c}: ${lines[seq]!.slice(0, 300)}`);
    }
    // Not vacuous: most real samples and every benchmark line are fast.
    assert.ok(fastFixtures.size > fixtureLines.length / 3, `only ${fastFixtures.size} of ${fixtureLines.length} fixtures fast`);
    assert.ok(fast > 300, `only ${fast} fast lines`);
    console.log(`${fast} of ${staged.length} staged lines fast; ${fastFixtures.size} of ${fixtureLines.length} fixtures`);
  });
});
