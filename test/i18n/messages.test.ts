import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineMessages, formatMessage, registerCatalogue } from '../../lib/i18n';

const messages = defineMessages({
  evaluated: { id: 'test.evaluated', defaultMessage: '{count} of {total} learners evaluated' },
});

test('formatMessage fills placeholders and falls back to the default message', () => {
  assert.equal(formatMessage(messages.evaluated, { count: 3, total: 10 }), '3 of 10 learners evaluated');
  assert.equal(formatMessage(messages.evaluated, { count: 3 }), '3 of {total} learners evaluated');
});

test('a registered catalogue translates by message id, by language when the region has none', () => {
  registerCatalogue('fr', { 'test.evaluated': '{count} apprenants évalués sur {total}' });
  assert.equal(formatMessage(messages.evaluated, { count: 1, total: 2 }, 'fr-CA'), '1 apprenants évalués sur 2');
  assert.equal(formatMessage(messages.evaluated, { count: 1, total: 2 }, 'de'), '1 of 2 learners evaluated');
});
