import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Config } from '../lib/config';
import { openLake, type Lake } from '../lib/lake/client';
import { migrate } from '../lib/lake/migrate';
import { createBus, lakeLeaseName, type Bus } from '../lib/bus';
import { courseWidgets } from '../lib/live/widgets';
import { institutionWidgets } from '../lib/live/widgets/institution';
import { handleInstitution } from './http/institution';
import { aroundDashboardPass } from '../lib/metrics/dashboard';
import { dropKeptRosters } from '../lib/metrics/roster';
import { setServices, type Health, type Services } from '../lib/services';
import { log } from '../lib/log';
import { setMeta } from '../lib/lake/meta';
import { gaugeOf } from '../lib/telemetry';
import { IngestWriter } from './ingest/writer';
import { ParsePool } from './ingest/parsePool';
import { removeLeftoverScratch, setScratchFallback } from './ingest/scratchSpace';
import { LiveEngine } from './live/engine';
import { attachSockets } from './sockets';
import { handleIngestTracking } from './http/ingestTracking';
import { handleApi } from './http/api';
import { handleXapi } from './http/xapi';
import { DEAD_LETTERS_PATH, handleDeadLetters } from './http/deadLetters';
import { handleRiskApi } from './http/risk';
import { RISK_SETTINGS_CHANGED } from '../lib/risk/thresholds';
import { onAtRiskRefreshed, settleAtRiskEvaluations } from '../lib/live/widgets/atRisk';
import { scheduleRiskRetraining } from '../lib/risk/train';
import { sendJson } from './http/respond';
import { resolveIngestToken } from './ingestToken';
import { seedDemo } from './demo/seed';
import { startSimulator } from './demo/simulator';
import { LmsSync } from './lms/sync';
import { StructureSync } from './lms/structureSync';
import { Authenticator } from '../lib/auth/authenticator';
import { resolveAuthSecret } from './authSecret';
import { ADMIN_TOKENS_PATH, handleAdminTokens } from './http/adminTokens';
import { DEMO_SIGNIN_PATH, handleDemoSignIn, handleSignOut, SIGNOUT_PATH } from './http/demoSignIn';
import { applySecurityHeaders } from './http/securityHeaders';
import { trackPageStatus } from './http/pageStatus';
import { crossSiteWriteRefusal } from '../lib/auth/origin';
import { AlertEngine } from './alerts/engine';
import { handleAlertsApi } from './http/alerts';
import { smtpMailer } from '../lib/alerts/transports';
import { seedDemoAlertRule } from '../lib/alerts/demo';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface StartOptions {
  /** Serve the Next.js pages (off in API-only tests). */
  web?: boolean;
  /** Next.js development mode instead of the production build. */
  dev?: boolean;
}

export interface Lookout {
  url: string;
  port: number;
  ingestToken: string;
  lake: Lake;
  bus: Bus;
  engine: LiveEngine;
  writer: IngestWriter;
  /** The LMS state sync, when LMS_MYSQL_URL is set. */
  lms?: LmsSync;
  /** Who is asking (lib/auth). */
  auth: Authenticator;
  /** Alert rules, digests and webhooks (issue 22); run(at) drives it with another clock. */
  alerts: AlertEngine;
  /** Stops taking requests, writes what was accepted, then releases everything. */
  close(): Promise<void>;
}

