/** The org of a course key: `course-v1:Org+Number+Run` or the old `Org/Number/Run`. */
export function orgOfCourse(courseId: string): string | undefined {
  const v1 = /^course-v1:([^+]+)\+[^+]+\+[^+]+$/.exec(courseId);
  if (v1) return v1[1];
  const old = /^([^/]+)\/[^/]+\/[^/]+$/.exec(courseId);
  return old?.[1];
}
