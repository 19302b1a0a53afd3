import type { CourseSummary } from '@/lib/courses';
import { orgFromCourseKey } from '@/lib/events/courseKey';
import { formatMessage } from '@/lib/i18n';
import { scopeMessages } from './common.messages';

/**
 * The orgs and courses an admin field can name, as the choices of a searchable input
 * (`<input list={id}>`): typing filters them by id or title, so nobody has to know an id by heart.
 */
export function ScopeKeyList({ id, courses }: { id: string; courses: CourseSummary[] }) {
  const orgs = [...new Set(courses.map((c) => c.org || orgFromCourseKey(c.courseId)))].filter(Boolean);
  return (
    <datalist id={id} data-testid={id}>
      {orgs.map((org) => (
        <option key={`org:${org}`} value={org} label={formatMessage(scopeMessages.orgKey, { key: org })} />
      ))}
      {courses.map((c) => (
        <option key={c.courseId} value={c.courseId} label={c.displayName} />
      ))}
    </datalist>
  );
}
