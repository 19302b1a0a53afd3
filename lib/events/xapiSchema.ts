/**
 * xAPI 1.0.3 statement requirements (xAPI-Data.md §2.4 "Statement Properties", §4.5 "ISO 8601
 * Timestamps", §4.2 language maps, §4.1 extensions), as the LRS must enforce them (xAPI-Communication
 * §2.1.2: "An LRS rejects with 400 Bad Request a Statement that does not follow the format"), in zod.
 * zod is already a dependency and expresses the cross-field rules (exactly one IFI, min < max, no
 * revision/platform on a non-Activity object) in the same place as the shapes; a JSON-schema
 * validator would need those as code anyway.
 *
 * Every object is strict (a property the spec does not define is refused), except inside
 * extensions, which hold anything (even null). Statements of event-routing-backends (they carry its
 * transformer-version extension) are held to the same rules but for the deviations ERB's own output
 * has, so that real Open edX data is never refused (its fixtures, test/fixtures/openedx-events/xapi):
 * an Activity without an id when the event had no block id (`*.required.only.data`), score min =
 * max = 0 for a problem worth nothing (`max_grade_0`, `weighted_possible_0`), an object or context
 * activity of objectType "GroupActivity" (multi-question problems) and a bare UUID as a context activity's id
 * (special exams' attempt grouping).
 */
import { z } from 'zod';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An absolute IRI: a scheme, then no whitespace (RFC 3987 §2.2, as far as a statement needs). */
const IRI_RE = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
/** RFC 5646 language tag, loosely: subtags of 1–8 letters or digits. */
const LANG_RE = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;
/** ISO 8601 duration, with the spec's precision (§4.6). */
const DURATION_RE = /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
/** ISO 8601 date and time with a timezone (§4.5): Z or an offset; -00:00 ("unknown offset") is refused. */
const TIMESTAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
export const ERB_TRANSFORMER_VERSION = 'https://w3id.org/xapi/openedx/extension/transformer-version';

const uuid = (what: string) => z.string().regex(UUID_RE, `${what} must be a UUID`);
const iri = (what: string) => z.string().regex(IRI_RE, `${what} must be an IRI (absolute, with a scheme)`);
const languageMap = (what: string) =>
  z.record(z.string().regex(LANG_RE, `${what} keys must be RFC 5646 language tags`), z.string({ error: `${what} values must be strings` }));
const extensions = (what: string) => z.record(iri(`${what} keys`), z.unknown());
const timestamp = (what: string) =>
  z
    .string()
    .regex(TIMESTAMP_RE, `${what} must be an ISO 8601 date and time with a timezone`)
    .refine((t) => !/-00(:?00)?$/.test(t), `${what} must not use the -00:00 offset`)
    .refine((t) => !Number.isNaN(Date.parse(t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))), `${what} is not a real date and time`);

const account = z.strictObject({ homePage: iri('account.homePage'), name: z.string().min(1, 'account.name must not be empty') });
const ifis = {
  mbox: z.string().regex(/^mailto:[^\s@]+@[^\s@]+$/i, 'mbox must be a mailto: IRI').optional(),
  mbox_sha1sum: z.string().regex(/^[0-9a-f]{40}$/i, 'mbox_sha1sum must be 40 hex digits').optional(),
  openid: iri('openid').optional(),
  account: account.optional(),
};
const ifiCount = (o: Record<string, unknown>) => ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => o[k] !== undefined).length;

const agent = z
  .strictObject({ objectType: z.literal('Agent').optional(), name: z.string().optional(), ...ifis })
  .refine((a) => ifiCount(a) === 1, 'an Agent must have exactly one of mbox, mbox_sha1sum, openid, account');

const group = z
  .strictObject({ objectType: z.literal('Group'), name: z.string().optional(), member: z.array(agent).optional(), ...ifis })
  .refine((g) => ifiCount(g) <= 1, 'a Group must have at most one of mbox, mbox_sha1sum, openid, account')
  .refine((g) => ifiCount(g) === 1 || (g.member !== undefined && g.member.length > 0), 'an anonymous Group (no identifier) must list its members');

