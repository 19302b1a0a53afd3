import { NoSuchCourse } from '@/components/course/NoSuchCourse';

/** Inside the LMS tab: no link out of the frame. */
export default function EmbeddedCourseNotFound() {
  return <NoSuchCourse />;
}
