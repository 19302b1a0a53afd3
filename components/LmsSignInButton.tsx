'use client';
import { signIn } from 'next-auth/react';

export function LmsSignInButton({ callbackUrl }: { callbackUrl: string }) {
  return (
    <button type="button" className="link-button" data-testid="lms-signin" onClick={() => void signIn('openedx', { callbackUrl })}>
      Sign in with your LMS account
    </button>
  );
}
