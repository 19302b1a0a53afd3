import { IntlMessageFormat } from 'intl-messageformat';

/**
 * The message catalogue. Every user-facing string is a message descriptor, declared
 * next to the code that shows it in a `*.messages.ts` file with `defineMessages`, as
 * Open edX MFEs declare theirs (@edx/frontend-platform/i18n), so the same extraction
 * and translation tooling applies. English is the default message; a translation is a
 * catalogue keyed by message id, registered with `registerCatalogue`.
 *
 * Messages are ICU MessageFormat, formatted by intl-messageformat (the formatter of react-intl,
 * which @edx/frontend-platform uses): `{name}` placeholders, and plurals where numbers appear,
 * `{count, plural, one {# learner} other {# learners}}`, so that a translation can follow its
 * language's plural rules.
 */
export interface MessageDescriptor {
  id: string;
  defaultMessage: string;
  description?: string;
}

export type MessageValues = Record<string, string | number>;

type Catalogue = Record<string, string>;

const DEFAULT_LOCALE = 'en';
const catalogues: Record<string, Catalogue> = {};
const compiled = new Map<string, IntlMessageFormat>();

export function defineMessages<T extends Record<string, MessageDescriptor>>(messages: T): T {
  return messages;
}

export function registerCatalogue(locale: string, catalogue: Catalogue): void {
  catalogues[locale.toLowerCase()] = { ...catalogues[locale.toLowerCase()], ...catalogue };
  compiled.clear();
}

function translation(message: MessageDescriptor, locale: string | undefined): { template: string; locale: string } {
  if (locale) {
    const lower = locale.toLowerCase();
    for (const key of [lower, lower.split('-')[0] ?? lower]) {
      const template = catalogues[key]?.[message.id];
      if (template !== undefined) return { template, locale };
    }
  }
  return { template: message.defaultMessage, locale: DEFAULT_LOCALE };
}

/** A message's format, compiled once per locale and template. Tags (`<b>`) are plain text here. */
function compile(template: string, locale: string): IntlMessageFormat {
  const key = `${locale}\u0000${template}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
    compiled.set(key, format);
  }
  return format;
}

/**
 * The message in the viewer's language (its English default without a translation), with its
 * placeholders filled. A template that does not parse, or a placeholder without a value, shows
 * the template with the placeholders it can fill rather than failing the page; the catalogue
 * tests (test/i18n) keep both from happening.
 */
export function formatMessage(message: MessageDescriptor, values?: MessageValues, locale?: string): string {
  const { template, locale: used } = translation(message, locale);
  try {
    return String(compile(template, used).format(values));
  } catch {
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
    );
  }
}