/** Starts the whole server in this process: lake, bus, ingest, live engine, sockets, pages. */
export async function startLookout(config: Config, options: StartOptions = {}): Promise<Lookout> {
  const lake = await openLake({ clickhouseUrl: config.clickhouseUrl, dataDir: config.dataDir, database: config.clickhouseDatabase });
  const applied = await migrate(lake);
  if (applied.length > 0) log.info({ applied }, 'lake migrated');
  const bus = createBus(config.redisUrl);
  const { token: ingestToken, stored: tokenStored } = resolveIngestToken(config.ingestToken, config.dataDir);
  setScratchFallback(config.dataDir);
  const leftovers = await removeLeftoverScratch();
  if (leftovers.length > 0) log.warn({ removed: leftovers }, 'removed scratch folders left by processes that crashed');
  const writer = new IngestWriter(lake, bus, { flushMs: config.ingestFlushMs, journalDir: config.dataDir });
  // Writes a crash interrupted: their derived rows are rebuilt before new ones are taken.
  if (writer.unrepairedCourses.length > 0 && !(await writer.repair())) log.error('derived tables not rebuilt yet; retried in the background');
  const parser = new ParsePool(config.ingestWorkers);

  let io: ReturnType<typeof attachSockets> | undefined;
  const engine = new LiveEngine(lake, bus, {
    tickMs: config.liveTickMs,
    refreshMs: config.liveRefreshMs,
    heavyIntervalMs: config.liveWindowMs,
    widgets: [...courseWidgets, ...institutionWidgets],
    broadcast: (room, update) => io?.to(room).emit('update', update),
    refreshAllOn: [RISK_SETTINGS_CHANGED],
    aroundRoomPass: aroundDashboardPass,
  });
  const stopAtRiskRefreshed = onAtRiskRefreshed((courseId) => engine.markDirty([courseId]));
  const stopRiskRetraining = scheduleRiskRetraining(lake, log);

  const auth = new Authenticator(lake, { ...config.auth, secret: resolveAuthSecret(config.auth.secret, config.dataDir) });
  // next-auth (app/api/auth) reads its secret and URL from the environment.
  process.env.NEXTAUTH_SECRET = auth.config.secret;

  let listeningUrl = '';
  const alerts = new AlertEngine(lake, {
    mailer: config.alerts.smtpUrl ? smtpMailer(config.alerts.smtpUrl, config.alerts.mailFrom) : undefined,
    webhookSecret: resolveAuthSecret(config.alerts.webhookSecret, config.dataDir, 'webhook-secret'),
    baseUrl: () => (config.auth.publicUrl ?? listeningUrl).replace(/\/$/, ''),
    piiRoles: config.auth.piiRoles,
    intervalMs: config.alerts.intervalMs,
    lease: (ttlMs) => bus.lease(lakeLeaseName(lake, 'alerts'), ttlMs),
    log,
  });

  let lms: LmsSync | undefined;
  const services: Services = {
    config,
    lake,
    bus,
    live: engine,
    auth,
    health: () => health(lake, bus, writer, engine, lms),
  };
  setServices(services);

  let nextApp: { close(): Promise<void> } | undefined;
  let nextHandler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  let nextUpgrade: ((req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>) | undefined;
  if (options.web !== false) {
    const { default: next } = await import('next');
    const app = next({ dev: options.dev ?? false, dir: PROJECT_ROOT, hostname: config.host, port: config.port });
    await app.prepare();
    nextApp = app;
    nextHandler = app.getRequestHandler();
    nextUpgrade = app.getUpgradeHandler();
  }

  let draining = false;
  const server: Server = createServer((req, res) => {
    void route(req, res).catch((err) => {
      log.error({ err }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });

  const headerPolicy = { dev: options.dev ?? false, embedOrigins: config.auth.embedOrigins, lmsUrl: config.auth.lmsUrl, publicUrl: config.auth.publicUrl };
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    applySecurityHeaders(req, res, path ?? '/', headerPolicy);
    if (path === '/api/ingest/tracking') {
      return handleIngestTracking(req, res, { writer, parser, token: ingestToken, draining: () => draining });
    }
    if (path?.startsWith('/xapi/')) {
      return handleXapi(req, res, { writer, lake, config, draining: () => draining });
    }
    // Cookie-signed writes come from Lookout's own pages only (ingest and xAPI above take no cookies).
    // Course ids are at most 255 characters in the LMS (openedx/edx-platform common/djangoapps/student/models:
    // course_id = CourseKeyField(max_length=255)).
    const courseInPath = /^\/(?:api\/|embed\/)?courses\/([^/]+)/.exec(path ?? '');
    if (courseInPath && courseInPath[1]!.length > 255 && safeDecode(courseInPath[1]!).length > 255) {
      return sendJson(res, 400, { error: 'course id longer than 255 characters' });
    }
    const crossSite = crossSiteWriteRefusal(req.method, req.headers, { publicUrl: config.auth.publicUrl, form: path === DEMO_SIGNIN_PATH || !!path?.startsWith('/api/auth/') });
    if (crossSite) return sendJson(res, crossSite.status, { error: crossSite.status === 403 ? 'forbidden' : 'unsupported media type', reason: crossSite.reason });
    if (path === DEAD_LETTERS_PATH) return handleDeadLetters(req, res, { lake });
    if (path === ADMIN_TOKENS_PATH || path?.startsWith(ADMIN_TOKENS_PATH + '/')) return handleAdminTokens(req, res);
    if (path === DEMO_SIGNIN_PATH) return handleDemoSignIn(req, res);
    if (path === SIGNOUT_PATH) return handleSignOut(req, res);
    if (await handleRiskApi(req, res, { lake, bus })) return;
    if (await handleAlertsApi(req, res, { lake })) return;
    if (await handleInstitution(req, res, lake)) return;
    if (await handleApi(req, res, services)) return;
    if (nextHandler) {
      trackPageStatus(req, res);
      return nextHandler(req, res);
    }
    sendJson(res, 404, { error: 'not found' });
  }

  io = attachSockets(server, engine, {
    auth,
    piiRoles: config.auth.piiRoles,
    recheckMs: Math.max(1000, config.auth.roleCacheMs),
    origins: { publicUrl: config.auth.publicUrl, embedOrigins: config.auth.embedOrigins },
  });
  gaugeOf('lookout_sockets', 'Open Socket.IO connections', () => io?.engine.clientsCount ?? 0);
  gaugeOf('lookout_rooms', 'Live rooms with at least one subscriber', () => engine.watchedRooms().length);
  let busUp = true;
  gaugeOf('lookout_bus_up', '1 when the bus (in-process or Redis) answers', () => (busUp ? 1 : 0));
  const busProbe = setInterval(() => void bus.ping().then((ok) => (busUp = ok)), 5000);
  busProbe.unref();
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/socket.io/')) return; // Socket.IO's own listener takes it
    if (nextUpgrade) void nextUpgrade(req, socket, head);
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  process.env.NEXTAUTH_URL = config.auth.publicUrl ?? url;
  listeningUrl = url;
  await engine.start();

  // LMS state sync (DESIGN §4): in the background on an interval, never on a page view;
  // a failing LMS is reported in the sync's report and logs, never thrown.
  // Course structures from the LMS REST API follow each table run, when API credentials are set.
  const structure = config.lmsMysqlUrl && config.lmsApi ? new StructureSync(lake, config.lmsApi) : undefined;
  lms = config.lmsMysqlUrl ? new LmsSync(lake, config.lmsMysqlUrl, { structure, lease: (ttlMs) => bus.lease(lakeLeaseName(lake, 'lms-sync'), ttlMs) }) : undefined;
  lms?.start(config.lmsSyncIntervalMs);

  let simulator: { stop(): void } | undefined;
  if (config.demo) {
    const demo = await seedDemo(lake, writer);
    if (demo.events > 0) log.info({ events: demo.events, course: demo.course.courseId }, 'demo course seeded');
    simulator = startSimulator({ ...demo, ingestUrl: `http://127.0.0.1:${port}/api/ingest/tracking`, token: ingestToken, log });
    await seedDemoAlertRule(lake);
  }
  alerts.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      draining = true;
      clearInterval(busProbe);
      simulator?.stop();
      await lms?.stop();
      await alerts.stop();
      await engine.stop();
      stopAtRiskRefreshed();
      await stopRiskRetraining();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      io?.disconnectSockets(true);
      server.closeIdleConnections();
      await writer.close();
      await parser.close();
      // Socket.IO's close waits, as the server's does, for every connection to end: bounded too, so
      // that a request still in progress cannot hold the stop for as long as its client waits.
      const ioClosed = new Promise<void>((resolve) => io!.close(() => resolve()));
      await Promise.race([Promise.all([closed, ioClosed]), new Promise((r) => setTimeout(r, 2000))]);
      server.closeAllConnections();
      await nextApp?.close();
      await settleAtRiskEvaluations();
      await dropKeptRosters(lake);
      await bus.close();
      await lake.close();
      setServices(undefined);
    })());

  log.info({ url, lake: lake.kind, bus: bus.kind, tokenStored }, 'lookout started');
  return { url, port, ingestToken, lake, bus, engine, writer, lms, auth, alerts, close };
}

