import { ScrollRegion } from '@/components/ScrollRegion';
import Link from 'next/link';
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
import { AccessDenied } from '@/components/AccessDenied';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const when = (iso: string) => iso.slice(0, 19).replace('T', ' ');

// Admin only: raw refused input may hold PII.
export default async function DeadLettersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const access = await pageAccess('admin', {}, '/admin/dead-letters');
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
      <h1>Dead letters</h1>
      <p className="subtitle">
        Tracking-log lines and xAPI statements that ingest refused, with the reason. Reasons are grouped without their
        variable detail (the text after the first colon, numbers).
      </p>
      {error ? (
        <div className="panel">
          <p className="error">Could not read the lake: {error}</p>
        </div>
      ) : (
        <>
          <div className="panel" data-testid="dead-letter-counts">
            <h2 className="chart-title">By source and reason{total > 0 ? ` (${total.toLocaleString('en-US')} in all)` : ''}</h2>
            {counts.length === 0 ? (
              <p className="empty">No dead letters: everything sent so far was accepted.</p>
            ) : (
              <ScrollRegion label="Rejected lines by source and reason">
                <table className="list">
                <thead>
                  <tr>
                    <th>Source</th>
                    <th>Reason</th>
                    <th className="num">Count</th>
                    <th>Last seen (UTC)</th>
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
                      <td>{when(c.lastSeen)}</td>
                    </tr>
                  ))}
                </tbody>
                </table>
              </ScrollRegion>
            )}
          </div>

          <div className="panel" style={{ marginTop: '1rem' }} data-testid="xapi-unresolved">
            <h2 className="chart-title">xAPI statements waiting for their learner</h2>
            {waiting.statements === 0 ? (
              <p className="empty">None: every stored statement's actor is a known learner.</p>
            ) : (
              <p>
                <strong>{waiting.statements.toLocaleString('en-US')}</strong> statements of{' '}
                <strong>{waiting.actors.toLocaleString('en-US')}</strong> actors not (yet) known to the LMS sync, the oldest
                received {when(waiting.oldest!)} UTC. They count in no learner metric until the sync brings their actor
                (external id or email), then count from their own time; actors still unknown after a day likely never
                will be (another platform's learners, or an actor type the LMS does not hold).
              </p>
            )}
          </div>

          {overlap.statements > 0 && (
            <div className="panel" style={{ marginTop: '1rem' }} data-testid="xapi-overlap">
              <h2 className="chart-title">xAPI statements counted by tracking logs instead</h2>
              <p>
                <strong>{overlap.statements.toLocaleString('en-US')}</strong> statements of{' '}
                <strong>{overlap.courses.toLocaleString('en-US')}</strong> courses were stored but not counted: Lookout also
                receives those courses&apos; tracking logs, which count each action once. Stop one of the two feeds to
                silence this.
              </p>
            </div>
          )}

          <div className="panel" style={{ marginTop: '1rem' }} data-testid="dead-letter-recent">
            <h2 className="chart-title">
              Latest {filtered ? `(${[filter.source, filter.reason].filter(Boolean).join(' · ')})` : ''}
            </h2>
            {filtered && (
              <p className="subtitle">
                <Link href="?">Show all</Link>
              </p>
            )}
            {recent.length === 0 ? (
              <p className="empty">{filtered ? 'None match this filter.' : 'Nothing refused yet.'}</p>
            ) : (
              <ScrollRegion label="Rejected lines">
                <table className="list">
                <thead>
                  <tr>
                    <th>Received (UTC)</th>
                    <th>Source</th>
                    <th>Reason</th>
                    <th>Raw</th>
                  </tr>
                </thead>
                <tbody>
                  {recent.map((d, i) => (
                    <tr key={`${d.receivedAt}-${i}`}>
                      <td>{when(d.receivedAt)}</td>
                      <td>{d.source}</td>
                      <td>{d.reason}</td>
                      <td>
                        <details>
                          <summary className="kpi-note">
                            {d.raw.slice(0, 80) || '(empty)'}
                            {d.raw.length > 80 ? '…' : ''}
                          </summary>
                          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxWidth: '60ch' }}>{d.raw}</pre>
                          {d.truncated && <p className="kpi-note">Cut at {RAW_MAX_CHARS.toLocaleString('en-US')} characters.</p>}
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
