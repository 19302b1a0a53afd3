/**
 * The messages between the embedded tab and the page that frames it, in the two iframe protocols
 * of Open edX hosts. Both libraries have the same shape; only the type names differ:
 *
 * - frontend-plugin-framework (openedx/frontend-plugin-framework, src/plugins/data/constants.js and
 *   hooks.js; Plugin.jsx is the framed side, PluginContainerIframe.jsx the host):
 *   PLUGIN_MOUNTED, PLUGIN_READY, PLUGIN_UNMOUNTED, PLUGIN_RESIZE.
 * - frontend-base (openedx/frontend-base, runtime/slots/widget/iframe/constants.ts and hooks.ts;
 *   IFrameContentWrapper.tsx is the framed side, IFrameWidget.tsx the host):
 *   IFRAME_MOUNTED, IFRAME_READY, IFRAME_UNMOUNTED, IFRAME_RESIZE.
 *
 * The framed side posts `{type}` to `window.parent` (dispatchHostEvent: targetOrigin
 * `document.referrer`, which the host's `referrerPolicy="origin"` makes the host's origin): MOUNTED
 * once mounted, READY once ready to be shown (the host keeps the iframe hidden, `d-none`, until
 * then), UNMOUNTED when leaving. The host listens only to messages whose `event.source` is its
 * iframe's contentWindow, and posts `{type: RESIZE, payload: {width, height}}` (the iframe element's
 * size, targetOrigin the plugin's URL) to the frame after MOUNTED.
 *
 * In both libraries RESIZE goes from host to frame: neither host sizes the iframe to its content.
 * Lookout also posts RESIZE upward with the same shape, `payload.height` being the height of its
 * content, so a host that listens for it (as the test hosts in e2e/embed-hosts.test.ts do) sizes
 * the frame instead of scrolling 4,000+ px inside it; a stock host ignores the message.
 */
export const HOST_PROTOCOLS = {
  'frontend-plugin-framework': { mounted: 'PLUGIN_MOUNTED', ready: 'PLUGIN_READY', unmounted: 'PLUGIN_UNMOUNTED', resize: 'PLUGIN_RESIZE' },
  'frontend-base': { mounted: 'IFRAME_MOUNTED', ready: 'IFRAME_READY', unmounted: 'IFRAME_UNMOUNTED', resize: 'IFRAME_RESIZE' },
} as const;

export type HostProtocol = keyof typeof HOST_PROTOCOLS;
export type LifecycleEvent = 'mounted' | 'ready' | 'unmounted';

export interface ResizePayload {
  width: number;
  height: number;
}

export type HostMessage = { type: string } | { type: string; payload: ResizePayload };

/** The message of a lifecycle event in every protocol (a host acts on its own type and ignores the others). */
export function lifecycleMessages(event: LifecycleEvent): HostMessage[] {
  return Object.values(HOST_PROTOCOLS).map((p) => ({ type: p[event] }));
}

/** The content's size, as RESIZE in every protocol. */
export function resizeMessages(size: ResizePayload): HostMessage[] {
  const payload = { width: Math.ceil(size.width), height: Math.ceil(size.height) };
  return Object.values(HOST_PROTOCOLS).map((p) => ({ type: p.resize, payload }));
}

/**
 * Where to post: the framing page's origin when it is one of the allowed ones (the referrer, as the
 * libraries do), else every allowed origin (the browser delivers to the one that matches, if any).
 * Never '*': the messages go to configured LMS origins only.
 */
export function parentTargets(referrer: string, allowed: readonly string[]): string[] {
  let origin: string | undefined;
  try {
    origin = referrer ? new URL(referrer).origin : undefined;
  } catch {
    origin = undefined;
  }
  return origin && allowed.includes(origin) ? [origin] : [...allowed];
}
