import type { Socket } from 'socket.io-client';

/** How long after the server closed the connection the page tries again (then Socket.IO's own backoff). */
export const RECONNECT_AFTER_SERVER_CLOSE_MS = 1000;

/**
 * Socket.IO retries a lost connection by itself, except one the server closed ("io server
 * disconnect"), which is what a restarting server does to every socket as it stops: without
 * this, a page would say "reconnecting…" for ever. A socket whose access was revoked
 * (`access_revoked`) is left closed. The 'connect' handlers then subscribe again.
 */
export function reconnectAfterServerClose(socket: Socket, delayMs = RECONNECT_AFTER_SERVER_CLOSE_MS): void {
  let revoked = false;
  socket.on('access_revoked', () => {
    revoked = true;
  });
  socket.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect' || revoked) return;
    setTimeout(() => {
      if (!socket.connected && !revoked) socket.connect();
    }, delayMs);
  });
}
