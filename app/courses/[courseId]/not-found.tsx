import { NoSuchCourse } from '@/components/course/NoSuchCourse';

export default function CourseNotFound() {
  return <NoSuchCourse homeHref="/" />;
}
