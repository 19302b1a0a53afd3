/**
 * Every count that stands for learners opens a list of exactly that many learners (issue 20):
 * on a hand-built course, each list's length equals the widget's count, and the lists hold the
 * right learners (staff, unenrolled and out-of-window learners left out as the counts leave them).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { completionChanged, enrollmentActivated, enrollmentDeactivated, gradeCalculated, problemCheck, videoEvent } from '../../lib/demo/tracking';
import { engagement } from '../../lib/metrics/engagement';
import { grades } from '../../lib/metrics/grades';
import { problems } from '../../lib/metrics/problems';
import { unitCompletion } from '../../lib/metrics/unitCompletion';
import { videos } from '../../lib/metrics/videos';
import { learnerList, learnerListCsv } from '../../lib/metrics/learnerList';
import { listExports } from '../../lib/export/audit';
import { parseCsv } from '../../lib/export/csv';
import { actor, insertLines, insertRole, insertRows, insertUser, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Lists+1';
const key = (type: string, id: string) => `block-v1:Test+Lists+1+type@${type}+block@${id}`;
const [unit1, unit2, video, problem, html] = [key('vertical', 'u1'), key('vertical', 'u2'), key('video', 'v1'), key('problem', 'p1'), key('html', 'h1')];
const t0 = new Date('2026-11-16T00:00:00.000Z');
const at = (h: number) => new Date(t0.getTime() + h * 3_600_000);
const q = { courseId, from: t0, to: at(7 * 24), now: at(7 * 24 + 1) };
const noPii = { allowed: false, actor: 'tester', kind: 'page' as const };
const ids = (list: { rows: { userId: number }[] }) => list.rows.map((r) => r.userId);

describe('learner lists behind the counts', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_learner_lists_test');
    const play = (u: number, h: number, position = 0) => videoEvent({ actor: actor(u), courseId, time: at(h), action: 'play_video', videoId: 'v1', position, duration: 100 });
    const pause = (u: number, h: number, position: number) => videoEvent({ actor: actor(u), courseId, time: at(h), action: 'pause_video', videoId: 'v1', position, duration: 100 });
    const check = (u: number, h: number, correct: boolean, attempts = 1) => problemCheck({ actor: actor(u), courseId, time: at(h), problem, problemName: 'P1', attempts, correct });
    const done = (u: number, h: number, block: string) => completionChanged({ actor: actor(u), courseId, time: at(h), block, blockType: block.split('type@')[1]!.split('+')[0]! });
    const grade = (u: number, h: number, percent: number) => gradeCalculated({ actor: actor(u), courseId, time: at(h), percent });
    await insertLines(lake, [
      ...[1, 2, 3, 4, 5, 6].map((u) => enrollmentActivated({ actor: actor(u), courseId, time: at(-48) })),
      play(1, 1), pause(1, 1.01, 30), // 1: watched, graded 0.85
      check(2, 2, false), check(2, 2.1, true, 2), // 2: tried twice, graded 0.42
      play(3, 3), pause(3, 3.01, 10), check(3, 3.2, true), // 3: both, completed unit 1 (all blocks)
      play(4, 4), check(4, 4.1, true), // 4: staff
      play(5, -30), // 5: before the window
      check(6, 5, false), enrollmentDeactivated({ actor: actor(6), courseId, time: at(6) }), // 6: tried, then left
      play(7, 8), pause(7, 8.01, 5), // 7: never enrolled, active
      grade(1, 10, 0.85), grade(2, 10, 0.42), grade(3, 10, 0.47), grade(4, 10, 0.9), grade(6, 5.5, 0.45),
      done(3, 3.5, video), done(3, 3.5, problem), done(1, 2, video), done(2, 2, unit2), done(4, 4.5, video), done(4, 4.5, problem),
      done(1, 3, html),
    ]);
    await insertRole(lake, { user_id: 4, org: 'Test', course_id: courseId, role: 'staff' });
    for (const id of [1, 2, 3]) await insertUser(lake, { id, email: `u${id}@lists.test` });
    const stamp = formatLakeTime(at(0));
    const block = (block_id: string, block_type: string, parent: string, position: number) =>
      ({ course_id: courseId, block_id, block_type, parent, display_name: block_id.split('@').pop(), section: 'S', subsection: 'SS', position, updated_at: stamp });
    await insertRows(lake, 'course_blocks', [block(unit1, 'vertical', '', 1), block(video, 'video', unit1, 2), block(problem, 'problem', unit1, 3), block(unit2, 'vertical', '', 4), block(html, 'html', unit2, 5)]);
  });

  it('active, watched a video, tried a problem: as many as engagement counts', async () => {
    const e = await engagement(lake, q);
    const active = await learnerList(lake, q, { metric: 'active' }, noPii);
    const watched = await learnerList(lake, q, { metric: 'watched' }, noPii);
    const tried = await learnerList(lake, q, { metric: 'tried' }, noPii);
    assert.deepEqual([ids(active), ids(watched), ids(tried)], [[1, 2, 3, 6, 7], [1, 3, 7], [2, 3, 6]]);
    assert.deepEqual([active.rows.length, watched.rows.length, tried.rows.length], [e.active, e.watchedVideo, e.triedProblem]);
    assert.equal(active.rows[0]!.username, 'u1');
  });

  it('each grade bin: as many as the distribution shows', async () => {
    const g = await grades(lake, q);
    for (const [bin, { learners }] of g.bins.entries()) {
      const list = await learnerList(lake, q, { metric: 'grade', item: String(bin) }, noPii);
      assert.equal(list.rows.length, learners, `bin ${bin}`);
    }
    assert.deepEqual(ids(await learnerList(lake, q, { metric: 'grade', item: '4' }, noPii)), [2, 3]); // 6 left, 4 is staff
    await assert.rejects(learnerList(lake, q, { metric: 'grade', item: '10' }, noPii), RangeError);
  });

  it('each unit, the video and the problem: as many as their cards count', async () => {
    const u = await unitCompletion(lake, q);
    for (const unit of u.units) assert.equal((await learnerList(lake, q, { metric: 'unit', item: unit.blockId }, noPii)).rows.length, unit.learnersCompleted, unit.blockId);
    assert.deepEqual(ids(await learnerList(lake, q, { metric: 'unit', item: unit1 }, noPii)), [3]);
    assert.deepEqual(ids(await learnerList(lake, q, { metric: 'unit', item: unit2 }, noPii)), [1, 2]); // 1: its only block; 2: the unit itself marked complete
    const v = await videos(lake, q);
    assert.equal(v.videos.length, 1);
    const viewers = await learnerList(lake, q, { metric: 'video', item: v.videos[0]!.videoId }, noPii);
    assert.equal(viewers.rows.length, v.videos[0]!.uniqueViewers);
    assert.deepEqual(ids(viewers), [1, 3, 7]);
    const p = await problems(lake, q);
    const tried = await learnerList(lake, q, { metric: 'problem', item: p.problems[0]!.problemId }, noPii);
    assert.equal(tried.rows.length, p.problems[0]!.learners);
    assert.deepEqual(tried.rows.map((r) => [r.userId, ...r.values]), [[2, 2, 1], [3, 1, 1], [6, 1, 0]]);
  });

  it('names and emails only when allowed, and then recorded as an export; CSV of the list', async () => {
    const hidden = await learnerList(lake, q, { metric: 'active' }, noPii);
    assert.ok(hidden.rows.every((r) => r.email === null && r.name === null));
    assert.equal((await listExports(lake, { actor: 'tester' })).length, 0, 'no PII, no audit row');
    const shown = await learnerList(lake, q, { metric: 'active' }, { allowed: true, actor: 'pii_viewer', kind: 'csv' });
    assert.equal(shown.rows.find((r) => r.userId === 1)?.email, 'u1@lists.test');
    const audit = await listExports(lake, { actor: 'pii_viewer' });
    assert.equal(audit.length, 1);
    assert.deepEqual({ rows: audit[0]!.rows, pii: audit[0]!.pii, list: audit[0]!.filter.list }, { rows: 5, pii: true, list: 'active' });
    const csv = parseCsv(learnerListCsv(shown));
    assert.deepEqual(csv[0], ['user_id', 'username', 'name', 'email', 'last_activity', 'time_spent_seconds']);
    assert.equal(csv.length, 6);
    assert.equal(csv[1]![3], 'u1@lists.test');
  });
});
