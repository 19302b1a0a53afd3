import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeSource, LmsUrlError, mysqlTable, parseMysqlUrl, redact, sqlString } from '../../lib/lms/source';
import { ConfigError, loadConfig } from '../../lib/config';

describe('LMS MySQL source', () => {
  it('parses the URL, with an empty password and percent-encoded parts', () => {
    assert.deepEqual(parseMysqlUrl('mysql://root@127.0.0.1:3306/edxapp'), {
      host: '127.0.0.1', port: 3306, database: 'edxapp', user: 'root', password: '',
    });
    const src = parseMysqlUrl(`mysql://lookout:${encodeURIComponent("p'a\\ss@x")}@mysql.internal/edxapp`);
    assert.equal(src.port, 3306);
    assert.equal(src.password, "p'a\\ss@x");
    assert.equal(describeSource(src), 'mysql://lookout@mysql.internal:3306/edxapp');
  });

  it('refuses hosts, databases and users that are not plain', () => {
    for (const bad of [
      'mysql://root@127.0.0.1:3306/',
      'mysql://root@127.0.0.1:3306/edx%27app',
      "mysql://root@127.0.0.1:3306/db'); DROP TABLE x; --",
      'mysql://ro%27ot@127.0.0.1/edxapp',
      'mysql://@127.0.0.1/edxapp',
      'http://root@127.0.0.1/edxapp',
      'mysql://root@host_with_underscore/edxapp',
    ]) {
      assert.throws(() => parseMysqlUrl(bad), LmsUrlError, bad);
    }
  });

  it('quotes every argument of mysql() and escapes the password', () => {
    const src = parseMysqlUrl(`mysql://u:${encodeURIComponent("it's\\a'); SELECT 1; --")}@db.example:3307/edxapp`);
    const fn = mysqlTable(src, 'auth_user');
    assert.equal(fn, `mysql('db.example:3307', 'edxapp', 'auth_user', 'u', 'it\\'s\\\\a\\'); SELECT 1; --')`);
    assert.equal(sqlString('a\nb'), "'a\\nb'");
    assert.throws(() => mysqlTable(src, 'auth_user; DROP'), /invalid LMS table/);
    assert.equal(redact(src, `failed: mysql(..., 'it\\'s\\\\a\\'); SELECT 1; --')`), "failed: mysql(..., '***')");
  });

  it('config: LMS_MYSQL_URL is validated without echoing its password; interval has a floor', () => {
    const ok = loadConfig({ LMS_MYSQL_URL: 'mysql://ro:secret@lms-db:3306/edxapp' });
    assert.equal(ok.lmsMysqlUrl, 'mysql://ro:secret@lms-db:3306/edxapp');
    assert.equal(ok.lmsSyncIntervalMs, 60_000);
    assert.equal(ok.demo, false, 'no demo seed over a real LMS');
    assert.equal(loadConfig({}).lmsMysqlUrl, undefined);
    assert.throws(
      () => loadConfig({ LMS_MYSQL_URL: 'mysql://ro:secret@lms-db:3306/' }),
      (err: Error) => err instanceof ConfigError && /LMS_MYSQL_URL/.test(err.message) && !err.message.includes('secret'),
    );
    assert.throws(() => loadConfig({ LMS_MYSQL_URL: 'postgres://x@y/z' }), /LMS_MYSQL_URL.*mysql:\/\//);
    assert.throws(() => loadConfig({ LMS_SYNC_INTERVAL_MS: '500' }), /LMS_SYNC_INTERVAL_MS.*at least 1000/);
    assert.equal(loadConfig({ LMS_SYNC_INTERVAL_MS: '5000' }).lmsSyncIntervalMs, 5000);
  });
});
