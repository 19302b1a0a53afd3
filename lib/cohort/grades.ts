import { trackingTime } from '../demo/tracking';

/**
 * edx.grades.course.grade_calculated as the LMS's grading task writes it after a graded
 * submission (shape of the real sample in test/fixtures: no username or session, the learner
 * in event.user_id as a string, event_source server). Not a learner event.
 */
export function courseGradeCalculated(o: { userId: number; courseId: string; time: Date; percent: number; transactionId: string }): string {
  const org = o.courseId.replace(/^course-v1:/, '').split('+')[0] ?? '';
  return JSON.stringify({
    name: 'edx.grades.course.grade_calculated',
    context: { course_id: o.courseId, org_id: org, enterprise_uuid: '' },
    username: '',
    session: '',
    ip: '',
    agent: '',
    host: '',
    referer: '',
    accept_language: '',
    event: {
      user_id: String(o.userId),
      course_id: o.courseId,
      percent_grade: Math.round(o.percent * 100) / 100,
      letter_grade: '',
      event_transaction_id: o.transactionId,
      event_transaction_type: 'edx.grades.problem.submitted',
    },
    time: trackingTime(o.time),
    event_type: 'edx.grades.course.grade_calculated',
    event_source: 'server',
    page: null,
  });
}
