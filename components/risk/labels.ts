import type { RuleName, Severity, ThresholdSource } from '@/lib/risk/types';
import type { SortKey } from '@/lib/export/atRiskQuery';
import { formatMessage, type MessageDescriptor } from '@/lib/i18n';
import { ruleMessages, severityMessages, sortMessages, sourceMessages } from './labels.messages';

/** Each message of a set, in the default locale, by key. */
function labels<K extends string>(set: Record<K, MessageDescriptor>): Record<K, string> {
  return Object.fromEntries(Object.entries<MessageDescriptor>(set).map(([k, m]) => [k, formatMessage(m)])) as Record<K, string>;
}

export const RULE_LABELS: Record<RuleName, string> = labels(ruleMessages);
export const SEVERITY_LABELS: Record<Severity, string> = labels(severityMessages);
export const SORT_LABELS: Record<SortKey, string> = labels(sortMessages);
export const SOURCE_LABELS: Record<ThresholdSource, string> = labels(sourceMessages);

export function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`;
}
