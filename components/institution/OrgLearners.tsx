'use client';
import { useEffect, useState } from 'react';
import { formatMessage } from '@/lib/i18n';
import type { OrgLearner } from '@/lib/institution/learners';
import { count, percent } from '../dashboard/format';
import styles from '../dashboard/dashboard.module.css';
import { definitionLabels } from '../dashboard/definitions.messages';
import { definitions as d, messages as m } from './institution.messages';
import { FigureTable } from './FigureTable';
import { LocalTime } from '../LocalTime';

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
        <span className={styles.cardNote}>{formatMessage(m.learnersNote)}</span>
      </header>
      <details className={styles.definition} data-testid="definition-org-learners">
        <summary>{formatMessage(definitionLabels.summary)}</summary>
        <p>{formatMessage(d.learners)}</p>
      </details>
      {canExport && (
        // In a paragraph, so the link is underlined as every link in running text (not told apart by colour alone).
        <p className={styles.kpiNote}>
          <a href={`/api/orgs/${encodeURIComponent(org)}/learners.csv`} data-testid="org-learners-csv" download>
            {formatMessage(m.exportCsv)}
          </a>{' '}
          ({formatMessage(withPii ? m.exportPiiNote : m.exportNoPiiNote)})
        </p>
      )}
      {state.error && <p className={styles.warning}>{state.error}</p>}
      {!learners && !state.error && <p className={styles.empty}>{formatMessage(m.learnersLoading)}</p>}
      {learners && learners.length === 0 && <p className={styles.empty}>{formatMessage(m.learnersNone)}</p>}
      {learners && learners.length > 0 && (
        <>
          {learners.length > SHOWN && <p className={styles.kpiNote}>{formatMessage(m.learnersShown, { shown: SHOWN, total: learners.length })}</p>}
          <FigureTable
            label={formatMessage(m.learnersTitle, { org })}
            rows={learners.slice(0, SHOWN)}
            rowKey={(l) => String(l.userId)}
            rowProps={() => ({ 'data-testid': 'org-learner' })}
            columns={[
              { key: 'username', header: formatMessage(m.username), cell: (l) => l.username || `#${l.userId}` },
              {
                key: 'courses',
                header: formatMessage(m.courses),
                cell: (l) =>
                  l.courses.map((c, i) => (
                    <span key={c.courseId}>
                      {i > 0 && ', '}
                      <a href={`/courses/${encodeURIComponent(c.courseId)}`}>{c.courseId}</a>
                    </span>
                  )),
              },
              { key: 'last', header: formatMessage(m.lastActivity), cell: (l) => (l.lastActivity ? <LocalTime iso={l.lastActivity} /> : formatMessage(m.never)) },
              { key: 'progress', header: formatMessage(m.progress), num: true, testId: 'org-learner-progress', cell: (l) => percent(l.progress, 0) },
              { key: 'grade', header: formatMessage(m.grade), num: true, testId: 'org-learner-grade', cell: (l) => percent(l.grade, 0) },
              { key: 'risk', header: formatMessage(m.risk), num: true, cell: (l) => count(l.atRiskCourses) },
            ]}
          />
        </>
      )}
    </section>
  );
}
