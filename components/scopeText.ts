import { formatMessage } from '@/lib/i18n';
import { scopeMessages } from './common.messages';

/** "global", "org DemoX", "course course-v1:…": a scope in words, with its org or course id. */
export function scopeText(scope: string, key?: string | null): string {
  if (scope === 'org') return key ? formatMessage(scopeMessages.orgKey, { key }) : formatMessage(scopeMessages.org);
  if (scope === 'course') return key ? formatMessage(scopeMessages.courseKey, { key }) : formatMessage(scopeMessages.course);
  return formatMessage(scopeMessages.global);
}
