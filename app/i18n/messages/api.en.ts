/** API keys, audit log, API documentation. */
export const apiEn = {
  'api.placeholder': 'Api',
} as const;
