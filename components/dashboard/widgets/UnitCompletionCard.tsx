'use client';
import { Fragment } from 'react';
import type { UnitCompletionWidget } from '@/lib/metrics/dashboardTypes';
import { BarCell, Card } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import { drillMessages } from '../drill.messages';
import { count, shareOf } from '../format';
import { formatMessage } from '@/lib/i18n';
import { messages } from './cards.messages';
import styles from '../dashboard.module.css';

/** Learners who completed each unit, in course order, grouped under section › subsection. */
export function UnitCompletionCard({ completion }: { completion?: UnitCompletionWidget }) {
  const c = completion;
  const units = c?.units ?? [];
  const missing = c?.missing ?? (c && units.length === 0 ? formatMessage(messages.progressNone) : undefined);
  return (
    <Card
      id="progress"
      title={formatMessage(messages.progressTitle)}
      note={c && !missing ? formatMessage(messages.progressNote, { enrolled: count(c.enrolled) }) : undefined}
      span={7}
      loading={!c}
      missing={missing}
    >
      {c && (
        <div className={styles.scroll} role="region" aria-label={formatMessage(messages.progressRegion)} tabIndex={0}>
          <TableCsv
            name="course-progress"
            what={formatMessage(drillMessages.courseProgress)}
            header={['section', 'subsection', 'unit', 'block_id', 'learners_completed', 'enrolled']}
            rows={units.map((u) => [u.section, u.subsection, u.name, u.blockId, u.learnersCompleted, c.enrolled])}
          />
          <table className={styles.table} data-testid="progress-table">
            <thead>
              <tr>
                <th>{formatMessage(messages.unit)}</th>
                <th className={styles.num}>{formatMessage(messages.completedBy)}</th>
                <th className={styles.num}>{formatMessage(messages.shareOfEnrolled)}</th>
              </tr>
            </thead>
            <tbody>
              {units.map((u, i) => {
                const prev = units[i - 1];
                const newGroup = !prev || prev.section !== u.section || prev.subsection !== u.subsection;
                return (
                  <Fragment key={u.blockId}>
                    {newGroup && (
                      <tr className={styles.groupRow}>
                        <td colSpan={3}>
                          {u.section || formatMessage(messages.unnamedSection)} › {u.subsection || formatMessage(messages.unnamedSubsection)}
                        </td>
                      </tr>
                    )}
                    <tr data-testid="progress-unit" data-block-id={u.blockId}>
                      <td title={u.blockId}>{u.name || u.blockId}</td>
                      <td className={styles.num}>
                        <LearnersLink metric="unit" item={u.blockId} label={u.name || u.blockId} count={u.learnersCompleted} what={formatMessage(drillMessages.completedUnit, { unit: u.name || u.blockId })}>
                          <BarCell value={u.learnersCompleted} max={c.enrolled} label={formatMessage(messages.nLearners, { count: u.learnersCompleted })} />
                        </LearnersLink>
                      </td>
                      <td className={styles.num}>{shareOf(u.learnersCompleted, c.enrolled)}</td>
                    </tr>
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
