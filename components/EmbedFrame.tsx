'use client';
import { useEffect, useState } from 'react';
import { ensureLmsSession } from './lmsSession';
import { PathBaseProvider } from './pagePaths';
import { EMBED_BASE } from '@/lib/embed/paths';
import { lifecycleMessages, parentTargets, resizeMessages, type HostMessage } from '@/lib/embed/hostMessages';
import { formatMessage } from '@/lib/i18n';
import { messages } from './EmbedFrame.messages';

/** Once per page load (React's strict mode runs effects twice in development). */
let readySent = false;

/**
 * The embedded tab's shell. Showing a course (`ready`): tells the framing page MOUNTED and READY in
 * both Open edX iframe protocols (lib/embed/hostMessages.ts), then the content's height (RESIZE)
 * each time it changes, so a host that listens sizes the frame to it. Links of the shared components
 * point to embed routes (PathBaseProvider). Not signed in: asks the LMS to refresh its JWT cookie and
 * reloads, or sends the whole window to the LMS login.
 */
export function EmbedFrame({
  children,
  signedIn,
  ready = signedIn,
  lmsUrl,
  parentOrigins,
}: {
  children: React.ReactNode;
  signedIn: boolean;
  /** The tab shows what it was opened for (not a refusal): the host may show the frame. */
  ready?: boolean;
  lmsUrl?: string;
  parentOrigins: string[];
}) {
  const [status, setStatus] = useState<string | undefined>(signedIn ? undefined : formatMessage(messages.checkingSession));

  useEffect(() => {
    if (!ready || window.parent === window) return;
    const targets = parentTargets(document.referrer, parentOrigins);
    const post = (list: HostMessage[]) => {
      for (const message of list) for (const origin of targets) window.parent.postMessage(message, origin);
    };
    if (!readySent) {
      readySent = true;
      post(lifecycleMessages('mounted'));
      post(lifecycleMessages('ready'));
      document.documentElement.dataset.iframeReady = 'sent';
    }
    // The body's height: the content's (the document's is at least the frame's, so a host sizing
    // the frame to it would never let it shrink).
    let last = -1;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const body = document.body;
      const height = Math.ceil(body.getBoundingClientRect().bottom + window.scrollY + parseFloat(getComputedStyle(body).marginBottom || '0'));
      if (height === last) return;
      last = height;
      post(resizeMessages({ width: document.documentElement.clientWidth, height }));
      document.documentElement.dataset.contentHeight = String(height);
    };
    const observer = new ResizeObserver(() => {
      frame ||= requestAnimationFrame(measure);
    });
    observer.observe(document.body);
    measure();
    const leave = () => post(lifecycleMessages('unmounted'));
    window.addEventListener('pagehide', leave);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      window.removeEventListener('pagehide', leave);
    };
  }, [ready, parentOrigins]);

  useEffect(() => {
    if (signedIn) return;
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
      } else setStatus(formatMessage(messages.signInOnLms));
    });
  }, [signedIn, lmsUrl]);

  return (
    <PathBaseProvider value={EMBED_BASE}>
      <div className="embed-main" data-testid="embed">
        {status && (
          <p className="kpi-note" data-testid="embed-status">
            {status}{' '}
            {lmsUrl && !signedIn && (
              <a href={`${lmsUrl}/login`} target="_top">
                {formatMessage(messages.lmsSignIn)}
              </a>
            )}
          </p>
        )}
        {children}
      </div>
    </PathBaseProvider>
  );
}
