import { authorize } from '../../lib/auth/authorize';
import { lmsUserFromLake } from '../../lib/auth/lakeRoles';
import type { PiiRoleName } from '../../lib/auth/principal';
import { listActiveCourses } from '../../lib/courses';
import { createDelivery, dueDeliveries, dueItems, insertItems, updateDelivery, type Delivery, type DueItem, type NewItem } from '../../lib/alerts/deliveries';
import { kindText, renderDigest, webhookBody } from '../../lib/alerts/digest';
import { matchesOf, needsAssessment, type CourseState } from '../../lib/alerts/kinds';
import { newMatches } from '../../lib/alerts/matches';
import { preferenceFor, preferencesOf } from '../../lib/alerts/preferences';
import { principalOf, recipientsFor } from '../../lib/alerts/recipients';
import { audienceOf, listRules, ruleCovers, type AlertRule } from '../../lib/alerts/rules';
import { dueAt, MAX_ATTEMPTS, retryDelayMs } from '../../lib/alerts/schedule';
import { postWebhook, type Mailer } from '../../lib/alerts/transports';
import type { Lease } from '../../lib/bus';
import type { Lake } from '../../lib/lake/client';
import { withLanePriority } from '../../lib/lake/lane';
import { queryRows } from '../../lib/lake/query';
import { assessCourse } from '../../lib/risk/evaluate';
import { resolveThresholds } from '../../lib/risk/thresholds';

export interface AlertEngineOptions {
  /** Email through SMTP; without it every email goes to the outbox (/notifications, /admin/alerts). */
  mailer?: Mailer;
  webhookSecret: string;
  /** Lookout's public URL, for the links in digests. */
  baseUrl: () => string;
  piiRoles?: readonly PiiRoleName[];
  /** How often a run starts on its own (0: never; tests call run(at) with their own clock). */
  intervalMs: number;
  /** Across replicas, one run at a time (Bus.lease); absent: this process is the only one. */
  lease?: (ttlMs: number) => Promise<Lease | undefined>;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

export interface RunReport {
  at: string;
  /** New matches found (each becomes one item per recipient). */
  detected: number;
  items: number;
  deliveriesCreated: number;
  sent: number;
  failed: number;
  /** Set when another replica held the run's lease: this one did nothing. */
  skipped?: string;
}

/** A run's lease lapses this long after its replica dies (it is renewed while the run lives). */
const RUN_LEASE_MS = 60_000;

/**
 * Alerts that reach people (issue 22). Each run, at `at`:
 *  1. detect: every enabled rule on every course it covers with learner activity in the last
 *     30 days; matches that are new since the last run (lib/alerts/matches.ts) become items, one
 *     per recipient (course staff, support, admins; a person's opt-out and schedule applied);
 *  2. batch: the items due (their schedule and quiet hours) are grouped per recipient into one
 *     delivery — a digest email (or outbox entry without SMTP), or a webhook call per rule;
 *  3. send: due deliveries are attempted; a failure is retried with backoff (1 min, 2, 4… 6 h)
 *     up to MAX_ATTEMPTS, then left "abandoned" for an admin to see and retry.
 * Runs one at a time, in the lake's background lane, and with Redis one at a time across replicas.
 */
export class AlertEngine {
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly lake: Lake,
    private readonly opts: AlertEngineOptions,
  ) {}

