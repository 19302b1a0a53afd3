import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { definitions } from '../../components/institution/institution.messages';

/** The platform and org cards' definitions and README's say the same, word for word (README wraps its lines). */
describe('platform and org card definitions', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
  const section = readme.slice(readme.indexOf('## Platform and organizations'));
  for (const [card, message] of Object.entries(definitions)) {
    it(`${card}: README's "Platform and organizations" carries the card's definition`, () => {
      assert.ok(section.includes(message.defaultMessage.replace(/\s+/g, ' ')), `README lacks the ${card} definition: ${message.defaultMessage}`);
    });
  }
});
