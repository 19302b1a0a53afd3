import type { Lake } from '../lake/client';
import { queryRows } from '../lake/query';
import { formatLakeTime, parseLakeTime } from '../lake/time';
import type { Principal } from './principal';

export interface AuditEntry {
  at: string;
  username: string;
  source: string;
  action: string;
  courseId: string;
  detail: string;
}

/** Records an export or admin action (DESIGN §8: exports are audit-logged). */
export async function recordAudit(
  lake: Lake,
  principal: Principal,
  entry: { action: string; courseId?: string; detail?: string },
  now = new Date(),
): Promise<void> {
  await lake.client.insert({
    table: 'audit_log',
    values: [
      {
        at: formatLakeTime(now),
        username: principal.username,
        source: principal.tokenId ? `api-token:${principal.tokenId}` : principal.source,
        action: entry.action,
        course_id: entry.courseId ?? '',
        detail: entry.detail ?? '',
      },
    ],
    format: 'JSONEachRow',
  });
}

export async function recentAudit(lake: Lake, limit = 100): Promise<AuditEntry[]> {
  const rows = await queryRows<{ at: string; username: string; source: string; action: string; course_id: string; detail: string }>(
    lake,
    'SELECT * FROM audit_log ORDER BY at DESC LIMIT {limit:UInt32}',
    { limit },
  );
  return rows.map((r) => ({ ...r, at: parseLakeTime(r.at).toISOString(), courseId: r.course_id }));
}
