// Entry of a parse worker thread: loads TypeScript through tsx, as bin/lookout.js does.
import { register } from 'tsx/esm/api';

register();
await import('./parseWorkerMain.ts');