/**
 * An object chosen by its objectType (absent = `absent`), so that an error is the chosen kind's
 * (a plain union reports whichever branch failed last).
 */
function byObjectType(absent: string, kinds: [z.ZodType, ...z.ZodType[]], error: string) {
  return z.preprocess(
    (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) && !('objectType' in v) ? { ...v, objectType: absent } : v),
    z.discriminatedUnion('objectType', kinds as [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]], { error }),
  );
}

const actor = byObjectType('Agent', [group, agent], 'must be an Agent or a Group (objectType "Group")');

const verb = z.strictObject({ id: iri('verb.id'), display: languageMap('verb.display').optional() });

const INTERACTION_TYPES = ['true-false', 'choice', 'fill-in', 'long-fill-in', 'matching', 'performance', 'sequencing', 'likert', 'numeric', 'other'] as const;
const interactionComponents = z.array(z.strictObject({ id: z.string().min(1), description: languageMap('description').optional() }));
const definition = z.strictObject({
  name: languageMap('definition.name').optional(),
  description: languageMap('definition.description').optional(),
  type: iri('definition.type').optional(),
  moreInfo: iri('definition.moreInfo').optional(),
  extensions: extensions('definition.extensions').optional(),
  interactionType: z.enum(INTERACTION_TYPES, { error: `interactionType must be one of ${INTERACTION_TYPES.join(', ')}` }).optional(),
  correctResponsesPattern: z.array(z.string()).optional(),
  choices: interactionComponents.optional(),
  scale: interactionComponents.optional(),
  source: interactionComponents.optional(),
  target: interactionComponents.optional(),
  steps: interactionComponents.optional(),
});
const activity = z.strictObject({ objectType: z.literal('Activity').optional(), id: iri('activity id'), definition: definition.optional() });
/** An Activity as ERB may send it without its id (see above). */
const activityOfErb = activity.extend({ objectType: z.enum(['Activity', 'GroupActivity']).optional(), id: iri('activity id').optional() });
const statementRef = z.strictObject({ objectType: z.literal('StatementRef'), id: uuid('StatementRef id') });
const contextActivityOfErb = activity.extend({ objectType: z.enum(['Activity', 'GroupActivity']).optional(), id: z.string().min(1) });
const activitiesOf = (one: z.ZodType) => z.union([z.array(one), one], { error: 'must be an Activity or an array of Activities' });

