/** One learner's page (lib/metrics/learnerProfile.ts) on a hand-built course: each part from the metric's own tables. */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { completionChanged, enrollmentActivated, gradeCalculated, problemCheck, videoEvent } from '../../lib/demo/tracking';
import { coursesOfLearner, findLearner, learnerProfile } from '../../lib/metrics/learnerProfile';
import { actor, insertLines, insertRows, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Profile+1';
const key = (type: string, id: string) => `block-v1:Test+Profile+1+type@${type}+block@${id}`;
const [unit1, unit2, video, problem] = [key('vertical', 'u1'), key('vertical', 'u2'), key('video', 'v1'), key('problem', 'p1')];
const t0 = new Date('2026-11-16T00:00:00.000Z');
const at = (h: number) => new Date(t0.getTime() + h * 3_600_000);

describe("a learner's page", () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_learner_profile_test');
    const a = actor(5);
    await insertLines(lake, [
      enrollmentActivated({ actor: a, courseId, time: at(-48) }),
      videoEvent({ actor: a, courseId, time: at(1), action: 'play_video', videoId: 'v1', position: 0, duration: 100 }),
      videoEvent({ actor: a, courseId, time: at(1.01), action: 'pause_video', videoId: 'v1', position: 42, duration: 100 }),
      videoEvent({ actor: a, courseId, time: at(25), action: 'play_video', videoId: 'v1', position: 42, duration: 100 }),
      problemCheck({ actor: a, courseId, time: at(26), problem, problemName: 'P1', attempts: 1, correct: false }),
      problemCheck({ actor: a, courseId, time: at(26.1), problem, problemName: 'P1', attempts: 2, correct: true }),
      gradeCalculated({ actor: a, courseId, time: at(2), percent: 0.2 }),
      gradeCalculated({ actor: a, courseId, time: at(27), percent: 0.55 }),
      completionChanged({ actor: a, courseId, time: at(26.2), block: video, blockType: 'video' }),
      completionChanged({ actor: a, courseId, time: at(26.2), block: problem, blockType: 'problem' }),
      videoEvent({ actor: actor(6), courseId, time: at(3), action: 'play_video', videoId: 'v1', position: 0, duration: 100 }),
    ]);
    const stamp = formatLakeTime(t0);
    const block = (block_id: string, block_type: string, parent: string, display_name: string, position: number) =>
      ({ course_id: courseId, block_id, block_type, parent, display_name, section: 'S', subsection: 'SS', position, updated_at: stamp });
    await insertRows(lake, 'course_blocks', [block(unit1, 'vertical', '', 'Welcome', 1), block(video, 'video', unit1, 'Intro', 2), block(problem, 'problem', unit1, 'Quiz', 3), block(unit2, 'vertical', '', 'Next', 4)]);
  });

  it('finds the learner by username or id, and the courses they are in', async () => {
    assert.deepEqual(await findLearner(lake, courseId, 'u5'), { userId: 5, username: 'u5' });
    assert.deepEqual(await findLearner(lake, courseId, '5'), { userId: 5, username: 'u5' });
    assert.equal(await findLearner(lake, courseId, 'nobody'), undefined);
    assert.deepEqual((await coursesOfLearner(lake, 'u5')).map((c) => [c.userId, c.courseId]), [[5, courseId]]);
  });

  it('shows activity per day, last activity, grades, units, videos and problems', async () => {
    const p = await learnerProfile(lake, courseId, { userId: 5, username: 'u5' }, at(48));
    assert.deepEqual(p.days.map((d) => d.day), ['2026-11-16', '2026-11-17']);
    assert.equal(p.lastActivity, at(26.1).toISOString(), 'the last learner event (a completion echo is not activity)');
    assert.deepEqual(p.grades.map((g) => g.percent), [0.2, 0.55]);
    assert.deepEqual(p.units.map((u) => [u.name, u.completed]), [['Welcome', true], ['Next', false]]);
    assert.deepEqual(p.videos.map((v) => [v.name, v.plays, v.furthestSecond]), [['Intro', 2, 42]]);
    assert.deepEqual(p.problems.map((x) => [x.name, x.attempts, x.correct]), [['Quiz', 2, 1]]);
    assert.equal(p.risk, null);
    assert.match(p.riskNote ?? '', /not on the at-risk list|could not be evaluated/);
  });
});
