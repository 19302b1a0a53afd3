'use client';
import { createContext, useContext } from 'react';
import { coursePath } from '@/lib/embed/paths';

/**
 * Where page links of shared components point: the site's pages, or, inside the LMS tab, the
 * embed routes (/embed/…), which are the only ones that may be framed: a link to a site page from
 * the tab would load a page that refuses framing. EmbedFrame provides the embed base.
 */
const PathBase = createContext('');

export const PathBaseProvider = PathBase.Provider;

/** The base of page links here: '' on the site, EMBED_BASE inside the LMS tab. */
export function usePathBase(): string {
  return useContext(PathBase);
}

/** The path of a course page (`sub`: '' for the dashboard, '/at-risk'…) under the current base. */
export function useCoursePath(courseId: string, sub = ''): string {
  return coursePath(useContext(PathBase), courseId, sub);
}
