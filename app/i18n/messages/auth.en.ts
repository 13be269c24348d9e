/** Sign-in, password reset, invitations, members, settings, outbox. */
export const authEn = {
  'auth.placeholder': 'Auth',
} as const;
