/**
 * `lookout token create <username>`, `lookout token list`, `lookout token revoke <id>`:
 * API tokens acting as an LMS user. They open the lake directly: with the embedded chDB lake
 * run them while the server is stopped (or use POST /api/admin/tokens on a running server).
 */
import type { Command } from 'commander';
import type { Config } from '../../lib/config';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { createApiToken, listApiTokens, revokeApiToken } from '../../lib/auth/apiTokens';
import { lmsUserFromLake } from '../../lib/auth/lakeRoles';
import { appRoles } from '../../lib/auth/principal';

async function withLake<T>(config: Config, run: (lake: Lake) => Promise<T>): Promise<T> {
  const lake = await openLake({ clickhouseUrl: config.clickhouseUrl, dataDir: config.dataDir, database: config.clickhouseDatabase });
  try {
    await migrate(lake);
    return await run(lake);
  } finally {
    await lake.close();
  }
}

export function registerTokenCommands(program: Command, config: () => Config): void {
  const token = program.command('token').description('API tokens for scripts and data teams (Authorization: Bearer)');

  token
    .command('create <username>')
    .description('issue a token acting as this LMS user (with their LMS roles); printed once')
    .option('--label <text>', 'what the token is for', '')
    .action(async (username: string, opts: { label: string }) => {
      await withLake(config(), async (lake) => {
        const user = await lmsUserFromLake(lake, username);
        if (!user) console.warn(`warning: ${username} is not in the synced LMS users yet: the token gives no access until they are`);
        else console.warn(`${username}: ${appRoles(user.roles).join(', ') || 'no staff role (sees nothing)'}`);
        const created = await createApiToken(lake, { username, userId: user?.id, label: opts.label, createdBy: 'cli' });
        console.log(created.token);
      });
      process.exit(0);
    });

  token
    .command('list')
    .description('tokens with their user, label and state (never the token itself)')
    .action(async () => {
      await withLake(config(), async (lake) => {
        for (const t of await listApiTokens(lake)) {
          console.log([t.id, t.username, t.revokedAt ? `revoked ${t.revokedAt}` : 'live', t.createdAt, t.label].join('\t'));
        }
      });
      process.exit(0);
    });

  token
    .command('revoke <id>')
    .description('revoke a token by id (see token list)')
    .action(async (id: string) => {
      const ok = await withLake(config(), (lake) => revokeApiToken(lake, id));
      if (!ok) {
        console.error(`no live token ${id}`);
        process.exit(1);
      }
      console.log(`revoked ${id}`);
      process.exit(0);
    });
}
