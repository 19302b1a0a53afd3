/**
 * The LMS REST API as an Open edX service calls it: an OAuth2 client-credentials JWT, then the
 * Course Blocks and grading-policy APIs, with retries and backoff.
 *
 * Shapes, from the sources (openedx/edx-platform unless named):
 *  - token: POST /oauth2/access_token, form grant_type=client_credentials, client_id,
 *    client_secret, token_type=jwt → {access_token, token_type: 'JWT', expires_in, scope}; sent
 *    as `Authorization: JWT <token>` (openedx/edx-rest-api-client edx_rest_api_client/client.py
 *    get_oauth_access_token, OAuthAPIClient).
 *  - blocks: GET /api/courses/v2/blocks/?course_id=…&all_blocks=true&depth=all&requested_fields=…
 *    &student_view_data=video (lms/djangoapps/course_api/blocks/urls.py: v2 = BlocksInCourseView
 *    without hide_access_denials; views.py, forms.py). Response (return_type=dict, the default):
 *    {root, blocks: {<usage id>: {id, type, display_name, children?, graded?, format?, due?,
 *    start?, student_view_data?}}} (serializers.py BlockSerializer/BlockDictSerializer): a field
 *    whose value is None is left out, `children` only when there are some, `graded` defaults to
 *    false. Not paginated in the versions read (views.py returns get_blocks() in one Response);
 *    a DRF page ({results, next}) is followed anyway should a deployment paginate it.
 *    Video student_view_data: {only_on_web, duration, transcripts, encoded_videos, all_sources}
 *    (xmodule/video_block/video_block.py student_view_data; duration from VAL, may be null).
 *  - grading policy: GET /api/grades/v1/policy/courses/<course_id>/ → [{assignment_type, count,
 *    dropped, weight}] (lms/djangoapps/grades/rest_api/v1/views.py CourseGradingPolicy,
 *    rest_api/serializers.py GradingPolicySerializer; `count` may be null when the grader lacks
 *    min_count, tests/test_grading_policy_view.py). 403 unless staff on the course.
 */
import type { AssignmentType, CourseStructure, StructureBlock } from './structure';

export class LmsApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface LmsApiOptions {
  lmsUrl: string;
  clientId: string;
  clientSecret: string;
  /** Attempts per request on 429, 5xx and network errors (default 4). */
  attempts?: number;
  /** First backoff; doubles per attempt (default 500 ms). */
  backoffMs?: number;
  /** Per-request timeout (default 60 s: a large course's blocks take a while to build). */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const REQUESTED_FIELDS = ['children', 'display_name', 'type', 'graded', 'format', 'due', 'start', 'student_view_data'];
/** Pages followed at most, should the blocks API paginate. */
const MAX_PAGES = 1000;

export class LmsApi {
  private token: { value: string; expiresAt: number } | undefined;
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: LmsApiOptions) {
    this.base = opts.lmsUrl.replace(/\/+$/, '');
    this.fetchImpl = opts.fetchImpl ?? fetch;
  }

  /** The course's blocks and grading policy, as one CourseStructure. */
  async courseStructure(courseId: string): Promise<CourseStructure> {
    const [{ root, blocks }, gradingPolicy] = await Promise.all([this.courseBlocks(courseId), this.gradingPolicy(courseId)]);
    return { courseId, root, blocks, gradingPolicy };
  }

