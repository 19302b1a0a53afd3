/** The CSV writer: RFC 4180 quoting, formula-injection guard, and a round trip through the parser. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvRow, parseCsv, toCsv } from '../../lib/export/csv';

describe('csvCell', () => {
  const cases: [Parameters<typeof csvCell>[0], string][] = [
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [0, '0'],
    [0.125, '0.125'],
    [-3, '-3'],
    [Number.NaN, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rinside', '"cr\rinside"'],
    ['=1+1', "'=1+1"],
    ['+33 6 12', "'+33 6 12"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tfoo', "'\tfoo"],
    ['\rfoo', `"'\rfoo"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a=b', 'a=b'],
    ['Zoë Ünïcode', 'Zoë Ünïcode'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(csvCell(input), expected));
  }
});

describe('documents', () => {
  it('ends every record with CRLF', () => {
    assert.equal(csvRow(['a', 1, null]), 'a,1,\r\n');
    assert.equal(toCsv(['x', 'y'], [['1', '2'], ['3', '4']]), 'x,y\r\n1,2\r\n3,4\r\n');
  });

  it('parses back what it wrote, with the formula guard as the only change', () => {
    const rows = [
      ['plain', 'with, comma', 'quote " inside', 'multi\r\nline', ''],
      ['=cmd|/C calc!A0', '@x', '+1', '-1', 'ok'],
    ];
    const parsed = parseCsv(toCsv(['a', 'b', 'c', 'd', 'e'], rows));
    assert.deepEqual(parsed, [
      ['a', 'b', 'c', 'd', 'e'],
      ['plain', 'with, comma', 'quote " inside', 'multi\r\nline', ''],
      ["'=cmd|/C calc!A0", "'@x", "'+1", "'-1", 'ok'],
    ]);
  });

  it('parses LF-only text and a last record without a line end', () => {
    assert.deepEqual(parseCsv('a,b\n1,"2\n3"'), [
      ['a', 'b'],
      ['1', '2\n3'],
    ]);
  });
});
