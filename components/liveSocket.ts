'use client';
import { io, type Socket } from 'socket.io-client';
import { reconnectAfterServerClose } from './reconnect';

/**
 * The page's Socket.IO connection. The server closes it when the cookie that opened it expires
 * (`credential_expired`) and when it restarts; Socket.IO does not reconnect after a server
 * disconnect, so the page does: the new handshake carries the cookie as it is now (refreshed by
 * the LMS or a new sign-in), or is refused with connect_error 401 and its reason.
 */
export function openLiveSocket(): Socket {
  const socket = io({ transports: ['websocket', 'polling'] });
  reconnectAfterServerClose(socket);
  return socket;
}
