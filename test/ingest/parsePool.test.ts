import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ParsePool } from '../../server/ingest/parsePool';
import { BackpressureError } from '../../server/ingest/writer';

describe('the parse workers at a stop', () => {
  it('refuse a parse still running (its request answers 503) instead of leaving it unanswered', async () => {
    const pool = new ParsePool(1);
    const body = Array.from({ length: 200_000 }, (_, i) => `not json ${i}`).join('\n'); // parsed on the worker
    const parsing = pool.parse(body);
    await pool.close();
    await assert.rejects(parsing, (err) => err instanceof BackpressureError && /shutting down/.test(err.message));
  });
});
