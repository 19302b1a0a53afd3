'use client';
import { Fragment } from 'react';
import type { UnitCompletionWidget } from '@/lib/metrics/dashboardTypes';
import { BarCell, Card } from '../Card';
import { LearnersLink, TableCsv } from '../drill';
import { count, shareOf } from '../format';
import styles from '../dashboard.module.css';

/** Learners who completed each unit, in course order, grouped under section › subsection. */
export function UnitCompletionCard({ completion }: { completion?: UnitCompletionWidget }) {
  const c = completion;
  const units = c?.units ?? [];
  const missing = c?.missing ?? (c && units.length === 0 ? 'The course structure has no units yet.' : undefined);
  return (
    <Card
      id="progress"
      title="Course progress"
      note={c && !missing ? `of ${count(c.enrolled)} enrolled learners` : undefined}
      span={7}
      loading={!c}
      missing={missing}
    >
      {c && (
        <div className={styles.scroll}>
          <TableCsv
            name="course-progress"
            what="course progress"
            header={['section', 'subsection', 'unit', 'block_id', 'learners_completed', 'enrolled']}
            rows={units.map((u) => [u.section, u.subsection, u.name, u.blockId, u.learnersCompleted, c.enrolled])}
          />
          <table className={styles.table} data-testid="progress-table">
            <thead>
              <tr>
                <th>Unit</th>
                <th className={styles.num}>Completed by</th>
                <th className={styles.num}>Share of enrolled</th>
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
                          {u.section || 'Section without a name'} › {u.subsection || 'Subsection without a name'}
                        </td>
                      </tr>
                    )}
                    <tr data-testid="progress-unit" data-block-id={u.blockId}>
                      <td title={u.blockId}>{u.name || u.blockId}</td>
                      <td className={styles.num}>
                        <LearnersLink metric="unit" item={u.blockId} label={u.name || u.blockId} count={u.learnersCompleted} what={`completed ${u.name || u.blockId}`}>
                          <BarCell value={u.learnersCompleted} max={c.enrolled} label={`${count(u.learnersCompleted)} learners`} />
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
