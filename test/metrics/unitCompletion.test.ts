import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { completionChanged, enrollmentActivated, enrollmentDeactivated } from '../../lib/demo/tracking';
import { unitCompletion } from '../../lib/metrics/unitCompletion';
import { completedUpTo, completedUpToComputed } from '../../lib/metrics/completionUpTo';
import { actor, insertLines, insertRole, insertRows, openMetricsLake } from './lake';

const courseId = 'course-v1:Test+Units+1';
const key = (type: string, id: string) => `block-v1:Test+Units+1+type@${type}+block@${id}`;
const [u1, u2, u3, v1, p1, p2, html] = [key('vertical', 'u1'), key('vertical', 'u2'), key('vertical', 'u3'), key('video', 'v1'), key('problem', 'p1'), key('problem', 'p2'), key('html', 'x')];
const t0 = new Date('2026-11-16T00:00:00.000Z');
const at = (h: number) => new Date(t0.getTime() + h * 3_600_000);
const done = (user: number, h: number, block: string, completion = 1) =>
  completionChanged({ actor: actor(user), courseId, time: at(h), block, blockType: block.split('type@')[1]!.split('+')[0]!, completion });
const window = { courseId, from: t0, to: at(24), now: at(24) };

describe('unit completion (DESIGN §5)', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_units_test');
    await insertLines(lake, [done(3, 2, p2, 0)]); // learner 3's later un-completion arrives first
    await insertLines(lake, [
      ...[1, 2, 3, 4, 5, 6, 7].map((u) => enrollmentActivated({ actor: actor(u), courseId, time: at(-24) })),
      done(1, 1, v1),
      done(1, 1, p1), // 1: all of unit 1
      done(1, 1, p2, 0.5), // ... half of unit 2's only problem
      done(2, 1, v1), // 2: part of unit 1
      done(3, 1, p2), // 3: p2, then back to 0 at 02:00
      ...[v1, p1, p2].map((b) => done(4, 1, b)), // 4: staff
      done(5, 1, p2), // 5: unenrolled
      enrollmentDeactivated({ actor: actor(5), courseId, time: at(3) }),
      done(6, 30, p2), // 6: after the window
      done(7, 1, html), // 7: a block the structure does not know
    ]);
    await insertRole(lake, { user_id: 4, org: 'Test', course_id: courseId, role: 'staff' });
    const stamp = formatLakeTime(at(1));
    // LMS rows: learner 3 completed unit 1's blocks; learner 2 has unit 3 itself marked complete
    await insertRows(lake, 'lms_block_completion', [
      { course_key: courseId, user_id: 3, block_key: v1, block_type: 'video', completion: 1, created: stamp, modified: stamp, synced_at: stamp },
      { course_key: courseId, user_id: 3, block_key: p1, block_type: 'problem', completion: 1, created: stamp, modified: stamp, synced_at: stamp },
      { course_key: courseId, user_id: 2, block_key: u3, block_type: 'vertical', completion: 1, created: stamp, modified: stamp, synced_at: stamp },
    ]);
    const block = (block_id: string, block_type: string, parent: string, display_name: string, position: number, subsection: string) =>
      ({ course_id: courseId, block_id, block_type, parent, display_name, section: 'Week 1', subsection, position, updated_at: stamp });
    await insertRows(lake, 'course_blocks', [
      block(u2, 'vertical', '', 'Practice', 4, 'Basics'), // listed out of order: position decides
      block(u1, 'vertical', '', 'Welcome', 1, 'Basics'),
      block(v1, 'video', u1, 'Intro video', 2, 'Basics'),
      block(p1, 'problem', u1, 'Warm-up', 3, 'Basics'),
      block(p2, 'problem', u2, 'Exercise', 5, 'Basics'),
      block(u3, 'vertical', '', 'Wrap-up', 6, 'Review'),
    ]);
  });

  it('counts learners who completed each unit, in course order, with names', async () => {
    const r = await unitCompletion(lake, window);
    assert.equal(r.missing, undefined);
    assert.equal(r.enrolled, 5); // 1, 2, 3, 6, 7 (4 staff, 5 left)
    assert.deepEqual(r.units, [
      { blockId: u1, name: 'Welcome', section: 'Week 1', subsection: 'Basics', learnersCompleted: 2 }, // 1, 3
      { blockId: u2, name: 'Practice', section: 'Week 1', subsection: 'Basics', learnersCompleted: 0 },
      { blockId: u3, name: 'Wrap-up', section: 'Week 1', subsection: 'Review', learnersCompleted: 1 }, // 2
    ]);
  });

  it('reads completion as of the end of the window', async () => {
    const r = await unitCompletion(lake, { ...window, to: at(1.5) });
    // at 01:30, learner 3 still has p2 complete, and learner 5 (who leaves at 03:00) is enrolled: unit 2 twice
    assert.deepEqual(r.units.map((u) => u.learnersCompleted), [2, 2, 1]);
  });

  it('without structure, each completed block is listed; with nothing, says what is missing', async () => {
    const other = 'course-v1:Test+Bare+1';
    await insertLines(lake, [
      enrollmentActivated({ actor: actor(1), courseId: other, time: at(-1) }),
      completionChanged({ actor: actor(1), courseId: other, time: at(1), block: 'block-v1:Test+Bare+1+type@html+block@abcdef123456', blockType: 'html' }),
    ]);
    const r = await unitCompletion(lake, { ...window, courseId: other });
    assert.deepEqual(r.units, [{ blockId: 'block-v1:Test+Bare+1+type@html+block@abcdef123456', name: 'html abcdef123456', section: '', subsection: '', learnersCompleted: 1 }]);
    const none = await unitCompletion(lake, { ...window, courseId: 'course-v1:Test+None+1' });
    assert.match(none.missing ?? '', /No completion data/);
  });

  it('reads the daily bitmaps up to the end of the window, also when it ends in the middle of a day', async () => {
    const days = 'course-v1:Test+Days+1';
    const block = 'block-v1:Test+Days+1+type@html+block@0123456789ab';
    const complete = (user: number, h: number) => completionChanged({ actor: actor(user), courseId: days, time: at(h), block, blockType: 'html' });
    await insertLines(lake, [
      ...[12, 13, 14].map((u) => enrollmentActivated({ actor: actor(u), courseId: days, time: at(-24) })),
      complete(12, 1),
      complete(13, 5),
      complete(14, 26),
    ]);
    const learners = async (h: number) => (await unitCompletion(lake, { ...window, courseId: days, to: at(h) })).units[0]?.learnersCompleted ?? 0;
    assert.deepEqual([await learners(3), await learners(6), await learners(24), await learners(48)], [1, 2, 2, 3]);
  });

  it('with LMS completion rows and no completion events, the LMS rows decide (latest version, as of the window end)', async () => {
    const lmsOnly = 'course-v1:Test+Lms+1';
    const k = (type: string, id: string) => `block-v1:Test+Lms+1+type@${type}+block@${id}`;
    const [unit, unit2, video, problem] = [k('vertical', 'u1'), k('vertical', 'u2'), k('video', 'v1'), k('problem', 'p1')];
    await insertLines(lake, [8, 9, 10, 11].map((u) => enrollmentActivated({ actor: actor(u), courseId: lmsOnly, time: at(-24) })));
    await insertRole(lake, { user_id: 11, org: 'Test', course_id: lmsOnly, role: 'staff' });
    const row = (user_id: number, block_key: string, completion: number, h: number) => {
      const stamp = formatLakeTime(at(h));
      return { course_key: lmsOnly, user_id, block_key, block_type: block_key.split('type@')[1]!.split('+')[0]!, completion, created: stamp, modified: stamp, synced_at: stamp };
    };
    await insertRows(lake, 'lms_block_completion', [
      row(8, video, 1, 1), row(8, problem, 1, 1), row(8, unit, 1, 1), // 8: all of unit 1, and unit 1 itself (counted once)
      row(9, video, 1, 1), row(9, problem, 1, 1), // 9: all of unit 1, then problem back to 0 (next insert)
      row(10, video, 1, 1), row(10, problem, 1, 30), // 10: problem only after the window
      row(10, unit2, 1, 2), // 10: unit 2 itself marked complete
      ...[video, problem].map((b) => row(11, b, 1, 1)), // 11: staff
    ]);
    await insertRows(lake, 'lms_block_completion', [row(9, problem, 0, 2)]);
    const stamp = formatLakeTime(at(1));
    await insertRows(lake, 'course_blocks', [
      { course_id: lmsOnly, block_id: unit, block_type: 'vertical', parent: '', display_name: 'One', section: 'S', subsection: 'Q', position: 1, updated_at: stamp },
      { course_id: lmsOnly, block_id: video, block_type: 'video', parent: unit, display_name: 'V', section: 'S', subsection: 'Q', position: 2, updated_at: stamp },
      { course_id: lmsOnly, block_id: problem, block_type: 'problem', parent: unit, display_name: 'P', section: 'S', subsection: 'Q', position: 3, updated_at: stamp },
      { course_id: lmsOnly, block_id: unit2, block_type: 'vertical', parent: '', display_name: 'Two', section: 'S', subsection: 'Q', position: 4, updated_at: stamp },
    ]);
    const r = await unitCompletion(lake, { ...window, courseId: lmsOnly });
    assert.equal(r.enrolled, 3);
    assert.deepEqual(r.units.map((u) => [u.name, u.learnersCompleted]), [['One', 1], ['Two', 1]]); // 8; 10
  });

  it('a past week reads the bitmaps ORed up to its last midnight, computed once, again after a late fact, not when a completion went back', async () => {
    const upto = 'course-v1:Test+UpTo+1';
    const block = 'block-v1:Test+UpTo+1+type@html+block@0123456789ab';
    const complete = (user: number, h: number, completion = 1) => completionChanged({ actor: actor(user), courseId: upto, time: at(h), block, blockType: 'html', completion });
    await insertLines(lake, [
      ...[20, 21, 22, 23].map((u) => enrollmentActivated({ actor: actor(u), courseId: upto, time: at(-24 * 6) })),
      complete(20, -47), // two days before the window's end
      complete(21, -23), // the day before
      complete(22, 1), // after it
    ]);
    const pastWeek = { courseId: upto, from: at(-24 * 7), to: t0, now: at(24) };
    const learners = async () => (await unitCompletion(lake, pastWeek)).units[0]?.learnersCompleted ?? 0;
    const end = new Date(t0.getTime() - 1);
    assert.equal(await learners(), 2); // 20, 21: from the daily bitmaps, while the ORed ones are computed
    await completedUpToComputed(upto);
    const first = await completedUpTo(lake, upto, end, pastWeek.now);
    assert.ok(first && first !== 'inexact');
    assert.equal(await learners(), 2);
    // a late completion of the day before: the computation no longer counts every fact of its days
    await insertLines(lake, [complete(23, -20)]);
    assert.equal(await completedUpTo(lake, upto, end, pastWeek.now), undefined);
    assert.equal(await learners(), 3);
    await completedUpToComputed(upto);
    const second = await completedUpTo(lake, upto, end, pastWeek.now);
    assert.ok(second && second !== 'inexact' && second.params.version > first.params.version);
    assert.equal(await learners(), 3);
    // learner 20 goes back below 1 before the end: the bitmaps cannot tell, the facts decide
    await insertLines(lake, [complete(20, -10, 0)]);
    assert.equal(await learners(), 2);
    await completedUpToComputed(upto);
    assert.equal(await completedUpTo(lake, upto, end, pastWeek.now), 'inexact');
    assert.equal(await learners(), 2);
    // a window that does not end at a past midnight never reads them
    assert.equal(await completedUpTo(lake, upto, at(-1), pastWeek.now), undefined);
    assert.equal(await completedUpTo(lake, upto, new Date(at(48).getTime() - 1), pastWeek.now), undefined);
  });
});
