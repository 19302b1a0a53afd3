/**
 * OULAD (Kuzilek et al. 2017, CC BY 4.0; bench/fixtures/oulad-2013/README.md) as Open edX
 * would hold it: each course run (module presentation) a course, each assessment a graded
 * subsection with its real due day and its weight in the final grade (coursework and exam
 * weights as the dataset gives them, normalised to sum to 1), holding one problem; each learner
 * an enrollment at their registration day and an unenrollment at their withdrawal day; each
 * submission a server problem_check (correct: score ≥ 40, the OU pass mark) followed by the
 * LMS's course grade event (the weighted sum of the scores so far, as Open edX counts work not
 * done as 0). The lines go through the real tracking-log parser into the lake (loadLines).
 * When the directory holds the daily click log (studentVle.csv with vle.csv, as the full release
 * does) each learner's clicks become activity too: see clickEvents.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { courseGradeCalculated } from '../../lib/cohort/grades';
import { enrollmentActivated, enrollmentDeactivated, problemCheck, problemCheckBrowser, sequenceTabSelected, videoEvent } from '../../lib/demo/tracking';
import type { Lake } from '../../lib/lake/client';
import { formatLakeTime } from '../../lib/lake/time';
import { writeCourseBlocks, type CourseBlock } from '../../lib/risk/courseBlocks';
import { loadLines } from './load';

const DAY = 86_400_000;
/** The OU pass mark. */
export const OULAD_PASSING_GRADE = 0.4;

export type FinalResult = 'Pass' | 'Distinction' | 'Fail' | 'Withdrawn';

export interface OuladLearner {
  userId: number;
  registrationDay: number | null;
  unregistrationDay: number | null;
  result: FinalResult;
}

export interface OuladRun {
  /** e.g. "AAA-2013J" */
  name: string;
  courseId: string;
  start: Date;
  lengthDays: number;
  assessments: { id: string; type: string; day: number; weight: number }[];
  learners: OuladLearner[];
  submissions: { assessment: string; userId: number; day: number; score: number }[];
  /** The run's rows of the daily click log (empty when the directory has none). */
  clicks: Click[];
}

/** One studentVle row: a learner's clicks on one VLE site on one day. */
export interface Click {
  userId: number;
  site: number;
  day: number;
  clicks: number;
  /** vle.csv's activity_type of the site ('' when vle.csv does not list it). */
  activityType: string;
}

function readCsv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const cols = head!.split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

const intOrNull = (s: string | undefined) => (s === undefined || s.trim() === '' || s.trim() === '?' ? null : Math.round(Number(s)));

/** The run's start: "B" presentations start in February, "J" ones in October (the dataset's own convention). */
function runStart(presentation: string): Date {
  const year = Number(presentation.slice(0, 4));
  return new Date(Date.UTC(year, presentation.endsWith('B') ? 1 : 9, 1));
}

/** Each line of a CSV file as cells, read in chunks (studentVle.csv of the full release is 10.6 M rows, 450 MB). */
function* csvLines(path: string): Generator<string[]> {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  let rest = '';
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) {
      const lines = (rest + buffer.toString('latin1', 0, n)).split('\n');
      rest = lines.pop()!;
      for (const l of lines) if (l.trim() !== '') yield l.replace(/\r$/, '').split(',');
    }
    if (rest.trim() !== '') yield rest.replace(/\r$/, '').split(',');
  } finally {
    closeSync(fd);
  }
}

/** The columns of a CSV file's header, by name; an error naming the file when one is missing. */
function columns(path: string, head: string[], names: string[]): number[] {
  const cleaned = head.map((h) => h.trim().replace(/^"|"$/g, ''));
  return names.map((n) => {
    const i = cleaned.indexOf(n);
    if (i < 0) throw new Error(`${path}: no column ${n} (has ${cleaned.join(', ')})`);
    return i;
  });
}

/**
 * The daily click log of the runs read: studentVle.csv (code_module, code_presentation, id_student,
 * id_site, date, sum_click) and vle.csv (id_site, code_module, code_presentation, activity_type,
 * week_from, week_to), as Kuzilek et al. 2017 (doi:10.1038/sdata.2017.171, its data records) describe
 * them. Rows of runs not read, and rows whose numbers do not parse, are counted apart and skipped.
 */
export function readClicks(dir: string, runs: Map<string, OuladRun>): { rows: number; otherRuns: number; skipped: number } {
  const activityType = new Map<string, string>();
  const vlePath = join(dir, 'vle.csv');
  if (existsSync(vlePath)) {
    const lines = csvLines(vlePath);
    const [site, type] = columns(vlePath, lines.next().value ?? [], ['id_site', 'activity_type']);
    for (const cells of lines) activityType.set(cells[site!]!, cells[type!] ?? '');
  }
  const path = join(dir, 'studentVle.csv');
  const lines = csvLines(path);
  const [module, presentation, student, site, date, sum] = columns(path, lines.next().value ?? [], ['code_module', 'code_presentation', 'id_student', 'id_site', 'date', 'sum_click']);
  let rows = 0;
  let otherRuns = 0;
  let skipped = 0;
  for (const cells of lines) {
    const run = runs.get(`${cells[module!]}-${cells[presentation!]}`);
    if (!run) {
      otherRuns++;
      continue;
    }
    const click = { userId: Number(cells[student!]), site: Number(cells[site!]), day: Number(cells[date!]), clicks: Number(cells[sum!]) };
    if (!Number.isInteger(click.userId) || !Number.isInteger(click.site) || !Number.isInteger(click.day) || !(click.clicks > 0)) {
      skipped++;
      continue;
    }
    run.clicks.push({ ...click, activityType: activityType.get(cells[site!]!) ?? '' });
    rows++;
  }
  return { rows, otherRuns, skipped };
}

