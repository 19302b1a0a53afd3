import { parentPort } from 'node:worker_threads';
import { parseBody } from './parseBody';

export interface ParseRequest {
  id: number;
  body: string;
  receivedAt: number;
}

parentPort!.on('message', (m: ParseRequest) => {
  try {
    parentPort!.postMessage({ id: m.id, result: parseBody(m.body, new Date(m.receivedAt)) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
