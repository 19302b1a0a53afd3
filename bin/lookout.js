#!/usr/bin/env node
// The `lookout` command. The server is TypeScript, loaded through tsx.
import { register } from 'tsx/esm/api';

// Learners' activity is what this server handles: no usage reports to third parties.
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
register();
await import('../server/cli.ts');
