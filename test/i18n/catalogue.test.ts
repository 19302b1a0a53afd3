import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IntlMessageFormat } from 'intl-messageformat';
import ts from 'typescript';
import { sourceFiles } from './sources';

/**
 * The message catalogue as a translator's tools read it (formatjs extraction, as for Open edX
 * MFEs): every message declared with `defineMessages` in a *.messages.ts file, with a literal id
 * under "lookout." that no other message has, and a default message that parses as ICU
 * MessageFormat. And every `formatMessage(descriptor, values)` in the code supplies exactly the
 * placeholders its message has (found with the TypeScript type checker).
 */

interface Declared {
  id: string;
  defaultMessage: string;
  where: string;
  placeholders: Set<string>;
}

const FOLDERS = ['app', 'components', 'lib'];
const files = sourceFiles(FOLDERS, '.ts', '.tsx');
const program = ts.createProgram(files, {
  jsx: ts.JsxEmit.ReactJSX,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  baseUrl: '.',
  paths: { '@/*': ['./*'] },
  skipLibCheck: true,
  noEmit: true,
});
const checker = program.getTypeChecker();
const sources = program.getSourceFiles().filter((s) => !s.isDeclarationFile && files.some((f) => s.fileName.endsWith(f)));

const where = (node: ts.Node) => {
  const source = node.getSourceFile();
  return `${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
};

const isCallTo = (node: ts.Node, name: string): node is ts.CallExpression =>
  ts.isCallExpression(node) &&
  ((ts.isIdentifier(node.expression) && node.expression.text === name) || (ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === name));

function walk(node: ts.Node, visit: (n: ts.Node) => void) {
  visit(node);
  ts.forEachChild(node, (child) => walk(child, visit));
}

/** Argument names of an ICU message, through plurals and selects. */
function placeholdersOf(message: string): Set<string> {
  const names = new Set<string>();
  type Element = { type: number; value?: unknown; options?: Record<string, { value: Element[] }> };
  const visit = (elements: Element[]) => {
    for (const e of elements) {
      // 0 literal, 7 pound (#), 8 tag: no argument; the others (argument, number, date, time, select, plural) name one.
      if (e.type !== 0 && e.type !== 7 && e.type !== 8 && typeof e.value === 'string') names.add(e.value);
      for (const option of Object.values(e.options ?? {})) visit(option.value);
    }
  };
  visit(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst() as Element[]);
  return names;
}

/** Each message declared in a defineMessages(...) call, by the declaration of its property. */
const declared = new Map<ts.Node, Declared>();
const problems: string[] = [];
for (const source of sources) {
  walk(source, (node) => {
    if (!isCallTo(node, 'defineMessages') || source.fileName.endsWith('lib/i18n/index.ts')) return;
    if (!/\.messages\.ts$/.test(source.fileName)) problems.push(`${where(node)}: defineMessages outside a *.messages.ts file`);
    const catalogue = node.arguments[0];
    if (!catalogue || !ts.isObjectLiteralExpression(catalogue)) return void problems.push(`${where(node)}: defineMessages needs an object literal`);
    for (const property of catalogue.properties) {
      const fields = ts.isPropertyAssignment(property) && ts.isObjectLiteralExpression(property.initializer) ? property.initializer : undefined;
      const text = (name: string) => {
        const p = fields?.properties.find((f) => ts.isPropertyAssignment(f) && f.name.getText() === name) as ts.PropertyAssignment | undefined;
        return p && (ts.isStringLiteral(p.initializer) || ts.isNoSubstitutionTemplateLiteral(p.initializer)) ? p.initializer.text : undefined;
      };
      const id = text('id');
      const defaultMessage = text('defaultMessage');
      if (id === undefined || defaultMessage === undefined) {
        problems.push(`${where(property)}: a message needs a literal id and defaultMessage (extraction reads them as written)`);
        continue;
      }
      let placeholders = new Set<string>();
      try {
        placeholders = placeholdersOf(defaultMessage);
      } catch (err) {
        problems.push(`${where(property)}: ${id} is not ICU MessageFormat: ${(err as Error).message}`);
      }
      declared.set(property, { id, defaultMessage, where: where(property), placeholders });
    }
  });
}

test('messages are declared in *.messages.ts files with literal ids and ICU default messages', () => {
  assert.ok(declared.size > 300, `found only ${declared.size} messages`);
  assert.deepEqual(problems, []);
});

test('every message id is unique and namespaced "lookout."', () => {
  const byId = new Map<string, string[]>();
  for (const m of declared.values()) byId.set(m.id, [...(byId.get(m.id) ?? []), m.where]);
  assert.deepEqual([...byId].filter(([, at]) => at.length > 1).map(([id, at]) => `${id}: ${at.join(', ')}`), []);
  assert.deepEqual([...byId.keys()].filter((id) => !/^lookout\.[\w.]+$/.test(id)), []);
});

/** The declared messages an expression can be: `m.title`, `cond ? m.a : m.b`; none when it cannot tell. */
function messagesOf(node: ts.Expression): Declared[] {
  if (ts.isParenthesizedExpression(node)) return messagesOf(node.expression);
  if (ts.isConditionalExpression(node)) return [...messagesOf(node.whenTrue), ...messagesOf(node.whenFalse)];
  if (!ts.isPropertyAccessExpression(node)) return [];
  const symbol = checker.getSymbolAtLocation(node.name);
  return (symbol?.declarations ?? []).flatMap((d) => (declared.has(d) ? [declared.get(d)!] : []));
}

test('every formatMessage call supplies exactly the placeholders of its message', () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const source of sources) {
    walk(source, (node) => {
      if (!isCallTo(node, 'formatMessage') || !node.arguments[0]) return;
      const values = node.arguments[1];
      let given: Set<string> | undefined = new Set();
      if (values && ts.isObjectLiteralExpression(values)) {
        for (const p of values.properties) {
          if (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) given.add(p.name.getText());
          else given = undefined; // a spread: cannot tell
          if (!given) break;
        }
      } else if (values) given = undefined;
      if (!given) return;
      // `a ? m.x : m.y` with one set of values: each message needs its own, and may leave the other's unused.
      const alternatives = messagesOf(node.arguments[0]);
      const used = new Set(alternatives.flatMap((m) => [...m.placeholders]));
      for (const message of alternatives) {
        checked++;
        const missing = [...message.placeholders].filter((p) => !given!.has(p));
        const unknown = [...given].filter((p) => !used.has(p));
        if (missing.length || unknown.length) {
          wrong.push(`${where(node)}: ${message.id}${missing.length ? ` misses {${missing.join('}, {')}}` : ''}${unknown.length ? ` has no {${unknown.join('}, {')}}` : ''}`);
        }
      }
    });
  }
  assert.ok(checked > 300, `checked only ${checked} calls`);
  assert.deepEqual(wrong, []);
});
