/**
 * `node --import tsx test/support/adminTokenMain.ts <dataDir>`: seeds an LMS superuser into
 * the lake in <dataDir> and prints an API token acting as them. Run in its own process before
 * a child server starts (chDB holds one data folder per process).
 */
import { openLake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { createApiToken } from '../../lib/auth/apiTokens';
import { seedLmsUsers } from '../../server/demo/seedUsers';
import { TEST_ADMIN } from '../helpers';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: adminTokenMain.ts <dataDir>');
const lake = await openLake({ dataDir, database: 'lookout' });
await migrate(lake);
await seedLmsUsers(lake, [TEST_ADMIN]);
const { token } = await createApiToken(lake, { username: TEST_ADMIN.username, createdBy: 'bench' });
await lake.close();
process.stdout.write(token + '\n');
process.exit(0);
