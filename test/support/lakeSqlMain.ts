/**
 * `node --import tsx test/support/lakeSqlMain.ts <dataDir> <statement>...`: migrates the lake in
 * <dataDir> and runs the statements, in its own process (chDB holds one data folder per process),
 * before a child server opens it.
 */
import { openLake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';

const [dataDir, ...statements] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: lakeSqlMain.ts <dataDir> <statement>...');
const lake = await openLake({ dataDir, database: 'lookout' });
await migrate(lake);
for (const query of statements) await lake.client.command({ query });
await lake.close();
process.exit(0);
