'use client';
import { useEffect, useState } from 'react';
import { formatMessage } from '@/lib/i18n';
import type { OrgLearner } from '@/lib/institution/learners';
import { count, percent } from '../dashboard/format';
import styles from '../dashboard/dashboard.module.css';
import { messages as m } from './messages';

const SHOWN = 200;

/** The org's learners (usernames; no PII on screen) with the CSV export for those allowed it. */
export function OrgLearners({ org, canExport, withPii }: { org: string; canExport: boolean; withPii: boolean }) {
  const [state, setState] = useState<{ learners?: OrgLearner[]; error?: string }>({});
  useEffect(() => {
    const abort = new AbortController();
    fetch(`/api/orgs/${encodeURIComponent(org)}/learners`, { signal: abort.signal, headers: { accept: 'application/json' } })
      .then(async (res) => {
        const body = (await res.json()) as { learners?: OrgLearner[]; error?: string; reason?: string };
        if (!res.ok || !body.learners) throw new Error(body.reason ?? body.error ?? String(res.status));
        setState({ learners: body.learners });
      })
      .catch((err: Error) => !abort.signal.aborted && setState({ error: err.message }));
    return () => abort.abort();
  }, [org]);

  const learners = state.learners;
  return (
    <section className={styles.card} data-testid="org-learners" aria-labelledby="org-learners-title">
      <header className={styles.cardHeader}>
        <h2 className={styles.cardTitle} id="org-learners-title">
          {formatMessage(m.learnersTitle, { org })}
        </h2>
        <span className={styles.cardNote}>
          {formatMessage(m.learnersNote)}
          {canExport && (
            <>
              {' · '}
              <a href={`/api/orgs/${encodeURIComponent(org)}/learners.csv`} data-testid="org-learners-csv" download>
                {formatMessage(m.exportCsv)}
              </a>{' '}
              ({formatMessage(withPii ? m.exportPiiNote : m.exportNoPiiNote)})
            </>
          )}
        </span>
      </header>
      {state.error && <p className={styles.warning}>{state.error}</p>}
      {!learners && !state.error && <p className={styles.empty}>{formatMessage(m.learnersLoading)}</p>}
      {learners && learners.length === 0 && <p className={styles.empty}>{formatMessage(m.learnersNone)}</p>}
      {learners && learners.length > 0 && (
        <div className={styles.scroll}>
          {learners.length > SHOWN && <p className={styles.kpiNote}>{formatMessage(m.learnersShown, { shown: SHOWN, total: learners.length })}</p>}
          <table className={styles.table}>
            <thead>
              <tr>
                <th>{formatMessage(m.username)}</th>
                <th>{formatMessage(m.courses)}</th>
                <th>{formatMessage(m.lastActivity)}</th>
                <th className={styles.num}>{formatMessage(m.progress)}</th>
                <th className={styles.num}>{formatMessage(m.risk)}</th>
              </tr>
            </thead>
            <tbody>
              {learners.slice(0, SHOWN).map((l) => (
                <tr key={l.userId} data-testid="org-learner">
                  <td>{l.username || `#${l.userId}`}</td>
                  <td>
                    {l.courses.map((c, i) => (
                      <span key={c.courseId}>
                        {i > 0 && ', '}
                        <a href={`/courses/${encodeURIComponent(c.courseId)}`}>{c.courseId}</a>
                      </span>
                    ))}
                  </td>
                  <td>{l.lastActivity ? l.lastActivity.slice(0, 16).replace('T', ' ') : formatMessage(m.never)}</td>
                  <td className={styles.num}>{percent(l.progress, 0)}</td>
                  <td className={styles.num}>{count(l.atRiskCourses)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
