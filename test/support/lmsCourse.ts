/**
 * A course as the stand-in LMS (./testLms.ts) serves it through the Course Blocks and
 * grading-policy APIs, shaped like edx-platform's responses:
 *  - blocks: lms/djangoapps/course_api/blocks/serializers.py (BlockSerializer: id, block_id,
 *    lms_web_url, legacy_web_url, student_view_url, type, display_name always; each requested
 *    field only when not None; children only when requested and non-empty; student_view_data only
 *    for the types in the student_view_data parameter) and BlockDictSerializer ({root, blocks});
 *    the real published example is test/fixtures/lms-api/blocks-pact.json.
 *  - grading policy: [{assignment_type, count, dropped, weight}]
 *    (lms/djangoapps/grades/rest_api/serializers.py; test/fixtures/lms-api/grading-policy.json).
 */

export interface ApiBlock {
  id: string;
  block_id: string;
  type: string;
  display_name: string;
  children?: string[];
  graded?: boolean;
  format?: string | null;
  due?: string | null;
  start?: string | null;
  student_view_data?: Record<string, unknown>;
}

export interface TestCourse {
  courseId: string;
  root: string;
  blocks: Record<string, ApiBlock>;
  gradingPolicy: Array<{ assignment_type: string; count: number | null; dropped: number; weight: number }>;
}

export interface CourseOutline {
  name: string;
  sections: Array<{
    name: string;
    subsections: Array<{
      name: string;
      graded?: boolean;
      format?: string;
      due?: Date;
      units: Array<{ name: string; children: Array<{ type: 'video' | 'problem' | 'html'; name: string; duration?: number }> }>;
    }>;
  }>;
  gradingPolicy: TestCourse['gradingPolicy'];
}

/** Block ids are `block-v1:<course key>+type@<type>+block@<slug>`; slugs from the names. */
export function testCourse(courseId: string, outline: CourseOutline): TestCourse {
  const key = courseId.replace(/^course-v1:/, '');
  const blocks: Record<string, ApiBlock> = {};
  let n = 0;
  const add = (type: string, name: string, extra: Partial<ApiBlock> = {}) => {
    const blockId = type === 'course' ? 'course' : `${type}${++n}`;
    const id = `block-v1:${key}+type@${type}+block@${blockId}`;
    blocks[id] = { id, block_id: blockId, type, display_name: name, graded: false, format: null, due: null, start: '2030-01-01T00:00:00Z', ...extra };
    return id;
  };
  const chapters = outline.sections.map((section) =>
    add('chapter', section.name, {
      children: section.subsections.map((sub) =>
        add('sequential', sub.name, {
          graded: !!sub.graded,
          format: sub.format ?? null,
          due: sub.due ? sub.due.toISOString().replace('.000Z', 'Z') : null,
          children: sub.units.map((unit) =>
            add('vertical', unit.name, {
              graded: !!sub.graded,
              format: sub.format ?? null,
              due: sub.due ? sub.due.toISOString().replace('.000Z', 'Z') : null,
              children: unit.children.map((c) =>
                add(c.type, c.name, {
                  graded: c.type === 'problem' && !!sub.graded,
                  ...(c.type === 'video'
                    ? { student_view_data: { only_on_web: false, duration: c.duration ?? null, transcripts: {}, encoded_videos: {}, all_sources: [] } }
                    : {}),
                }),
              ),
            }),
          ),
        }),
      ),
    }),
  );
  const root = add('course', outline.name, { children: chapters });
  return { courseId, root, blocks, gradingPolicy: outline.gradingPolicy };
}

/** The ids of a course's blocks of one type, in course order. */
export function blocksOfType(course: TestCourse, type: string): ApiBlock[] {
  const out: ApiBlock[] = [];
  const walk = (id: string) => {
    const b = course.blocks[id]!;
    if (b.type === type) out.push(b);
    for (const c of b.children ?? []) walk(c);
  };
  walk(course.root);
  return out;
}

/** What GET /api/courses/v2/blocks/ answers for the request's parameters. */
export function blocksResponse(course: TestCourse, lmsUrl: string, params: URLSearchParams): { root: string; blocks: Record<string, Record<string, unknown>> } {
  const list = (name: string) => (params.get(name) ?? '').split(',').filter(Boolean);
  const requested = new Set(list('requested_fields'));
  const viewData = new Set(list('student_view_data'));
  const types = params.get('block_types_filter') ? new Set(list('block_types_filter')) : undefined;
  const out: Record<string, Record<string, unknown>> = {};
  for (const b of Object.values(course.blocks)) {
    if (types && !types.has(b.type)) continue;
    const row: Record<string, unknown> = {
      id: b.id,
      block_id: b.block_id,
      lms_web_url: `${lmsUrl}/courses/${course.courseId}/jump_to/${b.id}`,
      legacy_web_url: `${lmsUrl}/courses/${course.courseId}/jump_to/${b.id}?experience=legacy`,
      student_view_url: `${lmsUrl}/xblock/${b.id}`,
      type: b.type,
      display_name: b.display_name,
    };
    for (const field of ['graded', 'format', 'due', 'start'] as const) {
      if (requested.has(field) && b[field] !== null && b[field] !== undefined) row[field] = b[field];
    }
    if (requested.has('student_view_data') && viewData.has(b.type) && b.student_view_data) row.student_view_data = b.student_view_data;
    if (requested.has('children') && b.children?.length) row.children = b.children;
    out[b.id] = row;
  }
  return { root: course.root, blocks: out };
}
