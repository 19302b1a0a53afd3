import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lifecycleMessages, parentTargets, resizeMessages } from '../../lib/embed/hostMessages';
import { coursePath, EMBED_BASE } from '../../lib/embed/paths';

describe('embedded tab: host messages and paths', () => {
  it('names each lifecycle event in both protocols, with the libraries\' shapes', () => {
    assert.deepEqual(lifecycleMessages('ready'), [{ type: 'PLUGIN_READY' }, { type: 'IFRAME_READY' }]);
    assert.deepEqual(lifecycleMessages('mounted'), [{ type: 'PLUGIN_MOUNTED' }, { type: 'IFRAME_MOUNTED' }]);
    assert.deepEqual(resizeMessages({ width: 899.2, height: 4600.4 }), [
      { type: 'PLUGIN_RESIZE', payload: { width: 900, height: 4601 } },
      { type: 'IFRAME_RESIZE', payload: { width: 900, height: 4601 } },
    ]);
  });

  it('posts to the framing page\'s origin when allowed, else to the allowed origins, never "*"', () => {
    const allowed = ['https://apps.lms.example', 'https://lms.example'];
    assert.deepEqual(parentTargets('https://apps.lms.example/instructor-dashboard/course-v1:A+B+C', allowed), ['https://apps.lms.example']);
    assert.deepEqual(parentTargets('https://evil.example/', allowed), allowed);
    assert.deepEqual(parentTargets('', allowed), allowed);
    assert.deepEqual(parentTargets('not a url', []), []);
  });

  it('builds course paths under the site or the embed base', () => {
    assert.equal(coursePath('', 'course-v1:A+B+C', '/at-risk'), '/courses/course-v1%3AA%2BB%2BC/at-risk');
    assert.equal(coursePath(EMBED_BASE, 'course-v1:A+B+C'), '/embed/courses/course-v1%3AA%2BB%2BC');
  });
});
