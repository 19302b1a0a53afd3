import { DEFAULT_QUERY, parseAtRiskQuery } from '@/lib/export/atRiskQuery';
import { getServices } from '@/lib/services';
import { AtRiskList } from '@/components/risk/AtRiskList';
import { searchQuery, type SearchParams } from '@/components/learners/LearnerListView';
import { DrillProvider } from '@/components/dashboard/drill';
import { AccessDenied } from '@/components/AccessDenied';
import { EmbedFrame } from '@/components/EmbedFrame';
import { knownCourse } from '@/components/course/coursePage';
import { messages } from '@/components/course/coursePage.messages';
import { pageAccess } from '@/lib/auth/page';
import { coursePath, EMBED_BASE } from '@/lib/embed/paths';
import { formatMessage } from '@/lib/i18n';

export const dynamic = 'force-dynamic';

/** The course's whole at-risk list inside the LMS tab ("see them all" from the embedded dashboard). */
export default async function EmbeddedAtRiskPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<SearchParams> }) {
  const courseId = decodeURIComponent((await params).courseId);
  const { config } = getServices();
  const access = await pageAccess('course:view', { courseId }, null);
  const embed = { lmsUrl: config.auth.lmsUrl, parentOrigins: config.auth.embedOrigins };
  if (!access.allowed) {
    return (
      <EmbedFrame {...embed} signedIn={access.status !== 401}>
        <AccessDenied reason={access.reason} status={access.status} />
      </EmbedFrame>
    );
  }
  const parsed = parseAtRiskQuery(searchQuery(await searchParams));
  const { displayName } = await knownCourse(courseId);
  return (
    <EmbedFrame {...embed} signedIn>
      <h1>{formatMessage(messages.atRiskTitle, { course: displayName })}</h1>
      <p className="subtitle">
        <a href={coursePath(EMBED_BASE, courseId)}>{formatMessage(messages.backToDashboard)}</a> · {formatMessage(messages.atRiskSubtitle)}
      </p>
      {!parsed.ok && <p className="error">{formatMessage(messages.filterIgnored, { errors: parsed.errors.join('; ') })}</p>}
      <DrillProvider courseId={courseId} range={{ from: '', to: '' }}>
        <AtRiskList courseId={courseId} initialQuery={parsed.ok ? parsed.value : DEFAULT_QUERY} syncUrl />
      </DrillProvider>
    </EmbedFrame>
  );
}
