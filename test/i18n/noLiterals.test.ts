import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { sourceFiles } from './sources';

/**
 * Every word a person reads on a page comes from the message catalogue (lib/i18n), so that a
 * translation covers the whole page. This reads every .tsx under app/ and components/ with the
 * TypeScript compiler and fails on text written into the markup instead: JSX text with letters,
 * string literals with letters as JSX children (also inside `a ? 'x' : 'y'` and templates), in
 * attributes that a person reads or hears, and in a page's metadata.
 */

/** Attributes shown or read aloud: the HTML ones, and this app's props that become one of them. */
const TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'alt',
  'placeholder',
  'label',
  // Card/ScrollRegion/drill props that become headings, captions and accessible names.
  'heading',
  'caption',
  'subtitle',
  'definition',
  'what',
]);

/**
 * Words that stay as they are in every language. Each entry is a whole text, trimmed.
 * - "Lookout": the product's name (a brand is not translated).
 */
const ALLOWED = new Set(['Lookout']);

const hasWords = (text: string) => /\p{L}/u.test(text) && !ALLOWED.has(text.trim());

interface Finding {
  where: string;
  text: string;
}

/** The literal texts an expression can evaluate to: through `?:`, `&&`, `||`, `??`, parentheses and templates. */
function literalTexts(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
  if (ts.isParenthesizedExpression(node)) return literalTexts(node.expression);
  if (ts.isConditionalExpression(node)) return [...literalTexts(node.whenTrue), ...literalTexts(node.whenFalse)];
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.PlusToken].includes(node.operatorToken.kind)) {
    return [...literalTexts(node.left), ...literalTexts(node.right)];
  }
  return [];
}

function findLiterals(file: string): Finding[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const findings: Finding[] = [];
  const report = (node: ts.Node, texts: string[]) => {
    for (const text of texts.filter(hasWords)) {
      findings.push({ where: `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`, text: text.trim() });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) report(node, [node.text]);
    else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      report(node, literalTexts(node.expression));
    } else if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const value = node.initializer;
      if (ts.isStringLiteral(value)) report(node, [value.text]);
      else if (ts.isJsxExpression(value) && value.expression) report(node, literalTexts(value.expression));
    } else if (ts.isVariableDeclaration(node) && node.name.getText() === 'metadata' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      for (const property of node.initializer.properties) {
        if (ts.isPropertyAssignment(property)) report(property, literalTexts(property.initializer));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

test('no user-visible text is written into the markup of app/ and components/: it comes from a *.messages.ts catalogue', () => {
  const files = sourceFiles(['app', 'components'], '.tsx');
  assert.ok(files.length > 40, `found only ${files.length} .tsx files`);
  const findings = files.flatMap(findLiterals);
  assert.deepEqual(
    findings.map((f) => `${f.where}: ${JSON.stringify(f.text)}`),
    [],
    'move these texts into the message catalogue (defineMessages beside the component) and show them with formatMessage',
  );
});

test('the check finds what it is meant to find', () => {
  const probe = sourceFiles(['test/i18n/fixtures'], '.tsx');
  const found = probe.flatMap(findLiterals).map((f) => f.text);
  assert.deepEqual(found.sort(), ['Plain text', 'Shown when off', 'an alt text', 'a tooltip', 'prefix', 'Organization', 'Only when on']
    .sort());
});
