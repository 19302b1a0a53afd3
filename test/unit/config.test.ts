import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../lib/config';

describe('configuration', () => {
  it('has embedded defaults: port 3000, ./data, demo on, no Redis', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.dataDir, './data');
    assert.equal(c.demo, true);
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.clickhouseUrl, undefined);
  });

  it('turns the demo off with LOOKOUT_DEMO=0, and by default against a ClickHouse server', () => {
    assert.equal(loadConfig({ LOOKOUT_DEMO: '0' }).demo, false);
    assert.equal(loadConfig({ CLICKHOUSE_URL: 'http://ch:8123' }).demo, false);
    assert.equal(loadConfig({ CLICKHOUSE_URL: 'http://ch:8123', LOOKOUT_DEMO: 'yes' }).demo, true);
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ PORT: '', REDIS_URL: '' }).port, 3000);
  });

  it('names every bad variable and what is wrong with it', () => {
    assert.throws(
      () => loadConfig({ PORT: 'eighty', REDIS_URL: 'localhost:6379', LOOKOUT_DEMO: 'maybe', LOOKOUT_INGEST_TOKEN: 'short' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /PORT="eighty": must be a number/);
        assert.match(err.message, /REDIS_URL="localhost:6379": must be a URL starting with redis:\/\//);
        assert.match(err.message, /LOOKOUT_DEMO="maybe": must be 1\/0/);
        assert.match(err.message, /LOOKOUT_INGEST_TOKEN="short": must be at least 16 characters/);
        return true;
      },
    );
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT="70000": must be between 0 and 65535/);
    assert.throws(() => loadConfig({ CLICKHOUSE_URL: 'ftp://x' }), /CLICKHOUSE_URL/);
  });
});
