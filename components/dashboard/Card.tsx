import type { ReactNode } from 'react';
import { formatMessage, type MessageDescriptor } from '@/lib/i18n';
import { definitionLabels, definitions } from './definitions.messages';
import { messages } from './Card.messages';
import styles from './dashboard.module.css';

export type CardSpan = 4 | 5 | 7 | 8 | 12;

const SPANS: Record<CardSpan, string | undefined> = {
  4: styles.span4,
  5: styles.span5,
  7: styles.span7,
  8: styles.span8,
  12: styles.span12,
};

/**
 * One dashboard widget: a skeleton while it loads, the widget's own sentence about
 * what is missing when it has nothing to show, else its content; and, under its title, what it
 * counts (its definition, by card id: definitions.messages.ts, the same as README's).
 */
export function Card(props: {
  id: string;
  title: string;
  note?: ReactNode;
  span: CardSpan;
  loading: boolean;
  missing?: string;
  /** What the card counts, when it is not the course page's card of that id (the platform and org pages). */
  definition?: MessageDescriptor;
  children?: ReactNode;
}) {
  const state = props.loading ? 'loading' : props.missing ? 'missing' : 'ready';
  const definition = props.definition ?? (definitions as Record<string, (typeof definitions)[keyof typeof definitions] | undefined>)[props.id];
  return (
    <section
      className={`${styles.card} ${SPANS[props.span] ?? ''}`}
      data-testid={`widget-${props.id}`}
      data-state={state}
      aria-busy={props.loading}
      aria-labelledby={`widget-${props.id}-title`}
    >
      <header className={styles.cardHeader}>
        <h2 className={styles.cardTitle} id={`widget-${props.id}-title`}>
          {props.title}
        </h2>
        {props.note && <span className={styles.cardNote}>{props.note}</span>}
      </header>
      {definition && (
        <details className={styles.definition} data-testid={`definition-${props.id}`}>
          <summary>{formatMessage(definitionLabels.summary)}</summary>
          <p>{formatMessage(definition)}</p>
        </details>
      )}
      {state === 'loading' ? (
        <Skeleton />
      ) : state === 'missing' ? (
        <p className={styles.empty} data-testid={`missing-${props.id}`}>
          {props.missing}
        </p>
      ) : (
        props.children
      )}
    </section>
  );
}

export function Skeleton() {
  return (
    <div className={styles.skeleton} role="status" aria-label={formatMessage(messages.loading)}>
      <div className={styles.skeletonLine} style={{ width: '40%' }} />
      <div className={styles.skeletonBlock} />
      <div className={styles.skeletonLine} style={{ width: '70%' }} />
    </div>
  );
}

export function Kpi(props: { label: string; value: ReactNode; note?: ReactNode; testId?: string; big?: boolean }) {
  return (
    <div className={props.big ? undefined : styles.kpi}>
      <div className={styles.kpiLabel}>{props.label}</div>
      <div className={props.big ? styles.kpiBig : styles.kpiValue} data-testid={props.testId}>
        {props.value}
      </div>
      {props.note && <div className={styles.kpiNote}>{props.note}</div>}
    </div>
  );
}

/**
 * A chart, named for assistive technology (its SVG is one image), with its figures as a table
 * behind "Show as table": the table is the chart's text alternative and what a phone reads best.
 */
export function Chart({
  name,
  table,
  boxClassName,
  box,
  children,
}: {
  name: string;
  table?: ReactNode;
  boxClassName: string | undefined;
  /** data-* attributes of the chart's box (tests read them). */
  box?: Record<`data-${string}`, string | number | undefined>;
  children: ReactNode;
}) {
  return (
    <figure className={styles.figure}>
      <div role="img" aria-label={name} className={boxClassName} {...box}>
        {children}
      </div>
      {table && (
        <details className={styles.definition}>
          <summary>{formatMessage(messages.showTable)}</summary>
          <div className={styles.scroll} tabIndex={0} role="region" aria-label={name}>
            {table}
          </div>
        </details>
      )}
    </figure>
  );
}

/** A number with a proportional bar, for tables. */
export function BarCell({ value, max, label }: { value: number; max: number; label: string }) {
  const width = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <span className={styles.barCell}>
      <span>{label}</span>
      <span className={styles.barTrack} aria-hidden>
        <span className={styles.bar} style={{ width: `${width}%` }} />
      </span>
    </span>
  );
}
