import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { startTestLookout, tokenFor, waitFor } from '../helpers';
import { reconnectAfterServerClose } from '../../components/reconnect';
import type { Snapshot } from '../../lib/live/protocol';

const courseId = 'course-v1:Test+Reconnect+1';

describe('a page after a server restart', { timeout: 90_000 }, () => {
  it('reconnects and subscribes again, with the socket it had', async () => {
    let lookout = await startTestLookout();
    const token = await tokenFor(lookout);
    const port = String(lookout.port);
    const socket = io(lookout.url, { transports: ['websocket'], auth: { token }, reconnectionDelay: 200, reconnectionDelayMax: 500 });
    reconnectAfterServerClose(socket, 100);
    const snapshots: Snapshot[] = [];
    const reasons: string[] = [];
    socket.on('connect', () => socket.emit('subscribe', { room: `course:${courseId}` }));
    socket.on('snapshot', (s: Snapshot) => snapshots.push(s));
    socket.on('disconnect', (reason) => reasons.push(reason));
    try {
      await waitFor(() => snapshots.length === 1, 20_000, 'the first snapshot');
      await lookout.close(); // as on SIGTERM: every socket is disconnected by the server
      await waitFor(() => reasons.length === 1, 10_000, 'the disconnect');
      assert.equal(reasons[0], 'io server disconnect');
      lookout = await startTestLookout({ PORT: port });
      await waitFor(() => snapshots.length === 2, 30_000, 'a snapshot from the restarted server');
      assert.equal(snapshots[1]!.room, `course:${courseId}`);
      assert.ok(socket.connected);
    } finally {
      socket.close();
      await lookout.close();
    }
  });
});
