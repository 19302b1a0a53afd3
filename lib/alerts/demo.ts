import type { Lake } from '../lake/client';
import { listRules, saveRule } from './rules';

/**
 * The demo's alert rule, so its outbox (/notifications, /admin/alerts) fills without any setup:
 * learners newly red in any course, to course staff, as it happens. Only when no rule exists yet.
 */
export async function seedDemoAlertRule(lake: Lake): Promise<void> {
  if ((await listRules(lake)).length > 0) return;
  await saveRule(lake, { scope: 'global', key: '', spec: { kind: 'newlyRed', schedule: 'immediate' }, actor: 'demo seed' });
}