  async courseBlocks(courseId: string): Promise<{ root: string; blocks: Map<string, StructureBlock> }> {
    const url = new URL(`${this.base}/api/courses/v2/blocks/`);
    url.searchParams.set('course_id', courseId);
    url.searchParams.set('all_blocks', 'true');
    url.searchParams.set('depth', 'all');
    url.searchParams.set('requested_fields', REQUESTED_FIELDS.join(','));
    url.searchParams.set('student_view_data', 'video');
    url.searchParams.set('return_type', 'dict');
    let root = '';
    const blocks = new Map<string, StructureBlock>();
    let next: string | null = url.toString();
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const body = await this.getJson(next, `blocks of ${courseId}`);
      const paged = isObject(body) && 'results' in body;
      const data = paged ? body.results : body;
      if (isObject(data) && typeof data.root === 'string') root ||= data.root;
      const list: unknown[] = Array.isArray(data) ? data : isObject(data) && isObject(data.blocks) ? Object.values(data.blocks) : isObject(data) && Array.isArray(data.blocks) ? data.blocks : [];
      for (const raw of list) {
        const b = parseBlock(raw);
        if (b) blocks.set(b.id, b);
      }
      next = paged ? nextPage(body) : null;
    }
    if (!root) root = [...blocks.values()].find((b) => b.type === 'course')?.id ?? '';
    if (!root || !blocks.has(root)) throw new LmsApiError(`the blocks API gave no course root for ${courseId}`);
    return { root, blocks };
  }

  async gradingPolicy(courseId: string): Promise<AssignmentType[]> {
    const body = await this.getJson(`${this.base}/api/grades/v1/policy/courses/${encodeURIComponent(courseId)}/`, `grading policy of ${courseId}`);
    const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.results) ? body.results : undefined;
    if (!list) throw new LmsApiError(`the grading policy of ${courseId} is not a list`);
    return list.filter(isObject).flatMap((p) =>
      typeof p.assignment_type === 'string'
        ? [{ assignmentType: p.assignment_type, count: num(p.count), dropped: num(p.dropped), weight: num(p.weight) }]
        : [],
    );
  }

  private pendingToken: Promise<string> | undefined;

  /** A valid token: the cached one, or one new request shared by concurrent callers. */
  private accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 5_000) return Promise.resolve(this.token.value);
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = undefined;
    });
    return this.pendingToken;
  }

  private async fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.opts.clientId, client_secret: this.opts.clientSecret, token_type: 'jwt' });
    const res = await this.request(`${this.base}/oauth2/access_token`, 'OAuth token', { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const body = (await res.json().catch(() => undefined)) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (typeof body?.access_token !== 'string') throw new LmsApiError('the LMS token endpoint gave no access_token');
    this.token = { value: body.access_token, expiresAt: Date.now() + num(body.expires_in, 300) * 1000 };
    return this.token.value;
  }

  private async getJson(url: string, what: string): Promise<unknown> {
    for (let auth = 0; ; auth++) {
      const token = await this.accessToken();
      const res = await this.request(url, what, { headers: { authorization: `JWT ${token}`, accept: 'application/json' } }, auth === 0 ? [401] : []);
      if (res.status === 401) {
        this.token = undefined; // expired or revoked: one new token, then give up
        continue;
      }
      try {
        return await res.json();
      } catch {
        throw new LmsApiError(`the LMS answered ${what} with something other than JSON`);
      }
    }
  }

  /** fetch with retries on 429, 5xx and network errors; other non-2xx statuses throw (unless passed through). */
  private async request(url: string, what: string, init: RequestInit, passThrough: number[] = []): Promise<Response> {
    const attempts = Math.max(1, this.opts.attempts ?? 4);
    let wait = this.opts.backoffMs ?? 500;
    let last: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000) });
        if (res.ok || passThrough.includes(res.status)) return res;
        const detail = (await res.text().catch(() => '')).slice(0, 300);
        last = new LmsApiError(`the LMS answered ${res.status} for ${what}${detail ? `: ${detail}` : ''}`, res.status);
        if (res.status !== 429 && res.status < 500) throw last;
        const retryAfter = Number(res.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.max(wait, retryAfter * 1000);
      } catch (err) {
        if (err instanceof LmsApiError && err.status !== undefined && err.status !== 429 && err.status < 500) throw err;
        last = err instanceof LmsApiError ? err : new LmsApiError(`the LMS could not be reached for ${what}: ${(err as Error).message}`);
      }
      if (attempt < attempts) {
        await new Promise((r) => setTimeout(r, wait));
        wait *= 2;
      }
    }
    throw last;
  }
}

function parseBlock(raw: unknown): StructureBlock | undefined {
  if (!isObject(raw) || typeof raw.id !== 'string' || typeof raw.type !== 'string') return undefined;
  const view = isObject(raw.student_view_data) ? raw.student_view_data : undefined;
  const duration = view && typeof view.duration === 'number' && view.duration > 0 ? view.duration : null;
  const due = typeof raw.due === 'string' ? new Date(raw.due) : null;
  return {
    id: raw.id,
    type: raw.type,
    name: typeof raw.display_name === 'string' ? raw.display_name : '',
    children: Array.isArray(raw.children) ? raw.children.filter((c): c is string => typeof c === 'string') : [],
    graded: raw.graded === true,
    format: typeof raw.format === 'string' ? raw.format : '',
    due: due && !Number.isNaN(due.getTime()) ? due : null,
    duration,
  };
}

function nextPage(body: Record<string, unknown>): string | null {
  const p = isObject(body.pagination) ? body.pagination.next : body.next;
  return typeof p === 'string' && p ? p : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown, fallback = 0): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}
