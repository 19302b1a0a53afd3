import Link from 'next/link';
import { getServices } from '@/lib/services';
import { authorize } from '@/lib/auth/authorize';
import type { Principal } from '@/lib/auth/principal';
import { formatMessage } from '@/lib/i18n';
import { coursePath } from '@/lib/embed/paths';
import { findLearner, learnerProfile } from '@/lib/metrics/learnerProfile';
import { knownCourse } from '@/components/course/coursePage';
import { learnerPii } from '@/lib/export/atRiskCsv';
import { recordExport } from '@/lib/export/audit';
import { percent, RULE_LABELS, SEVERITY_LABELS } from '@/components/risk/labels';
import { LocalTime } from '@/components/LocalTime';
import { clock } from '@/components/dashboard/format';
import { learnerPageMessages as m } from './LearnerProfileView.messages';

/**
 * One learner of a course: activity, grades, units, videos, problems and the early warning's view,
 * for a person already let in. `base`: '' on the site, EMBED_BASE inside the LMS tab.
 */
export async function LearnerProfileView({ courseId, user, principal, base }: { courseId: string; user: string; principal: Principal; base: string }) {
  const { config, lake } = getServices();
  const may = (action: 'course:pii' | 'course:export') => authorize(principal, action, { courseId, piiRoles: config.auth.piiRoles }).allowed;
  const [{ displayName: course }, learner] = await Promise.all([knownCourse(courseId), findLearner(lake, courseId, user)]);
  if (!learner) {
    return (
      <div className="panel" data-testid="learner-not-found">
        <p className="error">{formatMessage(m.notFound, { user })}</p>
        <Link href={coursePath(base, courseId)}>{course}</Link>
      </div>
    );
  }
  const profile = await learnerProfile(lake, courseId, learner);
  // Name and email as exports give them, and recorded as an export.
  const withPii = may('course:pii') && may('course:export');
  const person = withPii ? (await learnerPii(lake, [learner.userId])).get(learner.userId) : undefined;
  if (person) {
    await recordExport(lake, { actor: principal.username, kind: 'api', courseId, courseIds: [courseId], filter: { learner: learner.username }, rows: 1, pii: true });
  }
  const done = profile.units.filter((u) => u.completed).length;
  const maxEvents = Math.max(1, ...profile.days.map((d) => d.events));

  return (
    <div className="stack" data-testid="learner-page">
      <div>
        <h1>{formatMessage(m.title, { username: profile.username, course })}</h1>
        <p className="subtitle">
          <Link href={coursePath(base, courseId)}>{courseId}</Link>
          {person && <> · {formatMessage(m.email, { name: person.name, email: person.email })}</>}
        </p>
        <p data-testid="learner-last-activity">
          {formatMessage(m.lastActivity)}: <strong>{profile.lastActivity ? <LocalTime iso={profile.lastActivity} /> : formatMessage(m.never)}</strong>
        </p>
      </div>

      <section className="panel" data-testid="learner-risk">
        <h2 className="chart-title">{formatMessage(m.risk)}</h2>
        {profile.risk ? (
          <>
            <p>
              <span className={`sev ${profile.risk.severity}`}>{SEVERITY_LABELS[profile.risk.severity]}</span>{' '}
              {formatMessage(m.riskScore, { score: percent(profile.risk.score), rank: profile.risk.rank, severity: profile.risk.severityReason })}{' '}
              {formatMessage(m.firstFlagged)} <LocalTime iso={profile.risk.firstFlaggedAt} />
            </p>
            <ul className="reasons">
              {profile.risk.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
              {profile.risk.flags.map((f) => (
                <li key={f.rule}>
                  <b>{RULE_LABELS[f.rule]}</b> ({f.severity}): {f.reason}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="kpi-note">{profile.riskNote}</p>
        )}
      </section>

      <section className="panel" data-testid="learner-activity">
        <h2 className="chart-title">{formatMessage(m.activity)}</h2>
        {profile.days.length === 0 ? (
          <p className="empty">{formatMessage(m.noActivity)}</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label={formatMessage(m.activity)}>
            <table className="list">
              <thead>
                <tr>
                  <th>{formatMessage(m.colDay)}</th>
                  <th className="num">{formatMessage(m.colEvents)}</th>
                  <th aria-hidden="true" />
                </tr>
              </thead>
              <tbody>
                {profile.days.slice(-60).map((d) => (
                  <tr key={d.day}>
                    <td>{d.day}</td>
                    <td className="num">{d.events}</td>
                    <td aria-hidden="true">
                      <span className="bar" style={{ display: 'inline-block', height: '0.6rem', background: 'var(--accent)', width: `${(d.events / maxEvents) * 8}rem` }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" data-testid="learner-grades">
        <h2 className="chart-title">{formatMessage(m.grades)}</h2>
        {profile.grades.length === 0 ? (
          <p className="empty">{formatMessage(m.noGrades)}</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th>{formatMessage(m.colWhen)}</th>
                <th className="num">{formatMessage(m.colGrade)}</th>
              </tr>
            </thead>
            <tbody>
              {profile.grades.map((g) => (
                <tr key={g.at}>
                  <td><LocalTime iso={g.at} /></td>
                  <td className="num">{percent(g.percent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" data-testid="learner-units">
        <h2 className="chart-title">{profile.units.length ? formatMessage(m.units, { done, total: profile.units.length }) : formatMessage(m.noUnits)}</h2>
        {profile.units.length > 0 && (
          <div className="table-scroll" tabIndex={0} role="region" aria-label={formatMessage(m.units, { done, total: profile.units.length })}>
            <table className="list">
              <thead>
                <tr>
                  <th>{formatMessage(m.colUnit)}</th>
                  <th>{formatMessage(m.colDone)}</th>
                </tr>
              </thead>
              <tbody>
                {profile.units.map((u) => (
                  <tr key={u.blockId}>
                    <td>{u.name}</td>
                    <td>{formatMessage(u.completed ? m.yes : m.no)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" data-testid="learner-videos">
        <h2 className="chart-title">{formatMessage(m.videos)}</h2>
        {profile.videos.length === 0 ? (
          <p className="empty">{formatMessage(m.noVideos)}</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label={formatMessage(m.videos)}>
            <table className="list">
              <thead>
                <tr>
                  <th>{formatMessage(m.colVideo)}</th>
                  <th className="num">{formatMessage(m.colPlays)}</th>
                  <th className="num">{formatMessage(m.colFurthest)}</th>
                  <th>{formatMessage(m.colLast)}</th>
                </tr>
              </thead>
              <tbody>
                {profile.videos.map((v) => (
                  <tr key={v.videoId}>
                    <td>{v.name}</td>
                    <td className="num">{v.plays}</td>
                    <td className="num">{v.furthestSecond === null ? '–' : clock(v.furthestSecond)}</td>
                    <td><LocalTime iso={v.lastPlayed} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" data-testid="learner-problems">
        <h2 className="chart-title">{formatMessage(m.problems)}</h2>
        {profile.problems.length === 0 ? (
          <p className="empty">{formatMessage(m.noProblems)}</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label={formatMessage(m.problems)}>
            <table className="list">
              <thead>
                <tr>
                  <th>{formatMessage(m.colProblem)}</th>
                  <th className="num">{formatMessage(m.colAttempts)}</th>
                  <th className="num">{formatMessage(m.colCorrect)}</th>
                  <th>{formatMessage(m.colLast)}</th>
                </tr>
              </thead>
              <tbody>
                {profile.problems.map((pr) => (
                  <tr key={pr.problemId}>
                    <td>{pr.name}</td>
                    <td className="num">{pr.attempts}</td>
                    <td className="num">{pr.correct}</td>
                    <td><LocalTime iso={pr.lastAttempt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
