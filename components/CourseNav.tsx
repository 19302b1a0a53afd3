'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { isCurrent, type HeaderLink } from './SiteHeader';

/** A course's own pages (its dashboard, at-risk…), those the person may open: under the site header. */
export function CourseNav({ links, label }: { links: HeaderLink[]; label: string }) {
  const path = usePathname();
  if (links.length === 0) return null;
  return (
    <nav aria-label={label} className="site-nav course-nav" data-testid="course-nav">
      <ul>
        {links.map((l) => (
          <li key={l.name}>
            <Link href={l.href} data-testid={`nav-${l.name}`} aria-current={path === l.href || (l.name !== 'course' && isCurrent(path, l.href)) ? 'page' : undefined}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