  start(): void {
    if (this.opts.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      void this.run().catch((err) => this.opts.log.error({ err }, 'alert run failed'));
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running.catch(() => undefined);
    this.opts.mailer?.close();
  }

  /** One run at `at` (default now), after any run still going. */
  run(at = new Date()): Promise<RunReport> {
    const next = this.running.catch(() => undefined).then(() => withLanePriority('background', () => this.runAt(at)));
    this.running = next;
    return next;
  }

  private async runAt(at: Date): Promise<RunReport> {
    const report: RunReport = { at: at.toISOString(), detected: 0, items: 0, deliveriesCreated: 0, sent: 0, failed: 0 };
    if (this.stopped) return report;
    const lease = this.opts.lease ? await this.opts.lease(RUN_LEASE_MS) : undefined;
    if (this.opts.lease && !lease) return { ...report, skipped: 'another replica is running the alerts' };
    try {
      return await this.runHeld(at, report);
    } finally {
      await lease?.release();
    }
  }

  private async runHeld(at: Date, report: RunReport): Promise<RunReport> {
    const rules = (await listRules(this.lake)).filter((r) => r.spec.enabled);
    if (rules.length) await this.detect(rules, at, report);
    report.deliveriesCreated = await this.batch(at);
    await this.send(at, report);
    if (report.detected || report.sent || report.failed) this.opts.log.info({ ...report }, 'alerts run');
    return report;
  }

  private async detect(rules: AlertRule[], at: Date, report: RunReport): Promise<void> {
    for (const course of await listActiveCourses(this.lake, at)) {
      const applicable = rules.filter((r) => ruleCovers(r, course.courseId));
      if (!applicable.length) continue;
      const state: CourseState = { courseId: course.courseId, at, lastActivity: course.lastActivity };
      try {
        if (applicable.some((r) => needsAssessment(r.spec))) {
          const { thresholds } = await resolveThresholds(this.lake, course.courseId);
          state.assessment = await assessCourse(this.lake, { courseId: course.courseId, at, thresholds });
        }
        for (const rule of applicable) {
          const { fresh, commit } = await newMatches(this.lake, rule.id, course.courseId, at, matchesOf(rule.spec, state));
          const items = await this.itemsFor(rule, course.courseId, course.displayName, fresh, at);
          await insertItems(this.lake, items);
          await commit();
          report.detected += fresh.length;
          report.items += items.length;
        }
      } catch (err) {
        // One course's failure (a query, a missing table on an old lake) does not stop the others; retried next run.
        this.opts.log.warn({ err, courseId: course.courseId }, 'alert rules not evaluated for this course');
      }
    }
  }

  /** One item per recipient and new match: the people of the rule's audience who did not opt out, and its webhook. */
  private async itemsFor(rule: AlertRule, courseId: string, courseName: string, fresh: Awaited<ReturnType<typeof newMatches>>['fresh'], at: Date): Promise<NewItem[]> {
    if (!fresh.length) return [];
    const base = { ruleId: rule.id, courseId, detectedAt: at };
    const timing = { digestHour: rule.spec.digestHour, quietStart: rule.spec.quietStart, quietEnd: rule.spec.quietEnd };
    const stored = { kind: rule.spec.kind, ruleLabel: rule.spec.label || kindText(rule.spec.kind), courseName };
    const items: NewItem[] = [];
    for (const audience of audienceOf(rule.spec)) {
      const people = await recipientsFor(this.lake, courseId, [audience], this.opts.piiRoles);
      const prefs = await preferencesOf(this.lake, people.map((p) => p.userId));
      for (const person of people) {
        const pref = preferenceFor(prefs.get(person.userId), courseId);
        if (pref?.optedOut) continue;
        const due = dueAt(at, { ...timing, schedule: pref?.schedule ?? rule.spec.schedule });
        for (const m of fresh) items.push({ ...base, recipient: `user:${person.userId}`, subject: m.subject, since: m.since, dueAt: due, stored: { ...stored, audience, alert: m.payload } });
      }
    }
    if (rule.spec.webhookUrl) {
      const due = dueAt(at, { ...timing, schedule: rule.spec.schedule });
      for (const m of fresh) items.push({ ...base, recipient: `webhook:${rule.id}`, subject: m.subject, since: m.since, dueAt: due, stored: { ...stored, audience: 'courseStaff', webhookUrl: rule.spec.webhookUrl, alert: m.payload } });
    }
    // The same person reached through two audiences gets each line once.
    const seen = new Set<string>();
    return items.filter((i) => {
      const k = `${i.recipient}|${i.subject}|${i.since.getTime()}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  /** Groups the due items per recipient into deliveries; returns how many were created. */
  private async batch(at: Date): Promise<number> {
    const byRecipient = new Map<string, DueItem[]>();
    for (const item of await dueItems(this.lake, at)) byRecipient.set(item.recipient, [...(byRecipient.get(item.recipient) ?? []), item]);
    let created = 0;
    for (const [recipient, items] of byRecipient) {
      if (recipient.startsWith('webhook:')) await this.webhookDelivery(recipient, items, at);
      else await this.emailDelivery(Number(recipient.slice('user:'.length)), recipient, items, at);
      created++;
    }
    return created;
  }

  private async emailDelivery(userId: number, recipient: string, items: DueItem[], at: Date): Promise<void> {
    const user = await lmsUserFromLake(this.lake, { id: userId });
    const principal = user && principalOf(user);
    // Roles are read again at sending time: someone no longer on the course receives nothing about it (logged as skipped).
    const visible = items.filter((i) => principal && authorize(principal, 'course:view', { courseId: i.courseId }).allowed);
    const hidden = items.filter((i) => !visible.includes(i));
    if (hidden.length) {
      const courses = [...new Set(hidden.map((i) => i.courseId))].join(', ');
      await createDelivery(this.lake, { channel: 'outbox', recipient, address: user?.email ?? '', subject: '', body: '', itemKeys: hidden.map((i) => i.itemKey), status: 'skipped', lastError: `no longer allowed to see ${courses}` }, at);
    }
    if (!user || !visible.length) return;
    const itemKeys = visible.map((i) => i.itemKey);
    const piiCourses = [...new Set(visible.map((i) => i.courseId))].filter((courseId) => authorize(principal!, 'course:pii', { courseId, piiRoles: this.opts.piiRoles }).allowed);
    const emails = await this.learnerEmails(visible.filter((i) => piiCourses.includes(i.courseId)));
    const { subject, text } = renderDigest({ username: user.username, emails, audience: visible[0]!.audience }, visible, this.opts.baseUrl(), at);
    if (!this.opts.mailer) {
      await createDelivery(this.lake, { channel: 'outbox', recipient, address: user.email, subject, body: text, itemKeys, status: 'sent' }, at);
    } else if (!user.email) {
      await createDelivery(this.lake, { channel: 'email', recipient, address: '', subject, body: text, itemKeys, status: 'abandoned', lastError: 'no email address for this user in the LMS' }, at);
    } else {
      await createDelivery(this.lake, { channel: 'email', recipient, address: user.email, subject, body: text, itemKeys }, at);
    }
  }

  private async webhookDelivery(recipient: string, items: DueItem[], at: Date): Promise<void> {
    const url = items[items.length - 1]!.webhookUrl ?? '';
    const { text } = renderDigest({ username: '', audience: 'courseStaff' }, items, this.opts.baseUrl(), at);
    const body = JSON.stringify(webhookBody(items, this.opts.baseUrl(), at, text));
    await createDelivery(this.lake, { channel: 'webhook', recipient, address: url, subject: `${items.length} alerts`, body, itemKeys: items.map((i) => i.itemKey) }, at);
  }

  /** Learners' emails per course, from the LMS copy, for digests whose reader may see them. */
  private async learnerEmails(items: DueItem[]): Promise<Map<string, Map<number, string>>> {
    const out = new Map<string, Map<number, string>>();
    const ids = [...new Set(items.flatMap((i) => (i.payload.type === 'learner' ? [i.payload.userId] : [])))];
    if (!ids.length) return out;
    const rows = await queryRows<{ id: string; email: string }>(this.lake, `SELECT id, email FROM lms_users FINAL WHERE id IN {ids:Array(UInt64)} AND email != ''`, { ids });
    const byId = new Map(rows.map((r) => [Number(r.id), r.email]));
    for (const i of items) {
      if (i.payload.type !== 'learner') continue;
      const email = byId.get(i.payload.userId);
      if (!email) continue;
      const course = out.get(i.courseId) ?? new Map<number, string>();
      course.set(i.payload.userId, email);
      out.set(i.courseId, course);
    }
    return out;
  }

  private async send(at: Date, report: RunReport): Promise<void> {
    for (const d of await dueDeliveries(this.lake, at)) {
      try {
        await this.attempt(d, at);
        await updateDelivery(this.lake, d, { status: 'sent', attempts: d.attempts + 1, sentAt: at.toISOString(), lastError: '' });
        report.sent++;
      } catch (err) {
        const attempts = d.attempts + 1;
        const abandoned = attempts >= MAX_ATTEMPTS;
        const error = (err as Error).message || String(err);
        await updateDelivery(this.lake, d, { status: abandoned ? 'abandoned' : 'failed', attempts, lastError: error, nextAttemptAt: new Date(at.getTime() + retryDelayMs(attempts)).toISOString() });
        this.opts.log.warn({ delivery: d.id, channel: d.channel, attempts, error }, abandoned ? 'alert delivery abandoned' : 'alert delivery failed; retried later');
        report.failed++;
      }
    }
  }

  private async attempt(d: Delivery, at: Date): Promise<void> {
    if (d.channel === 'webhook') return postWebhook(d.address, d.body, this.opts.webhookSecret, at);
    if (d.channel === 'email') {
      if (!this.opts.mailer) throw new Error('no SMTP server configured (LOOKOUT_SMTP_URL)');
      return this.opts.mailer.send({ to: d.address, subject: d.subject, text: d.body });
    }
  }
}

/** An admin's "retry now": a failed or abandoned delivery is attempted on the next run. */
export async function retryDeliveryNow(lake: Lake, d: Delivery, now = new Date()): Promise<Delivery> {
  if (d.status !== 'failed' && d.status !== 'abandoned') throw new Error(`only failed or abandoned deliveries are retried (this one is ${d.status})`);
  return updateDelivery(lake, d, { status: 'failed', nextAttemptAt: now.toISOString() });
}
