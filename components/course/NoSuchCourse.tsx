import { formatMessage } from '@/lib/i18n';
import { messages } from './NoSuchCourse.messages';

/** What an unknown course id shows (with a 404), instead of a live dashboard of zeros. */
export function NoSuchCourse({ homeHref }: { homeHref?: string }) {
  return (
    <div className="panel" data-testid="no-such-course">
      <h1>{formatMessage(messages.title)}</h1>
      <p>{formatMessage(messages.explanation)}</p>
      {homeHref && (
        <p>
          <a href={homeHref}>{formatMessage(messages.backToCourses)}</a>
        </p>
      )}
    </div>
  );
}
