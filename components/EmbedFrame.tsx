'use client';
import { useEffect, useState } from 'react';
import { ensureLmsSession } from './lmsSession';

/** Once per page load (React's strict mode runs effects twice in development). */
let readySent = false;

/**
 * The embedded tab's shell. Signed in: posts {type: 'IFRAME_READY'} to the parent (the
 * instructor dashboard's iframe widget waits for it). Not signed in: asks the LMS to refresh
 * its JWT cookie and reloads, or sends the whole window to the LMS login.
 */
export function EmbedFrame({
  children,
  signedIn,
  lmsUrl,
  parentOrigins,
}: {
  children: React.ReactNode;
  signedIn: boolean;
  lmsUrl?: string;
  parentOrigins: string[];
}) {
  const [status, setStatus] = useState<string | undefined>(signedIn ? undefined : 'Checking your LMS session…');

  useEffect(() => {
    if (signedIn) {
      if (readySent) return;
      readySent = true;
      if (window.parent !== window) for (const origin of parentOrigins) window.parent.postMessage({ type: 'IFRAME_READY' }, origin);
      document.documentElement.dataset.iframeReady = 'sent';
      return;
    }
    if (!lmsUrl) {
      setStatus(undefined);
      return;
    }
    void ensureLmsSession(lmsUrl, window.location.href).then((outcome) => {
      // Reload once for a refreshed cookie; a second refusal in a row is shown, not looped.
      const last = Number(sessionStorage.getItem('lookout.embed.reloaded') ?? 0);
      if (outcome === 'refreshed' && Date.now() - last > 30_000) {
        sessionStorage.setItem('lookout.embed.reloaded', String(Date.now()));
        window.location.reload();
      } else setStatus('Sign in on the LMS to see this course.');
    });
  }, [signedIn, lmsUrl, parentOrigins]);

  return (
    <div className="embed-main" data-testid="embed">
      {status && (
        <p className="kpi-note" data-testid="embed-status">
          {status}{' '}
          {lmsUrl && !signedIn && (
            <a href={`${lmsUrl}/login`} target="_top">
              LMS sign-in
            </a>
          )}
        </p>
      )}
      {children}
    </div>
  );
}
