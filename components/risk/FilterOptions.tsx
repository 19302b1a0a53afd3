import { SEVERITIES } from '@/lib/export/atRiskQuery';
import { RULE_NAMES } from '@/lib/risk/types';
import { RULE_LABELS, SEVERITY_LABELS } from './labels';

/** The <option>s of an at-risk rule filter ('' = every rule). */
export function RuleOptions() {
  return (
    <>
      <option value="">all rules</option>
      {RULE_NAMES.map((r) => (
        <option key={r} value={r}>
          {RULE_LABELS[r]}
        </option>
      ))}
    </>
  );
}

/** The <option>s of an at-risk severity filter ('' = both). */
export function SeverityOptions() {
  return (
    <>
      <option value="">red and yellow</option>
      {SEVERITIES.map((s) => (
        <option key={s} value={s}>
          {SEVERITY_LABELS[s]} only
        </option>
      ))}
    </>
  );
}
