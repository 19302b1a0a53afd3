/**
 * Several SELECTs answered by one engine statement. chDB runs one statement at a time, and a
 * dashboard's statements are small: alone, each keeps one of the engine's threads busy and pays
 * the fixed cost of a statement. Joined with UNION ALL, the branches run side by side and the
 * fixed cost is paid once. Each branch turns its rows into JSONEachRow text in the engine
 * (formatRowNoNewline), so every caller gets exactly the bytes its own statement would have sent.
 */

const FORMAT_SUFFIX = /\s*FORMAT JSONEachRow\s*$/;

export interface SelectCall {
  /** The SELECT without its FORMAT clause. */
  sql: string;
  params: Record<string, unknown>;
}

/**
 * The call as a joinable SELECT, or undefined: only plain SELECT/WITH statements sent as
 * JSONEachRow, without settings of their own (a SETTINGS clause would apply to the whole join).
 */
export function joinableSelect(query: string, params: Record<string, unknown> | undefined, settings: Record<string, unknown> | undefined): SelectCall | undefined {
  if (settings && Object.keys(settings).length > 0) return undefined;
  if (!FORMAT_SUFFIX.test(query)) return undefined;
  const sql = query.replace(FORMAT_SUFFIX, '');
  if (!/^\s*(SELECT|WITH)\b/i.test(sql) || /\bSETTINGS\b|\bFORMAT\b|\bINTO\s+OUTFILE\b/i.test(sql)) return undefined;
  return { sql, params: params ?? {} };
}

/** Branch i's parameters are renamed `<name>_j<i>` (the branches may bind one name to different values). */
function renamed(call: SelectCall, branch: number): SelectCall {
  let sql = call.sql;
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(call.params)) {
    const alias = `${name}_j${branch}`;
    sql = sql.replaceAll(`{${name}:`, `{${alias}:`);
    params[alias] = value;
  }
  return { sql, params };
}

/** One statement for all the calls: rows (branch number, the row as JSONEachRow), as TSVRaw. */
export function joinedSelect(calls: SelectCall[]): { query: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const branches = calls.map((call, i) => {
    const branch = renamed(call, i);
    Object.assign(params, branch.params);
    return `SELECT ${i} AS branch, formatRowNoNewline('JSONEachRow', *) AS row FROM (\n${branch.sql}\n)`;
  });
  return { query: `${branches.join('\nUNION ALL\n')}\nFORMAT TSVRaw`, params };
}

/**
 * The joined statement's output split back into each call's JSONEachRow text. A branch's rows
 * keep their order; JSON text holds no raw tab or newline, so lines and the first tab split it.
 */
export function splitJoined(output: string, count: number): string[] {
  const parts: string[][] = Array.from({ length: count }, () => []);
  for (const line of output.split('\n')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    parts[Number(line.slice(0, tab))]!.push(line.slice(tab + 1));
  }
  return parts.map((rows) => (rows.length > 0 ? `${rows.join('\n')}\n` : ''));
}
