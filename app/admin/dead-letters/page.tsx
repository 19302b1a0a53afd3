import { ScrollRegion } from '@/components/ScrollRegion';
import Link from 'next/link';
import { formatMessage } from '@/lib/i18n';
import { deadLetterMessages } from '@/components/pages/deadLetters.messages';
import {
  countDeadLetters,
  recentDeadLetters,
  RAW_MAX_CHARS,
  type DeadLetter,
  type DeadLetterCount,
  type DeadLetterFilter,
} from '@/lib/deadLetters';
import { getServices } from '@/lib/services';
import { unresolvedStatements, type UnresolvedStatements } from '@/lib/xapiActors';
import { overlapCounts } from '@/lib/xapiOverlap';
import { pageAccess } from '@/lib/auth/page';
import { SITE_PAGES } from '@/lib/nav/sitePages';
import { AccessDenied } from '@/components/AccessDenied';
import { LocalTime } from '@/components/LocalTime';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const when = (iso: string) => iso.slice(0, 19).replace('T', ' ');

// Admin only: raw refused input may hold PII.
export default async function DeadLettersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await pageAccess(SITE_PAGES.deadLetters.action, {}, SITE_PAGES.deadLetters.href());
  if (!access.allowed) return <AccessDenied reason={access.reason} status={access.status} />;
  const params = await searchParams;
  const filter: DeadLetterFilter = { source: first(params.source), reason: first(params.reason), limit: 100 };
  let counts: DeadLetterCount[] = [];
  let recent: DeadLetter[] = [];
  let waiting: UnresolvedStatements = { statements: 0, actors: 0, oldest: null };
  let overlap = { statements: 0, courses: 0 };
  let error: string | undefined;
  try {
    const lake = getServices().lake;
    [counts, recent, waiting, overlap] = await Promise.all([
      countDeadLetters(lake),
      recentDeadLetters(lake, filter),
      unresolvedStatements(lake),
      overlapCounts(lake),
    ]);
  } catch (err) {
    error = (err as Error).message;
  }
  const filtered = filter.source !== undefined || filter.reason !== undefined;
  const total = counts.reduce((n, c) => n + c.count, 0);

  return (
    <>
      <h1>{formatMessage(deadLetterMessages.title)}</h1>
      <p className="subtitle">
        {formatMessage(deadLetterMessages.subtitle)}
      </p>
      {error ? (
        <div className="panel">
          <p className="error">{formatMessage(deadLetterMessages.lakeError, { error })}</p>
        </div>
      ) : (
        <>
          <div className="panel" data-testid="dead-letter-counts">
            <h2 className="chart-title">
              {formatMessage(deadLetterMessages.bySourceAndReason)}
              {total > 0 ? formatMessage(deadLetterMessages.inAll, { total: total.toLocaleString('en-US') }) : ''}
            </h2>
            {counts.length === 0 ? (
              <p className="empty">{formatMessage(deadLetterMessages.none)}</p>
            ) : (
              <ScrollRegion label={formatMessage(deadLetterMessages.countsRegion)}>
                <table className="list">
                <thead>
                  <tr>
                    <th>{formatMessage(deadLetterMessages.source)}</th>
                    <th>{formatMessage(deadLetterMessages.reason)}</th>
                    <th className="num">{formatMessage(deadLetterMessages.count)}</th>
                    <th>{formatMessage(deadLetterMessages.lastSeen)}</th>
                  </tr>
                </thead>
                <tbody>
                  {counts.map((c) => (
                    <tr key={`${c.source}\u0000${c.reason}`}>
                      <td>{c.source}</td>
                      <td>
                        <Link href={`?${new URLSearchParams({ source: c.source, reason: c.reason })}`}>{c.reason}</Link>
                      </td>
                      <td className="num">{c.count.toLocaleString('en-US')}</td>
                      <td><LocalTime iso={c.lastSeen} precision="second" /></td>
                    </tr>
                  ))}
                </tbody>
                </table>
              </ScrollRegion>
            )}
          </div>

          <div className="panel" style={{ marginTop: '1rem' }} data-testid="xapi-unresolved">
            <h2 className="chart-title">{formatMessage(deadLetterMessages.waitingTitle)}</h2>
            {waiting.statements === 0 ? (
              <p className="empty">{formatMessage(deadLetterMessages.waitingNone)}</p>
            ) : (
              <p>
                {formatMessage(deadLetterMessages.waiting, {
                  statements: waiting.statements.toLocaleString('en-US'),
                  actors: waiting.actors.toLocaleString('en-US'),
                  oldest: when(waiting.oldest!),
                })}
              </p>
            )}
          </div>

          {overlap.statements > 0 && (
            <div className="panel" style={{ marginTop: '1rem' }} data-testid="xapi-overlap">
              <h2 className="chart-title">{formatMessage(deadLetterMessages.overlapTitle)}</h2>
              <p>
                {formatMessage(deadLetterMessages.overlap, { statements: overlap.statements.toLocaleString('en-US'), courses: overlap.courses.toLocaleString('en-US') })}
              </p>
            </div>
          )}

          <div className="panel" style={{ marginTop: '1rem' }} data-testid="dead-letter-recent">
            <h2 className="chart-title">
              {formatMessage(deadLetterMessages.latest)} {filtered ? `(${[filter.source, filter.reason].filter(Boolean).join(' · ')})` : ''}
            </h2>
            {filtered && (
              <p className="subtitle">
                <Link href="?">{formatMessage(deadLetterMessages.showAll)}</Link>
              </p>
            )}
            {recent.length === 0 ? (
              <p className="empty">{formatMessage(filtered ? deadLetterMessages.noMatch : deadLetterMessages.nothing)}</p>
            ) : (
              <ScrollRegion label={formatMessage(deadLetterMessages.recentRegion)}>
                <table className="list">
                <thead>
                  <tr>
                    <th>{formatMessage(deadLetterMessages.received)}</th>
                    <th>{formatMessage(deadLetterMessages.source)}</th>
                    <th>{formatMessage(deadLetterMessages.reason)}</th>
                    <th>{formatMessage(deadLetterMessages.raw)}</th>
                  </tr>
                </thead>
                <tbody>
                  {recent.map((d, i) => (
                    <tr key={`${d.receivedAt}-${i}`}>
                      <td><LocalTime iso={d.receivedAt} precision="second" /></td>
                      <td>{d.source}</td>
                      <td>{d.reason}</td>
                      <td>
                        <details>
                          <summary className="kpi-note">
                            {d.raw.slice(0, 80) || formatMessage(deadLetterMessages.empty)}
                            {d.raw.length > 80 ? '…' : ''}
                          </summary>
                          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxWidth: '60ch' }}>{d.raw}</pre>
                          {d.truncated && <p className="kpi-note">{formatMessage(deadLetterMessages.cut, { chars: RAW_MAX_CHARS.toLocaleString('en-US') })}</p>}
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
                </table>
              </ScrollRegion>
            )}
          </div>
        </>
      )}
    </>
  );
}