const scoreOf = (erb: boolean) => z
  .strictObject({
    scaled: z.number().min(-1, 'score.scaled must be between -1 and 1').max(1, 'score.scaled must be between -1 and 1').optional(),
    raw: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .refine((s) => s.min === undefined || s.max === undefined || s.min < s.max || (erb && s.min === s.max), 'score.min must be less than score.max')
  .refine((s) => s.raw === undefined || ((s.min === undefined || s.raw >= s.min) && (s.max === undefined || s.raw <= s.max)), 'score.raw must be between score.min and score.max');
const resultOf = (erb: boolean) => z.strictObject({
  score: scoreOf(erb).optional(),
  success: z.boolean().optional(),
  completion: z.boolean().optional(),
  response: z.string().optional(),
  duration: z.string().regex(DURATION_RE, 'result.duration must be an ISO 8601 duration').optional(),
  extensions: extensions('result.extensions').optional(),
});
const contextOf = (erb: boolean) => {
  const activities = activitiesOf(erb ? contextActivityOfErb : activity);
  return z.strictObject({
  registration: uuid('context.registration').optional(),
  instructor: actor.optional(),
  team: group.optional(),
  contextActivities: z
    .strictObject({ parent: activities.optional(), grouping: activities.optional(), category: activities.optional(), other: activities.optional() })
    .optional(),
  revision: z.string().optional(),
  platform: z.string().optional(),
  language: z.string().regex(LANG_RE, 'context.language must be an RFC 5646 language tag').optional(),
  statement: statementRef.optional(),
  extensions: extensions('context.extensions').optional(),
  });
};
const attachment = z.strictObject({
  usageType: iri('attachment usageType'),
  display: languageMap('attachment display'),
  description: languageMap('attachment description').optional(),
  contentType: z.string().min(1, 'attachment contentType is required'),
  length: z.number().int('attachment length must be an integer').min(0),
  sha2: z.string().regex(/^[0-9a-f]{56,128}$/i, 'attachment sha2 must be a SHA-2 hex digest'),
  fileUrl: iri('attachment fileUrl').optional(),
});

/** What a statement and a sub-statement share. */
const coreOf = (erb: boolean) => ({
  actor,
  verb,
  result: resultOf(erb).optional(),
  context: contextOf(erb).optional(),
  timestamp: timestamp('timestamp').optional(),
  attachments: z.array(attachment).optional(),
});
const objectTypeOf = (o: unknown) => (typeof o === 'object' && o !== null && 'objectType' in o ? (o as { objectType: unknown }).objectType : 'Activity');
/** revision and platform describe an Activity: not allowed with an Agent or Group object (§2.4.6). */
const contextFitsObject = (s: { object: unknown; context?: { revision?: string; platform?: string } }) =>
  !['Agent', 'Group'].includes(objectTypeOf(s.object) as string) || (s.context?.revision === undefined && s.context?.platform === undefined);
const CONTEXT_FITS = 'context.revision and context.platform must only be used when the object is an Activity';

const subStatementOf = (erb: boolean) => z
  .strictObject({
    objectType: z.literal('SubStatement'),
    ...coreOf(erb),
    object: byObjectType('Activity', [statementRef, group, agent, activity], 'a SubStatement object must be an Activity, Agent, Group or StatementRef (not a SubStatement)'),
  })
  .refine(contextFitsObject, CONTEXT_FITS);

function statementSchema(erb: boolean) {
  const object = byObjectType('Activity', [subStatementOf(erb), statementRef, group, agent, erb ? activityOfErb : activity], 'object must be an Activity, Agent, Group, StatementRef or SubStatement');
  return z
    .strictObject({
      id: uuid('id').optional(),
      ...coreOf(erb),
      object,
      stored: timestamp('stored').optional(),
      authority: actor.optional(),
      version: z.string().regex(/^1\.0(\.\d+)?$/, 'version must be 1.0.x').optional(),
    })
    .refine(contextFitsObject, CONTEXT_FITS);
}
const STATEMENT = statementSchema(false);
const ERB_STATEMENT = statementSchema(true);

function fromErb(stmt: unknown): boolean {
  const ext = (stmt as { context?: { extensions?: unknown } } | null)?.context?.extensions;
  return typeof ext === 'object' && ext !== null && ERB_TRANSFORMER_VERSION in ext;
}

/** The first rule a statement breaks, as "<path>: <rule>", or null when it follows xAPI 1.0.3. */
export function xapiViolation(stmt: unknown): string | null {
  const parsed = (fromErb(stmt) ? ERB_STATEMENT : STATEMENT).safeParse(stmt);
  if (parsed.success) return null;
  const issue = deepest(parsed.error.issues);
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  const message =
    issue.code === 'unrecognized_keys' ? `not an xAPI 1.0.3 property: ${issue.keys.join(', ')}` : issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  return `${path || 'statement'}: ${message}`;
}

/** Of a union's failures, the branch that got furthest says the most (a wrong Agent, not "not a Group"). */
function deepest(issues: z.core.$ZodIssue[]): z.core.$ZodIssue {
  let best = issues[0]!;
  for (const issue of issues) {
    const candidate = issue.code === 'invalid_union' && issue.errors.length > 0 ? deepest(issue.errors.flat().map((i) => ({ ...i, path: [...issue.path, ...i.path] }))) : issue;
    if (candidate.path.length > best.path.length || best.code === 'invalid_union') best = candidate;
  }
  return best;
}
