import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Lake } from '../../lib/lake/client';
import { courseStructure, fallbackName } from '../../lib/metrics/structure';
import { fixtureJson } from '../events/fixtures';
import { insertLines, openMetricsLake } from './lake';

/** Names of blocks the synced structure does not hold (issue 17 item 8). */
describe('block names without a synced structure', () => {
  let lake: Lake;
  before(async () => {
    lake = await openMetricsLake('lookout_block_names_test');
    // ERB's completion event: context.module {display_name: "Checkboxes", usage_key: …problem@7c54…}
    await insertLines(lake, [JSON.stringify(fixtureJson('tracking/erb/edx.completion.block_completion.changed.json'))]);
  });

  it('takes the name the events carry (context.module.display_name), not only from problem events', async () => {
    const blocks = await courseStructure(lake, 'course-v1:edX+DemoX+Demo_Course');
    assert.equal(blocks.get('block-v1:edX+DemoX+Demo_Course+type@problem+block@7c54b16c8ed34f9f8772015178c7a175')?.name, 'Checkboxes');
  });

  it('otherwise names a block by its type and the tail of its id, which legacy ids do not share', () => {
    // two legacy video ids of the analytics pipeline's fixtures: same first 20 characters
    assert.equal(fallbackName('i4x-edX-DemoX-video-0b9e39477cf34507a7a48f74be381fdd', 'video'), 'video …be381fdd');
    assert.equal(fallbackName('i4x-edX-DemoX-video-5c90cffecd9b48b188cbfea176bf7fe9', 'video'), 'video …76bf7fe9');
    assert.equal(fallbackName('block-v1:edX+DemoX+Demo_Course+type@problem+block@3fc5461f86764ad7bdbdf6cbdde61e66'), 'problem …dde61e66');
    assert.equal(fallbackName('v', 'video'), 'video v');
  });
});
