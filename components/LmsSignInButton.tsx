'use client';
import { formatMessage } from '@/lib/i18n';
import { messages } from './LmsSignInButton.messages';
import { signIn } from 'next-auth/react';

export function LmsSignInButton({ callbackUrl }: { callbackUrl: string }) {
  return (
    <button type="button" className="link-button" data-testid="lms-signin" onClick={() => void signIn('openedx', { callbackUrl })}>
      {formatMessage(messages.signIn)}
    </button>
  );
}
