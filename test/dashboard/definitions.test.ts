import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { definitions } from '../../components/dashboard/definitions.messages';

/** The cards' definitions and README's say the same, word for word (README wraps its lines). */
describe('card definitions', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
  for (const [card, message] of Object.entries(definitions)) {
    it(`${card}: README carries the card's definition`, () => {
      assert.ok(readme.includes(message.defaultMessage.replace(/\s+/g, ' ')), `README lacks the ${card} definition: ${message.defaultMessage}`);
    });
  }
  it('says what "Events in the last minute" is', () => {
    assert.match(definitions.live.defaultMessage, /last 60 seconds/);
  });
});
