import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { cohortActivityChance, generateCohort, learnerLines, subsectionReached, type Cohort } from '../../lib/cohort/cohort';
import { parseTrackingLine } from '../../lib/events/parse';
import { LEARNER_TYPE_SHARES } from '../../lib/demo/learners';
import { DEMO_COURSE_ID, demoCourse } from '../../lib/demo/course';
import { courseBlocks } from '../../lib/cohort/course';

const DAY = 86_400_000;
const start = new Date('2026-03-02T00:00:00Z');

function fingerprint(c: Cohort): string {
  const h = createHash('sha256');
  for (const l of c.learners) for (const line of learnerLines(c, l)) h.update(line.line);
  return h.digest('hex');
}

describe('synthetic cohort', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = generateCohort({ seed: 3, learners: 60, weeks: 10, start });
    const b = generateCohort({ seed: 3, learners: 60, weeks: 10, start });
    const c = generateCohort({ seed: 4, learners: 60, weeks: 10, start });
    assert.deepEqual(a.learners, b.learners);
    assert.equal(fingerprint(a), fingerprint(b));
    assert.notEqual(fingerprint(a), fingerprint(c));
    assert.notDeepEqual(a.learners.map((l) => l.type), c.learners.map((l) => l.type));
  });

  it('mixes the five types in the demo shares', () => {
    const c = generateCohort({ seed: 1, learners: 4000, weeks: 10, start });
    for (const [type, share] of LEARNER_TYPE_SHARES) {
      const got = c.learners.filter((l) => l.type === type).length / c.learners.length;
      assert.ok(Math.abs(got - share) < 0.025, `${type}: ${got} vs ${share}`);
    }
  });

  const cohort = generateCohort({ seed: 11, learners: 1500, weeks: 10, start });
  const ofType = (t: string) => cohort.learners.filter((l) => l.type === t);
  const activeDaysIn = (days: number[], from: number, to: number) => days.filter((d) => d >= from && d < to).length;

  it('records who stops: fading learners study before their stop day and never after it', () => {
    const fading = ofType('fading');
    assert.ok(fading.length > 200);
    for (const l of fading) {
      assert.ok(l.stopDay !== null && l.stopDay < cohort.days - 7);
      assert.ok(l.studyDays.every((d) => d <= l.stopDay!), `learner ${l.userId} studied after day ${l.stopDay}`);
      assert.ok(cohortActivityChance(l, l.stopDay! + 1, cohort.days) === 0);
    }
    // Before the fade they study at their pace: nearly all have some study days.
    assert.ok(fading.filter((l) => l.studyDays.length > 0).length / fading.length > 0.95);
    // Their last week before stopping is quieter than the weeks before the fade.
    const early = fading.reduce((n, l) => n + activeDaysIn(l.studyDays, l.stopDay! - l.fadeDays - 7, l.stopDay! - l.fadeDays), 0);
    const late = fading.reduce((n, l) => n + activeDaysIn(l.studyDays, l.stopDay! - 6, l.stopDay! + 1), 0);
    assert.ok(late < early * 0.6, `fade: ${late} study days in the last week vs ${early} before`);
  });

  it('never-start learners only enroll; steady ones keep going to the end', () => {
    for (const l of ofType('never-start')) {
      assert.equal(l.studyDays.length, 0);
      assert.equal(learnerLines(cohort, l).length, 1);
    }
    const steady = ofType('steady');
    assert.ok(steady.every((l) => l.stopDay === null));
    const lastWeek = steady.filter((l) => l.studyDays.some((d) => d >= cohort.days - 7)).length;
    assert.ok(lastWeek / steady.length > 0.9, `${lastWeek} of ${steady.length} steady learners active in the last week`);
    for (const l of steady.filter((x) => x.breakDays)) assert.equal(activeDaysIn(l.studyDays, l.breakDays![0], l.breakDays![1] + 1), 0);
  });

  it('late surgers pick up after their turn day; about half the strugglers give up', () => {
    const surge = ofType('late-surge');
    const rate = (pick: (l: (typeof surge)[number]) => [number, number]) => {
      let days = 0;
      let active = 0;
      for (const l of surge) {
        const [from, to] = pick(l);
        days += to - from;
        active += activeDaysIn(l.studyDays, from, to);
      }
      return active / days;
    };
    const before = rate((l) => [Math.max(0, l.enrolledDay), l.turnDay]);
    const after = rate((l) => [l.turnDay, cohort.days]);
    assert.ok(before < 0.12 && after > 0.4, `late surge: ${before} before, ${after} after`);
    const strugglers = ofType('struggler');
    const quit = strugglers.filter((l) => l.stopDay !== null).length / strugglers.length;
    assert.ok(quit > 0.35 && quit < 0.65, `strugglers who quit: ${quit}`);
  });

  it('writes parseable events of the course (learner activity but the LMS grade and the enrollment), inside the course and after enrollment, strugglers getting fewer right', () => {
    const correct = new Map<string, [number, number]>();
    for (const l of cohort.learners.slice(0, 150)) {
      const lines = learnerLines(cohort, l);
      for (const [i, { at, line }] of lines.entries()) {
        const r = parseTrackingLine(line);
        assert.ok(r.ok, line);
        assert.equal(r.event.course_id, cohort.course.courseId);
        assert.equal(r.event.user_id, l.userId);
        // The LMS's own echoes (course grade, block completion) and enrolling are not learner activity.
        const notActivity = ['edx.grades.course.grade_calculated', 'edx.completion.block_completion.changed', 'edx.course.enrollment.activated'];
        assert.equal(r.event.is_learner, notActivity.includes(r.event.name) ? 0 : 1);
        if (i > 0) {
          assert.ok(at >= l.enrolledAt, 'activity before enrollment');
          assert.ok(at >= cohort.course.start.getTime() && at < cohort.course.end.getTime() + DAY);
        }
        if (r.event.name === 'problem_check') {
          const c = correct.get(l.type) ?? [0, 0];
          correct.set(l.type, [c[0] + (r.event.problem_success === 'correct' ? 1 : 0), c[1] + 1]);
        }
      }
    }
    const share = (t: string) => correct.get(t)![0] / correct.get(t)![1];
    assert.ok(share('struggler') < share('steady') * 0.6, `correct: struggler ${share('struggler')} vs steady ${share('steady')}`);
  });

  it('refuses a course too short to plan', () => {
    assert.throws(() => generateCohort({ seed: 1, learners: 10, weeks: 2, start }), /at least 4 whole weeks/);
  });
});

