'use client';
import { io, type Socket } from 'socket.io-client';

/**
 * The page's Socket.IO connection. When the cookie that opened it expires, the server sends
 * `credential_expired` and disconnects (Socket.IO does not reconnect after a server
 * disconnect): reconnect, so that the new handshake carries the cookie as it is now (refreshed by
 * the LMS or a new sign-in), or is refused with connect_error 401 and its reason.
 */
export function openLiveSocket(): Socket {
  const socket = io({ transports: ['websocket', 'polling'] });
  let expired = false;
  socket.on('credential_expired', () => (expired = true));
  socket.on('disconnect', (reason) => {
    if (reason !== 'io server disconnect' || !expired) return;
    expired = false;
    setTimeout(() => socket.connect(), 250);
  });
  return socket;
}
