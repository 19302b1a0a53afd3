/**
 * A small stand-in for the Open edX LMS, implementing exactly the endpoints Lookout and
 * @edx/frontend-platform call: /oauth2/authorize (with a sign-in form), /oauth2/access_token
 * (authorization code; token_type=jwt gives a JWT), /api/user/v1/me,
 * /api/user/v1/accounts/<username>, /api/courses/v1/courses/?permissions=staff (paginated),
 * /login (sets the JWT cookies), /login_refresh (re-issues them, with CORS), and the JWK set.
 * It can also serve a page that frames a URL (the instructor dashboard's iframe tab).
 * For the course structure sync it answers the client-credentials token (a JWT for the
 * service user), the Course Blocks API and the grading-policy API (see ./lmsCourse.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { jwtVerify, createLocalJWKSet } from 'jose';
import { lmsKeys, signLmsJwt, type LmsKeys } from './lmsJwt';
import { blocksResponse, type TestCourse } from './lmsCourse';

export interface TestLmsUser {
  id: number;
  username: string;
  email: string;
  name: string;
  isStaff?: boolean;
  isSuperuser?: boolean;
  /** Courses where the user is course staff (what ?permissions=staff returns). */
  staffCourses?: string[];
}

export interface TestLms {
  url: string;
  keys: LmsKeys;
  issuer: string;
  audience: string;
  clientId: string;
  clientSecret: string;
  /** Every request, as "METHOD /path?query". */
  requests: string[];
  /** Lifetime of JWTs issued from now on (seconds; negative = already expired). */
  setJwtTtl(seconds: number): void;
  /** Serves `html` at `path` (e.g. a page that frames Lookout). */
  page(path: string, html: string): void;
  /** Sets (or replaces: a publish) what the blocks and grading-policy APIs answer for a course. */
  setCourse(course: TestCourse): void;
  /** Makes the course APIs answer `status` for a course (undefined: answer normally again). */
  /** Refuse the course's blocks and policy with `status` (undefined: stop), for the next `times` blocks requests (default: until told). */
  refuseCourse(courseId: string, status: number | undefined, times?: number): void;
  /** The service user the client-credentials grant issues tokens for. */
  serviceUser: TestLmsUser;
  close(): Promise<void>;
}

