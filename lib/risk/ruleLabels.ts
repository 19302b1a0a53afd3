import { formatMessage } from '../i18n';
import { ruleNames } from './reasons.messages';
import type { RuleName } from './types';

/** Rule names in words, for the reasons and severities the list shows. */
export const RULE_LABELS: Readonly<Record<RuleName, string>> = Object.fromEntries(
  Object.entries(ruleNames).map(([rule, message]) => [rule, formatMessage(message)]),
) as Record<RuleName, string>;
