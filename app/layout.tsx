import type { Metadata } from 'next';
import Link from 'next/link';
import './globals.css';

export const metadata: Metadata = {
  title: 'Lookout',
  description: 'Live course analytics and early warning for Open edX',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            Lookout
          </Link>
          <span className="tagline">live course analytics for Open edX</span>
        </header>
        <main className="site-main">{children}</main>
      </body>
    </html>
  );
}
