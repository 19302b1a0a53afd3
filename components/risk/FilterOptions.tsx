import { SEVERITIES } from '@/lib/export/atRiskQuery';
import { RULE_NAMES } from '@/lib/risk/types';
import { formatMessage } from '@/lib/i18n';
import { RULE_LABELS, SEVERITY_LABELS } from './labels';
import { filterMessages as m } from './labels.messages';

/** The <option>s of an at-risk rule filter ('' = every rule). */
export function RuleOptions() {
  return (
    <>
      <option value="">{formatMessage(m.allRules)}</option>
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
      <option value="">{formatMessage(m.bothSeverities)}</option>
      {SEVERITIES.map((s) => (
        <option key={s} value={s}>
          {formatMessage(m.severityOnly, { severity: SEVERITY_LABELS[s] })}
        </option>
      ))}
    </>
  );
}
