'use client';
import { AxiosJwtAuthService, configure, fetchAuthenticatedUser, getLoginRedirectUrl, redirectToLogin } from '@edx/frontend-platform/auth';

let configuredFor: string | undefined;

/** @edx/frontend-platform's auth service, pointed at the LMS (the way the LMS's own micro-frontends use it). */
function configureLmsAuth(lmsUrl: string): void {
  if (configuredFor === lmsUrl) return;
  configure(AxiosJwtAuthService, {
    config: {
      BASE_URL: window.location.origin,
      LMS_BASE_URL: lmsUrl,
      LOGIN_URL: `${lmsUrl}/login`,
      LOGOUT_URL: `${lmsUrl}/logout`,
      REFRESH_ACCESS_TOKEN_ENDPOINT: `${lmsUrl}/login_refresh`,
      ACCESS_TOKEN_COOKIE_NAME: 'edx-jwt-cookie-header-payload',
      CSRF_TOKEN_API_PATH: '/csrf/api/v1/token',
    },
    loggingService: {
      logError: (e: unknown) => console.warn('lms auth:', e),
      logInfo: () => undefined,
      setCustomAttribute: () => undefined,
    },
    middleware: [],
  } as never);
  configuredFor = lmsUrl;
}

/**
 * Reads the LMS user from the JWT cookie, refreshing an expired cookie through the LMS
 * (/login_refresh). 'refreshed' when a user is now signed in (reload to let the server see the
 * new cookie); otherwise the user is sent to the LMS login — the whole window when framed,
 * since the LMS login page cannot be shown inside a frame.
 */
export async function ensureLmsSession(lmsUrl: string, returnTo: string): Promise<'refreshed' | 'login'> {
  configureLmsAuth(lmsUrl);
  let user: unknown = null;
  try {
    user = await fetchAuthenticatedUser({ forceRefresh: false });
  } catch (err) {
    console.warn('lms auth: could not read or refresh the LMS session', err);
    user = null;
  }
  if (user) return 'refreshed';
  if (window.top && window.top !== window) {
    try {
      window.top.location.assign(getLoginRedirectUrl(document.referrer || returnTo));
    } catch {
      // A frame may not navigate its parent without a click: the page shows a sign-in link instead.
    }
  } else {
    redirectToLogin(returnTo);
  }
  return 'login';
}
