'use client';
import type { CountByValue, DemographicsWidget } from '@/lib/metrics/dashboardTypes';
import { Card } from '../Card';
import { TableCsv } from '../drill';
import { drillMessages } from '../drill.messages';
import { count, shareOf } from '../format';
import { formatMessage } from '@/lib/i18n';
import { messages } from './cards.messages';
import styles from '../dashboard.module.css';

let regionNames: Intl.DisplayNames | undefined;
function countryName(code: string): string {
  try {
    regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regionNames.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The API sends gender and education as words (lib/metrics/demographics.ts), countries as ISO codes. */
function labelOf(field: Field, value: string): string {
  if (value === '' || value === 'unknown') return formatMessage(messages.notGiven);
  if (field === 'country') return /^[A-Za-z]{2}$/.test(value) ? countryName(value) : value;
  return value;
}

type Field = 'gender' | 'levelOfEducation' | 'ageBand' | 'country';
const FIELDS: { field: Field; title: (typeof messages)[keyof typeof messages]; top: number }[] = [
  { field: 'gender', title: messages.gender, top: 6 },
  { field: 'ageBand', title: messages.age, top: 8 },
  { field: 'levelOfEducation', title: messages.education, top: 8 },
  { field: 'country', title: messages.country, top: 8 },
];

function topValues(rows: CountByValue[], top: number): CountByValue[] {
  const sorted = [...rows].sort((a, b) => b.learners - a.learners);
  if (sorted.length <= top + 1) return sorted;
  const rest = sorted.slice(top).reduce((sum, r) => sum + r.learners, 0);
  return [...sorted.slice(0, top), { value: formatMessage(messages.otherValues, { count: sorted.length - top }), learners: rest }];
}

export function DemographicsCard({ demographics }: { demographics?: DemographicsWidget }) {
  const d = demographics;
  const missing = d?.missing ?? (d && d.learners === 0 ? formatMessage(messages.whoNone) : undefined);
  return (
    <Card
      id="demographics"
      title={formatMessage(messages.whoTitle)}
      note={d && !missing ? formatMessage(messages.whoNote, { count: count(d.learners) }) : undefined}
      span={12}
      loading={!d}
      missing={missing}
    >
      {d && (
        <TableCsv
          name="who-is-enrolled"
          what={formatMessage(drillMessages.whoIsEnrolled)}
          header={['field', 'value', 'learners']}
          rows={FIELDS.flatMap(({ field }) => d[field].map((r) => [field, r.value, r.learners]))}
        />
      )}
      {d && (
        <div className={styles.demoGrid}>
          {FIELDS.map(({ field, title, top }) => {
            const rows = field === 'ageBand' ? d[field] : topValues(d[field], top);
            const max = Math.max(1, ...rows.map((r) => r.learners));
            return (
              <div key={field} data-testid={`demographics-${field}`}>
                <h3 className={styles.demoTitle}>{formatMessage(title)}</h3>
                {rows.length === 0 ? (
                  <div className={styles.kpiNote}>{formatMessage(messages.nobody)}</div>
                ) : (
                  rows.map((r) => (
                    <div className={styles.demoRow} key={r.value}>
                      <span className={styles.truncate} title={r.value}>
                        {/^\d+ other values$/.test(r.value) ? r.value : labelOf(field, r.value)}
                      </span>
                      <span className={styles.barTrack} aria-hidden>
                        <span className={styles.bar} style={{ width: `${(r.learners / max) * 100}%` }} />
                      </span>
                      <span>
                        {count(r.learners)} · {shareOf(r.learners, d.learners)}
                      </span>
                    </div>
                  ))
                )}
              </div>
            );
          })}
        </div>
      )}
    </Card>
  );
}
