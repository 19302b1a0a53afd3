import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openLake } from '../../lib/lake/client';
import { loadMigrations, migrate } from '../../lib/lake/migrate';
import { queryRows } from '../../lib/lake/query';
import { testDataDir } from '../helpers';
import { insertLines } from '../metrics/lake';
import { CourseBuilder, daysBefore } from './learners';

describe('learner_days (migration 041): study activity per learner and day, enrolling left out', () => {
  it('derives the rows of events already there, then follows new events', async () => {
    const lake = await openLake({ dataDir: testDataDir(), database: 'lookout_learner_days_test' });
    await migrate(lake, loadMigrations().filter((m) => m.version < 41));
    const c = new CourseBuilder('course-v1:RiskD+Days+1');
    c.enroll(1, daysBefore(3.1)).session(1, daysBefore(3), 8).problem(1, daysBefore(3), false).problem(1, daysBefore(3), true);
    c.enroll(2, daysBefore(3)); // enrolled only
    await c.write(lake);
    await migrate(lake);

    await insertLines(lake, new CourseBuilder(c.courseId).session(1, daysBefore(1)).enroll(3, daysBefore(1)).lines);
    const rows = await queryRows<{ user_id: string; day: string; events: string; problem_checks: string; problem_checks_correct: string; first_time: string }>(
      lake,
      `SELECT user_id, day, sum(events) AS events, sum(problem_checks) AS problem_checks, sum(problem_checks_correct) AS problem_checks_correct, min(first_time) AS first_time
       FROM learner_days WHERE course_id = {courseId:String} GROUP BY user_id, day ORDER BY user_id, day`,
      { courseId: c.courseId },
    );
    assert.deepEqual(
      rows.map((r) => [Number(r.user_id), r.day, Number(r.events), Number(r.problem_checks), Number(r.problem_checks_correct)]),
      [
        [1, daysBefore(3).toISOString().slice(0, 10), 5, 2, 1], // 3 tab selections (0, 4, 8 min) + 2 problem checks; not the enrollment
        [1, daysBefore(1).toISOString().slice(0, 10), 1, 0, 0],
      ],
    );
    // the enrollment the same morning is not the first activity
    assert.equal(rows[0]!.first_time.slice(0, 19), daysBefore(3).toISOString().slice(0, 19).replace('T', ' '));
  });
});
