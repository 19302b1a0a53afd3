/**
 * How long evaluateCourse takes on a large course: `node --import tsx bench/risk-speed.ts --learners 20000 --events 200`
 * (events per learner over six weeks, in sessions of 10). Builds a fresh chDB lake with synthetic events written
 * by SQL (the materialized view fills learner_activity as ingest would), then times each
 * evaluation: wall time and the process's CPU time (chDB runs in-process; CPU time is the
 * steadier figure on a busy machine). `--dir` keeps the lake to rerun. Prints figures; asserts nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openLake } from '../lib/lake/client';
import { migrate } from '../lib/lake/migrate';
import { formatLakeTime } from '../lib/lake/time';
import { queryRows } from '../lib/lake/query';
import { assessCourse } from '../lib/risk/evaluate';
import { RULE_NAMES } from '../lib/risk/types';

const { values } = parseArgs({ options: { learners: { type: 'string', default: '20000' }, events: { type: 'string', default: '200' }, runs: { type: 'string', default: '5' }, dir: { type: 'string' } } });
const learners = Number(values.learners);
const perLearner = Number(values.events);
const courseId = 'course-v1:Bench+Risk+1';
const at = new Date('2026-11-30T12:02:30Z');
const DAYS = 42;

const lake = await openLake({ dataDir: values.dir ?? mkdtempSync(join(tmpdir(), 'lookout-risk-bench-')), database: 'lookout_risk_bench' });
await migrate(lake);
const [existing] = await queryRows<{ n: string }>(lake, `SELECT count() AS n FROM events WHERE course_id = {courseId:String}`, { courseId });
if (Number(existing?.n) === 0) await generate();

async function generate() {
const t0 = Date.now();
const atText = formatLakeTime(at);
const columns = `time, received_at, event_id, name, event_source, user_id, username, course_id, org, is_learner, problem_id, problem_success, enrollment_mode, raw`;
// Enrollments 45 days before; then activity spread over six weeks, every tenth event a problem check.
await lake.client.command({
  query: `INSERT INTO events (${columns})
    SELECT toDateTime64('${atText}', 3, 'UTC') - toIntervalDay(45) + toIntervalSecond(number), now64(3), concat('e', toString(number)),
           'edx.course.enrollment.activated', 'server', number + 1, concat('u', toString(number + 1)), '${courseId}', 'Bench', 1, '', '', 'audit', ''
    FROM numbers(${learners})`,
});
// Activity in sessions, as learners study: every learner has sessions of 10 events 30 s apart,
// at random times over six weeks; every tenth event is a problem check, two in three correct.
const sessions = Math.max(1, Math.round(perLearner / 10));
await lake.client.command({
  query: `INSERT INTO events (${columns})
    SELECT toDateTime64('${atText}', 3, 'UTC') - toIntervalSecond(cityHash64(user, session) % (${DAYS} * 86400)) + toIntervalSecond(30 * step) AS t,
           now64(3), concat('a', toString(number)),
           if(step = 9, 'problem_check', 'edx.ui.lms.sequence.tab_selected'), if(step = 9, 'server', 'browser'),
           user, '', '${courseId}', 'Bench', 1,
           if(step = 9, concat('block-v1:Bench+Risk+1+type@problem+block@p', toString(session % 50)), ''),
           if(step = 9, if(cityHash64(number, 1) % 3 = 0, 'incorrect', 'correct'), ''), '', ''
    FROM (SELECT number, number % ${learners} + 1 AS user, intDiv(number, ${learners}) % ${sessions} AS session, intDiv(number, ${learners * sessions}) AS step
          FROM numbers(${learners * sessions * 10}))
    WHERE t <= toDateTime64('${atText}', 3, 'UTC')`,
  clickhouse_settings: { max_insert_block_size: '1000000' },
});
console.log(`lake: ${learners} learners, ${learners * sessions * 10} activity events in ${sessions} sessions each over ${DAYS} days, written in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const runs = Number(values.runs);
for (const rules of [undefined, ...RULE_NAMES.map((r) => [r])]) {
  const times: number[] = [];
  const cpus: number[] = [];
  let flagged = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const a = await assessCourse(lake, { courseId, at, rules });
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
    flagged = a.learners.length;
  }
  times.sort((a, b) => a - b);
  console.log(`${(rules?.[0] ?? 'all rules').padEnd(16)} median ${times[Math.floor(runs / 2)]!.toFixed(0).padStart(5)} ms  best ${times[0]!.toFixed(0).padStart(5)} ms  CPU ${cpus.sort((a, b) => a - b)[Math.floor(runs / 2)]!.toFixed(0).padStart(5)} ms  flagged ${flagged}`);
}
process.exit(0);
