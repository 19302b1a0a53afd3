#!/usr/bin/env node
// The `lookout` command. The server is TypeScript, loaded through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
