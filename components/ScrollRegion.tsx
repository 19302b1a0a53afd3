import type { ReactNode } from 'react';

/**
 * A wide table's own scroll area: the page keeps the viewport's width (a phone is 390 px) and the
 * table scrolls sideways inside it. Focusable and named, so keyboard users can scroll it too.
 */
export function ScrollRegion({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div className={`scroll-region${className ? ` ${className}` : ''}`} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
