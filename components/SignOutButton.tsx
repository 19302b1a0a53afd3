'use client';
import { formatMessage } from '@/lib/i18n';
import { messages } from './SignOutButton.messages';

/** Signs out with a JSON POST (cookie-signed writes must be JSON from Lookout's own pages), then goes home. */
export function SignOutButton() {
  async function signOut() {
    await fetch('/api/session/signout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', redirect: 'manual' });
    window.location.assign('/');
  }
  return (
    <button type="button" className="link-button" data-testid="sign-out" onClick={() => void signOut()}>
      {formatMessage(messages.signOut)}
    </button>
  );
}
