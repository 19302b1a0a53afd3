import NextAuth from 'next-auth';
import { nextAuthOptions } from '@/lib/auth/nextAuthOptions';

export const dynamic = 'force-dynamic';

// Options come from the running server's configuration, so they are built per request.
function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req as never, context as never, nextAuthOptions());
}

export { handler as GET, handler as POST };