/**
 * Reads a directory of OULAD tables (the project's 2013 copy or the full release); `clicks: false`
 * leaves the click log out even when the directory has one.
 */
export function readOulad(dir: string, { clicks = true }: { clicks?: boolean } = {}): OuladRun[] {
  const runs = new Map<string, OuladRun>();
  for (const r of readCsv(join(dir, 'courses.csv'))) {
    const name = `${r.code_module}-${r.code_presentation}`;
    runs.set(name, {
      name,
      courseId: `course-v1:OU+${r.code_module}+${r.code_presentation}`,
      start: runStart(r.code_presentation!),
      lengthDays: Number(r.module_presentation_length),
      assessments: [],
      learners: [],
      submissions: [],
      clicks: [],
    });
  }
  const assessmentRun = new Map<string, OuladRun>();
  for (const r of readCsv(join(dir, 'assessments.csv'))) {
    const run = runs.get(`${r.code_module}-${r.code_presentation}`);
    if (!run) continue;
    // Exams with no date in the dataset are held at the end of the run.
    run.assessments.push({ id: r.id_assessment!, type: r.assessment_type!, day: intOrNull(r.date) ?? run.lengthDays, weight: Number(r.weight) || 0 });
    assessmentRun.set(r.id_assessment!, run);
  }
  const registration = new Map<string, { reg: number | null; unreg: number | null }>();
  for (const r of readCsv(join(dir, 'studentRegistration.csv'))) {
    registration.set(`${r.code_module}-${r.code_presentation}/${r.id_student}`, { reg: intOrNull(r.date_registration), unreg: intOrNull(r.date_unregistration) });
  }
  for (const r of readCsv(join(dir, 'studentInfo.csv'))) {
    const name = `${r.code_module}-${r.code_presentation}`;
    const run = runs.get(name);
    if (!run) continue;
    const reg = registration.get(`${name}/${r.id_student}`);
    run.learners.push({ userId: Number(r.id_student), registrationDay: reg?.reg ?? null, unregistrationDay: reg?.unreg ?? null, result: r.final_result as FinalResult });
  }
  for (const r of readCsv(join(dir, 'studentAssessment.csv'))) {
    const run = assessmentRun.get(r.id_assessment!);
    const day = intOrNull(r.date_submitted);
    if (!run || day === null || r.score === '') continue;
    run.submissions.push({ assessment: r.id_assessment!, userId: Number(r.id_student), day, score: Number(r.score) });
  }
  if (clicks && existsSync(join(dir, 'studentVle.csv'))) {
    const read = readClicks(dir, runs);
    console.log(`click log ${join(dir, 'studentVle.csv')}: ${read.rows} learner-site-days read, ${read.otherRuns} of other runs left out, ${read.skipped} unreadable rows skipped`);
  }
  return [...runs.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Weight in the final grade of each assessment of a run (0–1, summing to 1). */
function weights(run: OuladRun): Map<string, number> {
  const total = run.assessments.reduce((a, x) => a + x.weight, 0);
  return new Map(run.assessments.map((a) => [a.id, total > 0 ? a.weight / total : 1 / run.assessments.length]));
}

const subsectionKey = (run: OuladRun, id: string) => `block-v1:${run.courseId.slice('course-v1:'.length)}+type@sequential+block@assessment_${id}`;
const problemKey = (run: OuladRun, id: string) => `block-v1:${run.courseId.slice('course-v1:'.length)}+type@problem+block@assessment_${id}`;

/** The instant of a run day at an hour (UTC). */
export const runDay = (run: OuladRun, day: number, hours = 0) => new Date(run.start.getTime() + day * DAY + hours * 3_600_000);

/**
 * What a VLE site's clicks become on Open edX, by vle.csv's activity_type (the types of the 2013
 * copy's vle.csv; an unknown or missing type is a page):
 *   video   — oucollaborate, ouelluminate (live and recorded online tutorials): play_video, then
 *             pause_video at its end (OULAD does not say how much was watched: a day's clicks on
 *             one count as watching it through)
 *   problem — quiz, externalquiz, questionnaire: the browser's problem_check (activity, not a
 *             graded attempt: OULAD's scored work is studentAssessment, replayed as server checks)
 *   page    — everything else (oucontent, resource, url, subpage, homepage, page, forumng, ouwiki,
 *             glossary, dataplus, dualpane, folder, htmlactivity, sharedsubpage, repeatactivity):
 *             edx.ui.lms.sequence.tab_selected, the courseware's "moved to a unit"
 * One event (video: two) per learner, site and day, whatever sum_click says: the activity features
 * read study days, and one event per click would only multiply the replay.
 */
export type ClickKind = 'page' | 'video' | 'problem';
const CLICK_KINDS: Record<string, ClickKind> = {
  oucollaborate: 'video',
  ouelluminate: 'video',
  quiz: 'problem',
  externalquiz: 'problem',
  questionnaire: 'problem',
};
export const clickKind = (activityType: string): ClickKind => CLICK_KINDS[activityType] ?? 'page';
const VIDEO_SECONDS = 1_800;

/** The tracking lines of one click-log row, during the morning of its day (a second apart per site). */
export function clickEvents(run: OuladRun, actor: Parameters<typeof enrollmentActivated>[0]['actor'], click: Click, nth: number): string[] {
  const common = { actor, courseId: run.courseId, time: runDay(run, click.day, 6 + (nth % 3_600) / 1_200) };
  const block = (type: string) => `block-v1:${run.courseId.slice('course-v1:'.length)}+type@${type}+block@site_${click.site}`;
  switch (clickKind(click.activityType)) {
    case 'video': {
      const video = { ...common, videoId: `site_${click.site}`, duration: VIDEO_SECONDS };
      return [
        videoEvent({ ...video, action: 'play_video', position: 0 }),
        videoEvent({ ...video, time: new Date(common.time.getTime() + 1_000), action: 'pause_video', position: VIDEO_SECONDS }),
      ];
    }
    case 'problem':
      return [problemCheckBrowser({ ...common, problem: block('problem') })];
    case 'page':
      return [sequenceTabSelected({ ...common, sequential: block('sequential'), tab: 1, tabCount: 1 })];
  }
}

/** Writes one run into the lake; returns the number of events. */
export async function loadOuladRun(lake: Lake, run: OuladRun): Promise<number> {
  const now = formatLakeTime(new Date());
  const end = runDay(run, run.lengthDays);
  const course = { course_id: run.courseId, display_name: `OULAD ${run.name}`, org: 'OU', start: formatLakeTime(run.start), end: formatLakeTime(end) };
  await lake.client.insert({ table: 'courses', values: [{ ...course, updated_at: now }], format: 'JSONEachRow' });
  await lake.client.insert({
    table: 'lms_course_overviews',
    values: [{ ...course, lowest_passing_grade: OULAD_PASSING_GRADE, created: now, modified: now, synced_at: now }],
    format: 'JSONEachRow',
  });
  const w = weights(run);
  const blocks: CourseBlock[] = run.assessments.flatMap((a) => [
    // Due at the end of the due day, as the OU's deadlines are.
    { blockType: 'sequential' as const, usageKey: subsectionKey(run, a.id), title: `${a.type} ${a.id}`, graded: true, due: runDay(run, a.day, 23.99), weight: w.get(a.id)! },
    { blockType: 'problem' as const, usageKey: problemKey(run, a.id), subsectionKey: subsectionKey(run, a.id), title: `${a.type} ${a.id}` },
  ]);
  await writeCourseBlocks(lake, run.courseId, blocks);

  const byLearner = new Map<number, OuladRun['submissions']>();
  for (const s of run.submissions) byLearner.set(s.userId, [...(byLearner.get(s.userId) ?? []), s]);
  const clicksOf = new Map<number, Click[]>();
  for (const c of run.clicks) (clicksOf.get(c.userId) ?? clicksOf.set(c.userId, []).get(c.userId)!).push(c);
  function* lines(): Generator<string> {
    for (const l of run.learners) {
      const actor = { userId: l.userId, username: `ou${l.userId}`, session: `s${l.userId}` };
      const common = { actor, courseId: run.courseId };
      const subs = (byLearner.get(l.userId) ?? []).sort((a, b) => a.day - b.day);
      const clicks = clicksOf.get(l.userId) ?? [];
      const regDay = l.registrationDay ?? [...subs, ...clicks].reduce((min, x) => Math.min(min, x.day), 0);
      yield enrollmentActivated({ ...common, time: runDay(run, regDay, 9), mode: 'verified' });
      for (const [i, c] of clicks.entries()) yield* clickEvents(run, actor, c, i);
      const score = new Map<string, number>();
      for (const [i, s] of subs.entries()) {
        const time = runDay(run, s.day, 12 + (i % 10) / 10);
        yield problemCheck({ ...common, time, problem: problemKey(run, s.assessment), problemName: s.assessment, attempts: 1, correct: s.score >= 40 });
        score.set(s.assessment, s.score / 100);
        const percent = [...score].reduce((a, [id, x]) => a + x * w.get(id)!, 0);
        yield courseGradeCalculated({ userId: l.userId, courseId: run.courseId, time: new Date(time.getTime() + 1_000), percent, transactionId: `${l.userId}-${s.assessment}` });
      }
      if (l.unregistrationDay !== null) yield enrollmentDeactivated({ ...common, time: runDay(run, Math.max(l.unregistrationDay, regDay), 18), mode: 'verified' });
    }
  }
  return loadLines(lake, lines());
}
