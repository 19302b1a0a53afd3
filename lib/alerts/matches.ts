import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import type { Match } from './kinds';

export interface NewMatch extends Match {
  ruleId: string;
  courseId: string;
}

/**
 * Compares a rule's matches on a course with what the lake remembers (alert_matches) and keeps
 * it up to date: a match not matching before is new (returned, with the stored `since` that
 * names it from now on); one matching before and not now is closed, so a later match is new
 * again. Kept in the lake, so a restart does not make old matches new.
 */
export async function newMatches(lake: Lake, ruleId: string, courseId: string, now: Date, current: readonly Match[]): Promise<{ fresh: NewMatch[]; commit(): Promise<void> }> {
  const rows = await queryRows<{ subject: string; matched: number }>(
    lake,
    `SELECT subject, matched FROM alert_matches FINAL WHERE rule_id = {ruleId:String} AND course_id = {courseId:String}`,
    { ruleId, courseId },
  );
  const before = new Set(rows.filter((r) => Number(r.matched) === 1).map((r) => Number(r.subject)));
  const updated = formatLakeTime(now);
  const version = now.getTime();
  const fresh = current.filter((m) => !before.has(m.subject));
  const nowSubjects = new Set(current.map((m) => m.subject));
  const writes = [
    ...fresh.map((m) => ({ rule_id: ruleId, course_id: courseId, subject: m.subject, matched: 1, since: formatLakeTime(m.since), updated_at: updated, version })),
    ...[...before].filter((s) => !nowSubjects.has(s)).map((s) => ({ rule_id: ruleId, course_id: courseId, subject: s, matched: 0, since: updated, updated_at: updated, version })),
  ];
  return {
    fresh: fresh.map((m) => ({ ...m, since: parseLakeTime(formatLakeTime(m.since)), ruleId, courseId })),
    // Called once the alerts of the new matches are stored: a crash before it detects them again.
    commit: async () => {
      if (writes.length) await lake.client.insert({ table: 'alert_matches', values: writes, format: 'JSONEachRow' });
    },
  };
}
