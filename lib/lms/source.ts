/**
 * The LMS database as a ClickHouse `mysql()` table function. Rows are copied by the lake
 * itself (`INSERT INTO lms_x SELECT … FROM mysql(…)`), so they never pass through Node;
 * this module only builds the function call, safely.
 *
 * Safety: host, port, database and user are validated against strict patterns (and still
 * quoted); the password may contain anything and is written as an escaped SQL string
 * literal. `redact()` removes the password from error messages before they are logged.
 */

export class LmsUrlError extends Error {}

export interface MysqlSource {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+\]$/;
const DATABASE = /^[A-Za-z0-9_$]{1,64}$/;
const USER = /^[A-Za-z0-9_.$@-]{1,80}$/;
/** Source table names come from our own spec list, never from input; checked anyway. */
const TABLE = /^[A-Za-z0-9_]{1,64}$/;

/** Parses `mysql://user:pass@host:3306/edxapp`; throws LmsUrlError naming what is wrong (never the password). */
export function parseMysqlUrl(raw: string): MysqlSource {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new LmsUrlError('LMS_MYSQL_URL is not a URL (expected mysql://user:password@host:3306/database)');
  }
  if (url.protocol !== 'mysql:') throw new LmsUrlError('LMS_MYSQL_URL must start with mysql://');
  const host = url.hostname;
  if (!host || !(HOST.test(host) || IPV6.test(host))) throw new LmsUrlError('LMS_MYSQL_URL has an invalid host name');
  const port = url.port ? Number(url.port) : 3306;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LmsUrlError('LMS_MYSQL_URL has an invalid port');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!DATABASE.test(database)) {
    throw new LmsUrlError('LMS_MYSQL_URL must name the database as a plain identifier (e.g. mysql://…/edxapp)');
  }
  const user = decodeURIComponent(url.username);
  if (!USER.test(user)) throw new LmsUrlError('LMS_MYSQL_URL needs a user name of letters, digits and _ . $ @ -');
  return { host, port, database, user, password: decodeURIComponent(url.password) };
}

/** A ClickHouse string literal: backslashes and single quotes escaped, control characters too. */
export function sqlString(value: string): string {
  return (
    "'" +
    value
      .replace(/\\/g, '\\\\')
      .replace(/'/g, "\\'")
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t')
      .replace(/\0/g, '\\0') +
    "'"
  );
}

/** `mysql('host:port', 'db', 'table', 'user', 'password')` for one source table. */
export function mysqlTable(src: MysqlSource, table: string, database = src.database): string {
  if (!TABLE.test(table)) throw new Error(`invalid LMS table name ${JSON.stringify(table)}`);
  if (!DATABASE.test(database) && database !== 'information_schema') throw new Error('invalid LMS database name');
  const address = `${src.host}:${src.port}`;
  return `mysql(${[address, database, table, src.user, src.password].map(sqlString).join(', ')})`;
}

/** The message with the password (raw and as escaped in SQL) replaced by ***. */
export function redact(src: MysqlSource, message: string): string {
  if (!src.password) return message;
  let out = message;
  for (const secret of new Set([src.password, sqlString(src.password).slice(1, -1), encodeURIComponent(src.password)])) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

/** For logs: where the LMS is, without credentials. */
export function describeSource(src: MysqlSource): string {
  return `mysql://${src.user}@${src.host}:${src.port}/${src.database}`;
}
