'use client';
import { windowQuery, type DashboardWindow } from '../dashboard/dashboardWindow';
import { useWindowRoom, type WindowRoomData } from '../dashboard/useWindowRoom';
import type { InstitutionWidgets } from '@/lib/institution/snapshot';
import { orgRoom, PLATFORM_ROOM } from '@/lib/live/protocol';

export type InstitutionData = WindowRoomData<InstitutionWidgets>;

/** GET /api/platform/dashboard or /api/orgs/<org>/dashboard for a window. */
export function institutionUrl(org: string | undefined, w: DashboardWindow): string {
  const base = org === undefined ? '/api/platform/dashboard' : `/api/orgs/${encodeURIComponent(org)}/dashboard`;
  return `${base}?${windowQuery(w)}`;
}

/** "Right now" does not depend on the window: it stays on screen while another window loads. */
const WINDOWLESS: readonly (keyof InstitutionWidgets)[] = ['institutionNow'];

/**
 * The platform's or an org's figures for one window: the room `platform` or `org:<org>` through the
 * same hook as the course page (a snapshot, then updates with the widgets that changed; the JSON
 * answer only when the socket cannot deliver).
 */
export function useInstitution(org: string | undefined, range: DashboardWindow): InstitutionData {
  return useWindowRoom<InstitutionWidgets>({ room: org === undefined ? PLATFORM_ROOM : orgRoom(org), jsonUrl: institutionUrl(org, range), range, windowless: WINDOWLESS });
}