async function health(lake: Lake, bus: Bus, writer: IngestWriter, engine: LiveEngine, lms?: LmsSync): Promise<Health> {
  let reachable: { ok: boolean; error?: string };
  try {
    await lake.client.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json());
    reachable = { ok: true };
  } catch (err) {
    reachable = { ok: false, error: (err as Error).message };
  }
  // After a failed write, a one-row write tells whether the lake takes writes again (a disk freed).
  if (reachable.ok && writer.lastWrite && !writer.lastWrite.ok) {
    try {
      await setMeta(lake, 'health_write_probe', new Date().toISOString());
      writer.wrote({ at: Date.now(), ok: true });
    } catch (err) {
      log.error({ err }, 'lake write probe failed');
      writer.wrote({ at: Date.now(), ok: false, error: (err as Error).message });
    }
  }
  const last = writer.lastWrite;
  const writable = reachable.ok && last?.ok !== false;
  const busOk = await bus.ping();
  const { accepted, duplicates, rejected, failures, repairs } = writer.stats;
  return {
    ok: writable,
    lake: {
      ok: reachable.ok,
      kind: lake.kind,
      ...(reachable.error && { error: reachable.error }),
      writable,
      ...(last && { lastWrite: { ok: last.ok, at: new Date(last.at).toISOString(), ageSeconds: Math.round((Date.now() - last.at) / 1000), ...(last.error && { error: last.error }) } }),
      derivedRepairPending: writer.unrepairedCourses.length,
      ...(writer.lastRepairError && { derivedRepairError: writer.lastRepairError }),
    },
    bus: { ok: busOk, kind: bus.kind },
    ingest: { accepted, duplicates, rejected, failures, repairs },
    live: { watchedRooms: engine.watchedRooms().length },
    // Reported, not part of `ok`: Lookout keeps serving from the lake while the LMS is away.
    ...(lms && { lms: lmsHealth(lms.lastReport, lms.leaseHeldElsewhereAt) }),
  };
}

function lmsHealth(report: LmsSync['lastReport'], elsewhereAt: Date | undefined): NonNullable<Health['lms']> {
  const elsewhere = elsewhereAt && { syncedByAnotherReplicaAt: elsewhereAt.toISOString() };
  if (!report) return elsewhere ? { ok: true, ...elsewhere } : { ok: false, error: 'first sync still running' };
  const failed = report.tables.filter((t) => t.error).map((t) => t.table);
  return {
    ...elsewhere,
    ok: report.ok && (report.structure?.ok ?? true),
    lastRunAt: report.startedAt,
    durationMs: report.durationMs,
    failedTables: failed,
    error: report.error,
    ...(report.structure && {
      structure: { ok: report.structure.ok, courses: report.structure.courses.length, failedCourses: report.structure.failedCourses.map(({ courseId, error }) => ({ courseId, error })) },
    }),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