describe('cohort grades', () => {
  const cohort = generateCohort({ seed: 5, learners: 80, weeks: 10, start });

  it('sends the LMS course grade after sessions that solve a new problem, rising, parsed as a non-learner grade event', () => {
    let graded = 0;
    for (const l of cohort.learners) {
      const grades = learnerLines(cohort, l)
        .map(({ line }) => parseTrackingLine(line))
        .filter((r) => r.ok && r.event.name === 'edx.grades.course.grade_calculated')
        .map((r) => (r.ok ? r.event : undefined)!);
      if (l.studyDays.length === 0) assert.equal(grades.length, 0);
      if (grades.length) graded++;
      let previous = 0;
      for (const g of grades) {
        assert.equal(g.user_id, l.userId);
        assert.equal(g.is_learner, 0);
        assert.ok(g.grade_percent! > previous && g.grade_percent! <= 1, `grade ${g.grade_percent} after ${previous}`);
        previous = g.grade_percent!;
      }
    }
    assert.ok(graded > cohort.learners.length * 0.7, `${graded} learners with a grade`);
  });
});

describe('cohort on the demo course', () => {
  it('schedules the demo course (subsections due evenly, the last at the end) and gives its structure for block_schedule', () => {
    const c = generateCohort({ seed: 7, learners: 30, weeks: 10, start, course: demoCourse(), firstUserId: 1000 });
    assert.equal(c.course.courseId, DEMO_COURSE_ID);
    assert.equal(c.course.dues.length, 8);
    assert.equal(c.course.dues.at(-1)!.getTime(), c.course.end.getTime());
    assert.equal(c.course.end.getTime() - start.getTime(), 70 * DAY);
    assert.ok(c.course.dues.every((d, i) => i === 0 || d > c.course.dues[i - 1]!));
    assert.equal(c.learners[0]!.userId, 1000);
    const lines = c.learners.flatMap((l) => learnerLines(c, l));
    assert.ok(lines.some(({ line }) => line.includes(c.course.sequentials[0]!.problems[0]!.usageKey)));
    const blocks = courseBlocks(c.course);
    assert.deepEqual(
      blocks.filter((b) => b.blockType === 'sequential').map((b) => b.blockType === 'sequential' && b.due?.getTime()),
      c.course.dues.map((d) => d.getTime()),
    );
    assert.equal(blocks.filter((b) => b.blockType === 'problem' && b.subsectionKey === c.course.sequentials[2]!.usageKey).length, 3);
  });
});

describe('subsectionReached', () => {
  it('moves a learner on one subsection every three study days, up to the last', () => {
    const c = generateCohort({ seed: 2, learners: 80, weeks: 6, start });
    const l = c.learners.find((x) => x.studyDays.length >= 20)!;
    assert.ok(l, 'a learner with 20 study days');
    assert.equal(subsectionReached(c, l, l.studyDays[0]!), 0);
    assert.equal(subsectionReached(c, l, l.studyDays[3]!), 1);
    assert.equal(subsectionReached(c, l, l.studyDays[7]!), 2);
    assert.equal(subsectionReached(c, l, c.days + 100), Math.min(5, Math.floor(l.studyDays.length / 3)));
  });
});
