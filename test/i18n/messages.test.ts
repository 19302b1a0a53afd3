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

test('plurals follow the language of the message (ICU MessageFormat)', () => {
  const days = defineMessages({
    ago: { id: 'test.daysAgo', defaultMessage: '{days, plural, one {# day ago} other {# days ago}}' },
  });
  assert.equal(formatMessage(days.ago, { days: 1 }), '1 day ago');
  assert.equal(formatMessage(days.ago, { days: 0 }), '0 days ago');
  assert.equal(formatMessage(days.ago, { days: 12 }), '12 days ago');
  registerCatalogue('pl', { 'test.daysAgo': '{days, plural, one {# dzień temu} few {# dni temu} many {# dni temu} other {# dnia temu}}' });
  assert.equal(formatMessage(days.ago, { days: 1 }, 'pl'), '1 dzień temu');
  assert.equal(formatMessage(days.ago, { days: 3 }, 'pl'), '3 dni temu');
});

test('a message that does not parse shows its text rather than failing the page', () => {
  const broken = defineMessages({ b: { id: 'test.broken', defaultMessage: 'unclosed {count, plural, one {x}' } });
  assert.equal(formatMessage(broken.b, { count: 1 }), 'unclosed {count, plural, one {x}');
});
