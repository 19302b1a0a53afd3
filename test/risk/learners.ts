import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { enrollmentActivated, problemCheck, sequenceTabSelected, trackingTime } from '../../lib/demo/tracking';
import { actor, insertLines } from '../metrics/lake';

export const AT = new Date('2026-11-30T12:00:00.000Z');
const MINUTE = 60_000;
const DAY = 86_400_000;
/** `at` minus days (fractions allowed). */
export const daysBefore = (days: number, at = AT) => new Date(at.getTime() - days * DAY);

/** Hand-built learners of one course, written as tracking lines through the real parser. */
export class CourseBuilder {
  readonly lines: string[] = [];
  readonly key: string;
  constructor(readonly courseId: string) {
    this.key = courseId.slice('course-v1:'.length);
  }

  problemKey(name: string): string {
    return `block-v1:${this.key}+type@problem+block@${name}`;
  }

  sequentialKey(name: string): string {
    return `block-v1:${this.key}+type@sequential+block@${name}`;
  }

  enroll(user: number, time: Date, mode = 'audit'): this {
    this.lines.push(enrollmentActivated({ actor: actor(user), courseId: this.courseId, time, mode }));
    return this;
  }

  /** One study session from `time`: an event every 4 minutes for `minutes` (time spent = minutes + 1 min tail). */
  session(user: number, time: Date, minutes = 0): this {
    for (let m = 0; m <= minutes; m += 4) {
      const t = new Date(time.getTime() + Math.min(m, minutes) * MINUTE);
      this.lines.push(sequenceTabSelected({ actor: actor(user), courseId: this.courseId, time: t, sequential: this.sequentialKey('s1'), tab: 1, tabCount: 3 }));
      if (m < minutes && m + 4 > minutes) {
        const end = new Date(time.getTime() + minutes * MINUTE);
        this.lines.push(sequenceTabSelected({ actor: actor(user), courseId: this.courseId, time: end, sequential: this.sequentialKey('s1'), tab: 2, tabCount: 3 }));
      }
    }
    return this;
  }

  problem(user: number, time: Date, correct: boolean, problem = 'p1', attempts = 1): this {
    this.lines.push(problemCheck({ actor: actor(user), courseId: this.courseId, time, problem: this.problemKey(problem), problemName: problem, attempts, correct }));
    return this;
  }

  /** An edx.grades.course.grade_calculated event (percent 0–1). */
  grade(user: number, time: Date, percent: number): this {
    this.lines.push(
      JSON.stringify({
        name: 'edx.grades.course.grade_calculated',
        event_type: 'edx.grades.course.grade_calculated',
        event_source: 'server',
        username: '',
        time: trackingTime(time),
        context: { course_id: this.courseId, org_id: this.key.split('+')[0] },
        event: { user_id: String(user), course_id: this.courseId, percent_grade: percent, letter_grade: '' },
        page: null,
      }),
    );
    return this;
  }

  async write(lake: Lake): Promise<void> {
    await insertLines(lake, this.lines);
  }
}

export async function insertCourse(lake: Lake, courseId: string, start: Date | null, end: Date | null): Promise<void> {
  await lake.client.insert({
    table: 'courses',
    values: [{ course_id: courseId, display_name: courseId, org: '', start: start && formatLakeTime(start), end: end && formatLakeTime(end), updated_at: formatLakeTime(new Date()) }],
    format: 'JSONEachRow',
  });
}
