/**
 * `lookout lms sync-structure [--course <id>]`: course structures from the LMS REST API now,
 * for one course or every course the LMS sync knows, with a progress bar. Opens the lake
 * directly: with the embedded chDB lake run it while the server is stopped.
 */
import type { Command } from 'commander';
import type { Config } from '../../lib/config';
import { openLake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { StructureSync, type CourseStructureResult } from '../lms/structureSync';

/** `[#########-----------]  9/20  course-v1:…` on one line, redrawn (a plain line per course when not a terminal). */
export function progressLine(done: number, total: number, label: string, width = 24): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total}  ${label}`;
}

export function registerLmsCommands(program: Command, config: () => Config): void {
  const lms = program.command('lms').description('the LMS: course structures from its REST API');
  lms
    .command('sync-structure')
    .description('fetch course structures (blocks, due dates, grading policy) from the LMS API into the lake')
    .option('--course <id>', 'only this course (default: every course the LMS sync has copied)')
    .action(async (opts: { course?: string }) => {
      const c = config();
      if (!c.lmsApi) {
        console.error('Set LMS_URL and LMS_API_CLIENT_ID/LMS_API_CLIENT_SECRET (a client-credentials application of a global staff service user).');
        process.exit(2);
      }
      const lake = await openLake({ clickhouseUrl: c.clickhouseUrl, dataDir: c.dataDir, database: c.clickhouseDatabase });
      let failed = 0;
      try {
        await migrate(lake);
        const sync = new StructureSync(lake, c.lmsApi);
        const courses = opts.course ? [opts.course] : (await sync.dueCourses({ all: true })).map((x) => x.courseId);
        if (!courses.length) {
          console.error('No courses known yet: pass --course <id>, or let the server sync the LMS tables first (LMS_MYSQL_URL).');
          process.exit(1);
        }
        const tty = process.stderr.isTTY;
        if (tty) process.stderr.write(progressLine(0, courses.length, ''));
        const report = await sync.run({
          courses,
          onProgress: (done: number, total: number, r: CourseStructureResult) => {
            const label = `${r.courseId} ${r.ok ? `(${r.blocks} blocks)` : `FAILED: ${r.error}`}`;
            if (tty) process.stderr.write(`\r\x1b[K${progressLine(done, total, label)}`);
            else process.stderr.write(`${progressLine(done, total, label)}\n`);
          },
        });
        if (tty) process.stderr.write('\n');
        failed = report.courses.filter((r) => !r.ok).length;
        console.log(`${report.courses.length - failed} of ${report.courses.length} course structures synced in ${(report.durationMs / 1000).toFixed(1)} s`);
        for (const r of report.courses.filter((x) => !x.ok)) console.log(`  failed: ${r.courseId}: ${r.error}`);
      } finally {
        await lake.close();
      }
      process.exit(failed ? 1 : 0);
    });
}
