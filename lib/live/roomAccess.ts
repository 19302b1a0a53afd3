import { authorize, type Decision } from '../auth/authorize';
import type { PiiRoleName, Principal } from '../auth/principal';
import type { RoomScope } from './protocol';

/**
 * Who may watch a room: the same authorize() action as the page and the routes of what it shows
 * (course:view for a course room, platform:view for `platform`, org:view for `org:<org>`).
 */
export function authorizeRoom(principal: Principal | undefined, scope: RoomScope, piiRoles: readonly PiiRoleName[]): Decision {
  if (scope.kind === 'platform') return authorize(principal, 'platform:view', { piiRoles });
  if (scope.kind === 'org') return authorize(principal, 'org:view', { org: scope.org, piiRoles });
  return authorize(principal, 'course:view', { courseId: scope.courseId, piiRoles });
}
