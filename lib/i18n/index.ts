/**
 * The message catalogue. Every user-facing string is a message descriptor, declared
 * next to the code that shows it in a `messages.ts` file with `defineMessages`, as
 * Open edX MFEs declare theirs (@edx/frontend-platform/i18n), so the same extraction
 * and translation tooling applies. English is the default message; translations are
 * catalogues keyed by message id (lib/i18n/locales/<locale>.ts).
 */
export interface MessageDescriptor {
  id: string;
  defaultMessage: string;
  description?: string;
}

export type MessageValues = Record<string, string | number>;

type Catalogue = Record<string, string>;

const catalogues: Record<string, Catalogue> = {};

export function defineMessages<T extends Record<string, MessageDescriptor>>(messages: T): T {
  return messages;
}

export function registerCatalogue(locale: string, catalogue: Catalogue): void {
  catalogues[locale.toLowerCase()] = { ...catalogues[locale.toLowerCase()], ...catalogue };
}

function catalogueFor(locale: string | undefined): Catalogue | undefined {
  if (!locale) return undefined;
  const lower = locale.toLowerCase();
  return catalogues[lower] ?? catalogues[lower.split('-')[0] ?? lower];
}

/** `{name}` placeholders are replaced by `values.name`; an unknown placeholder stays as written. */
export function formatMessage(message: MessageDescriptor, values?: MessageValues, locale?: string): string {
  const template = catalogueFor(locale)?.[message.id] ?? message.defaultMessage;
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}
