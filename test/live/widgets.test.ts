import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openLake, type Lake } from '../../lib/lake/client';
import { migrate } from '../../lib/lake/migrate';
import { parseTrackingLine } from '../../lib/events/parse';
import { enrollmentActivated, videoEvent } from '../../lib/demo/tracking';
import { activeNow } from '../../lib/live/widgets/activeNow';
import { eventsPerMinute } from '../../lib/live/widgets/eventsPerMinute';
import { testDataDir } from '../helpers';

const courseId = 'course-v1:Test+Widgets+1';
const now = new Date('2026-11-20T12:30:30.000Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

function play(user: number, at: Date, course = courseId) {
  return videoEvent({ actor: { userId: user, username: `u${user}`, session: 's' }, courseId: course, time: at, action: 'play_video', videoId: 'v', position: 0, duration: 10 });
}

describe('live widgets', () => {
  let lake: Lake;
  before(async () => {
    lake = await openLake({ dataDir: testDataDir(), database: 'lookout_widgets_test' });
    await migrate(lake);
    const lines = [
      play(1, ago(10)),
      play(1, ago(20)), // same learner twice: counted once
      play(1, ago(45)), // the previous minute (12:29:45), yet in the last 60 seconds
      play(2, ago(299)), // inside the 5-minute window
      play(3, ago(301)), // just outside it
      play(4, ago(-65)), // the next minute, after `now`: not yet
      play(5, ago(30), 'course-v1:Other+Course+1'), // another course
      play(0, ago(15)), // no learner
      enrollmentActivated({ actor: { userId: 6, username: 'u6', session: '' }, courseId, time: ago(40) }),
    ];
    const events = lines.map((l) => {
      const r = parseTrackingLine(l);
      assert.ok(r.ok, !r.ok ? r.reason : '');
      return r.event;
    });
    await lake.client.insert({ table: 'events', values: events, format: 'JSONEachRow' });
  });

  it('activeNow: distinct learners of the course in the last 5 minutes', async () => {
    const r = await activeNow.compute({ lake, courseId, now });
    // learners 1 and 2; 6 only enrolled, which is not activity (DESIGN §5)
    assert.deepEqual(r, { learners: 2, windowMinutes: 5 });
  });

  it('eventsPerMinute: 60 zero-filled minutes, oldest first, learner events only', async () => {
    const r = await eventsPerMinute.compute({ lake, courseId, now });
    assert.equal(r.minutes.length, 60);
    assert.equal(r.minutes[0]!.minute, '2026-11-20T11:31:00.000Z');
    assert.equal(r.minutes[59]!.minute, '2026-11-20T12:30:00.000Z');
    const byMinute = Object.fromEntries(r.minutes.filter((m) => m.events > 0).map((m) => [m.minute.slice(11, 16), [m.events, m.learners]]));
    assert.deepEqual(byMinute, {
      '12:25': [2, 2], // learner 3 at 12:25:29, learner 2 at 12:25:31
      // (the enrolment of 6 at 12:29:50 is not activity)
      '12:29': [1, 1],
      '12:30': [2, 1], // learner 1 twice
    });
  });

  it('eventsPerMinute: the last 60 seconds, not "this minute so far"', async () => {
    const r = await eventsPerMinute.compute({ lake, courseId, now });
    // 12:29:30–12:30:30: learner 1 at :45 (previous minute), :10 and :20 (this one); not the
    // anonymous play, the enrolment, the next minute's play nor the other course.
    assert.equal(r.lastMinute, 3);
    assert.equal(r.minutes.at(-1)!.events, 2, 'the current minute so far is another figure');
    const [many] = await eventsPerMinute.computeMany!([{ lake, courseId, now }]);
    assert.equal(many!.lastMinute, 3);
  });
});