export async function startTestLms(options: { users: TestLmsUser[]; pageSize?: number; port?: number; courses?: TestCourse[]; serviceUser?: TestLmsUser }): Promise<TestLms> {
  const keys = await lmsKeys();
  const clientId = 'lookout-sso-key';
  const clientSecret = randomBytes(16).toString('hex');
  const audience = 'openedx';
  const pageSize = options.pageSize ?? 2;
  const serviceUser: TestLmsUser = options.serviceUser ?? { id: 990001, username: 'lookout_service', email: 'lookout@service.invalid', name: 'Lookout', isStaff: true };
  const users = new Map([...options.users, serviceUser].map((u) => [u.username, u]));
  const courses = new Map((options.courses ?? []).map((c) => [c.courseId, c]));
  const refused = new Map<string, { status: number; left: number }>();
  const codes = new Map<string, { username: string; redirectUri: string }>();
  const pages = new Map<string, string>();
  const requests: string[] = [];
  let jwtTtl = 3600;
  let url = '';
  let issuer = '';

  const jwtFor = (u: TestLmsUser) =>
    signLmsJwt(keys, { username: u.username, userId: u.id, email: u.email, name: u.name, administrator: !!u.isStaff, superuser: !!u.isSuperuser }, { issuer, audience, expiresInS: jwtTtl });

  const jwtCookieHeaders = async (u: TestLmsUser) => {
    const [h, p, s] = (await jwtFor(u)).split('.');
    return [
      `edx-jwt-cookie-header-payload=${h}.${p}; Path=/; SameSite=Lax`,
      `edx-jwt-cookie-signature=${s}; Path=/; HttpOnly; SameSite=Lax`,
      `lms_sessionid=${u.username}; Path=/; HttpOnly; SameSite=Lax`,
    ];
  };

  async function userOf(req: IncomingMessage): Promise<TestLmsUser | undefined> {
    const m = /^JWT\s+(\S+)$/.exec(req.headers.authorization ?? '');
    if (!m) return undefined;
    try {
      const { payload } = await jwtVerify(m[1]!, createLocalJWKSet(keys.jwks), { issuer, audience });
      return users.get(String(payload.preferred_username));
    } catch {
      return undefined;
    }
  }

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const html = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><body>${body}</body></html>`);
  };
  const readForm = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return new URLSearchParams(text);
  };
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const signInForm = (action: string, hidden: Record<string, string>) =>
    `<form method="post" action="${action}"><h1>Test LMS sign-in</h1>${Object.entries(hidden)
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('')}<input name="username" id="username"><button type="submit" id="sign-in">Sign in</button></form>`;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const u = new URL(req.url ?? '/', url);
    requests.push(`${req.method} ${u.pathname}${u.search}`);
    const path = u.pathname;

    if (path === '/oauth2/authorize' && req.method === 'GET') {
      if (u.searchParams.get('client_id') !== clientId) return json(res, 400, { error: 'invalid_client' });
      if (u.searchParams.get('response_type') !== 'code') return json(res, 400, { error: 'unsupported_response_type' });
      return html(res, signInForm('/oauth2/authorize', Object.fromEntries(u.searchParams)));
    }
    if (path === '/oauth2/authorize' && req.method === 'POST') {
      const form = await readForm(req);
      const user = users.get(form.get('username') ?? '');
      if (!user) return html(res, '<p id="error">unknown user</p>');
      const code = randomBytes(12).toString('hex');
      const redirectUri = form.get('redirect_uri') ?? '';
      codes.set(code, { username: user.username, redirectUri });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      if (form.get('state')) back.searchParams.set('state', form.get('state')!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (path === '/oauth2/access_token' && req.method === 'POST') {
      const form = await readForm(req);
      const basic = /^Basic\s+(\S+)$/.exec(req.headers.authorization ?? '');
      const [id, secret] = basic ? Buffer.from(basic[1]!, 'base64').toString().split(':') : [form.get('client_id'), form.get('client_secret')];
      if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: 'invalid_client' });
      if (form.get('grant_type') === 'client_credentials') {
        // django-oauth-toolkit: the application's user; token_type=jwt gives a JWT (edx-platform oauth_dispatch).
        if (form.get('token_type')?.toLowerCase() !== 'jwt') return json(res, 200, { access_token: randomBytes(15).toString('hex'), token_type: 'Bearer', expires_in: 36000, scope: 'read write' });
        return json(res, 200, { access_token: await jwtFor(serviceUser), token_type: 'JWT', expires_in: jwtTtl, scope: 'read write' });
      }
      if (form.get('grant_type') !== 'authorization_code') return json(res, 400, { error: 'unsupported_grant_type' });
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!grant || grant.redirectUri !== form.get('redirect_uri')) return json(res, 400, { error: 'invalid_grant' });
      const user = users.get(grant.username)!;
      if (form.get('token_type')?.toLowerCase() !== 'jwt') {
        return json(res, 200, { access_token: randomBytes(15).toString('hex'), token_type: 'Bearer', expires_in: 36000, scope: 'profile email' });
      }
      return json(res, 200, { access_token: await jwtFor(user), token_type: 'JWT', expires_in: jwtTtl, scope: 'profile email' });
    }
    if (path === '/api/user/v1/me') {
      const user = await userOf(req);
      return user ? json(res, 200, { username: user.username }) : json(res, 401, { detail: 'Authentication credentials were not provided.' });
    }
    const account = /^\/api\/user\/v1\/accounts\/([^/]+)$/.exec(path);
    if (account) {
      const user = await userOf(req);
      if (!user) return json(res, 401, { detail: 'not signed in' });
      const wanted = users.get(decodeURIComponent(account[1]!));
      if (!wanted || (wanted.username !== user.username && !user.isStaff)) return json(res, 404, { detail: 'not found' });
      return json(res, 200, { username: wanted.username, email: wanted.email, name: wanted.name, is_active: true });
    }
    if (path === '/api/courses/v1/courses/') {
      const user = await userOf(req);
      if (!user) return json(res, 401, { detail: 'not signed in' });
      const who = users.get(u.searchParams.get('username') ?? user.username);
      if (!who || (who.username !== user.username && !user.isStaff)) return json(res, 403, { detail: 'forbidden' });
      const all = u.searchParams.get('permissions') === 'staff' ? who.staffCourses ?? [] : [];
      const page = Number(u.searchParams.get('page') ?? 1);
      const slice = all.slice((page - 1) * pageSize, page * pageSize);
      const next = page * pageSize < all.length ? new URL(u) : null;
      next?.searchParams.set('page', String(page + 1));
      return json(res, 200, {
        results: slice.map((id) => ({ id, course_id: id, name: id })),
        pagination: { next: next?.toString() ?? null, previous: null, count: all.length, num_pages: Math.ceil(all.length / pageSize) },
      });
    }
    // Course Blocks API (lms/djangoapps/course_api/blocks/views.py BlocksInCourseView).
    if (path === '/api/courses/v2/blocks/' || path === '/api/courses/v1/blocks/') {
      const user = await userOf(req);
      if (!user) return json(res, 401, { detail: 'Authentication credentials were not provided.' });
      const courseId = u.searchParams.get('course_id');
      if (!courseId) return json(res, 400, { field_errors: { course_id: { developer_message: 'course_id is required.' } } });
      const refusal = refused.get(courseId);
      if (refusal) {
        if (--refusal.left <= 0) refused.delete(courseId);
        return json(res, refusal.status, { developer_message: 'refused by the test LMS' });
      }
      const course = courses.get(courseId);
      if (!course) return json(res, 404, { detail: `Block not found: ${courseId}` });
      if (u.searchParams.get('all_blocks') === 'true' && !user.isStaff && !user.staffCourses?.includes(courseId)) {
        return json(res, 403, { developer_message: `'${user.username}' does not have permission to access all blocks in '${courseId}'.` });
      }
      return json(res, 200, blocksResponse(course, url, u.searchParams));
    }
    // Grading policy (lms/djangoapps/grades/rest_api/v1/views.py CourseGradingPolicy).
    const policy = /^\/api\/grades\/v1\/policy\/courses\/([^/]+)\/$/.exec(path);
    if (policy) {
      const user = await userOf(req);
      if (!user) return json(res, 401, { detail: 'Authentication credentials were not provided.' });
      const courseId = decodeURIComponent(policy[1]!);
      const refusal = refused.get(courseId);
      if (refusal) return json(res, refusal.status, { developer_message: 'refused by the test LMS' });
      if (!user.isStaff && !user.staffCourses?.includes(courseId)) return json(res, 403, { developer_message: 'The course does not exist.', error_code: 'user_or_course_does_not_exist' });
      const course = courses.get(courseId);
      if (!course) return json(res, 404, { developer_message: 'The course does not exist.', error_code: 'user_or_course_does_not_exist' });
      return json(res, 200, course.gradingPolicy);
    }
    if (path === '/login' && req.method === 'GET') return html(res, signInForm('/login', { next: u.searchParams.get('next') ?? '/' }));
    if (path === '/login' && req.method === 'POST') {
      const form = await readForm(req);
      const user = users.get(form.get('username') ?? '');
      if (!user) return html(res, '<p id="error">unknown user</p>');
      res.writeHead(302, { location: form.get('next') || '/', 'set-cookie': await jwtCookieHeaders(user) });
      return res.end();
    }
    if (path === '/login_refresh') {
      // edx-platform: refreshes the JWT cookies from the LMS session; CORS for the MFE origins.
      const origin = req.headers.origin;
      const cors: Record<string, string> = origin ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-allow-headers': 'content-type, x-csrftoken, use-jwt-cookie' } : {};
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors);
        return res.end();
      }
      const session = /(?:^|;\s*)lms_sessionid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const user = session ? users.get(session) : undefined;
      if (!user) return json(res, 401, { detail: 'no session' }, cors);
      res.writeHead(200, { ...cors, 'content-type': 'application/json', 'set-cookie': await jwtCookieHeaders(user) });
      return res.end('{}');
    }
    if (path === '/oauth2/jwks.json') return json(res, 200, keys.jwks);
    const page = pages.get(path);
    if (page) return html(res, page);
    json(res, 404, { detail: 'not found' });
  }

  const server: Server = createServer((req, res) => void handle(req, res).catch((err) => json(res, 500, { error: String(err) })));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  issuer = `${url}/oauth2`;
  return {
    url,
    keys,
    issuer,
    audience,
    clientId,
    clientSecret,
    requests,
    setJwtTtl: (s) => (jwtTtl = s),
    page: (path, body) => pages.set(path, body),
    setCourse: (course) => courses.set(course.courseId, course),
    refuseCourse: (courseId, status, times = Infinity) => (status === undefined ? refused.delete(courseId) : refused.set(courseId, { status, left: times })),
    serviceUser,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The environment that points Lookout at a test LMS. */
export function lmsEnv(lms: TestLms): Record<string, string> {
  return {
    LMS_URL: lms.url,
    LMS_OAUTH_CLIENT_ID: lms.clientId,
    LMS_OAUTH_CLIENT_SECRET: lms.clientSecret,
    LMS_JWT_PUBLIC_SIGNING_JWK_SET: JSON.stringify(lms.keys.jwks),
    LMS_JWT_ISSUER: lms.issuer,
    LMS_JWT_AUDIENCE: lms.audience,
  };
}
