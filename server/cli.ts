import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../lib/config';
import { openLake } from '../lib/lake/client';
import { migrate } from '../lib/lake/migrate';
import { log } from '../lib/log';
import { PROJECT_ROOT, startLookout } from './app';
import { registerIngestCommands } from './cli/ingest';
import { registerLmsCommands } from './cli/lms';
import { registerTokenCommands } from './cli/token';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

const program = new Command('lookout').description('Live course analytics and early warning for Open edX');

program
  .command('start')
  .description('serve the app, the ingest endpoint and the live engine')
  .option('--dev', 'Next.js development mode (no build needed, slower pages)')
  .option('--no-web', 'serve only the API, ingest and sockets (no pages)')
  .action(async (opts: { dev?: boolean; web: boolean }) => {
    const config = configOrExit();
    let dev = Boolean(opts.dev);
    if (opts.web && !dev && !existsSync(join(PROJECT_ROOT, '.next', 'BUILD_ID'))) {
      console.warn('No production build found (run `npm run build`); serving in development mode.');
      dev = true;
    }
    const lookout = await startLookout(config, { dev, web: opts.web });
    console.log(
      [
        '',
        `  Lookout is running at ${lookout.url}`,
        `  lake: ${lookout.lake.kind} (${lookout.lake.location})   bus: ${lookout.bus.kind}`,
        config.demo ? `  demo: a seeded course with simulated learners — open ${lookout.url}` : '',
        `  ingest token: ${lookout.ingestToken}`,
        `  send events:  curl -X POST ${lookout.url}/api/ingest/tracking -H 'Authorization: Bearer ${lookout.ingestToken}' --data-binary @tracking.log`,
        '',
      ]
        .filter((l) => l !== '')
        .join('\n'),
    );
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping: flushing accepted events');
      await lookout.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });

program
  .command('migrate')
  .description('apply the lake migrations not yet applied, then exit')
  .action(async () => {
    const config = configOrExit();
    const lake = await openLake({ clickhouseUrl: config.clickhouseUrl, dataDir: config.dataDir, database: config.clickhouseDatabase });
    const applied = await migrate(lake);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'lake is up to date');
    await lake.close();
    process.exit(0);
  });

registerIngestCommands(program);
registerTokenCommands(program, configOrExit);
registerLmsCommands(program, configOrExit);

await program.parseAsync(process.argv);
