/** On every answer: no MIME sniffing, no Referer leaving the dashboard. */
export const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const

/** On the API's answers: nothing in them may run, load or be framed, should a browser render one. */
export const API_HEADERS = {
  ...COMMON_HEADERS,
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
} as const

/**
 * On the dashboard page: its own script, style, images and API, nothing else; no framing; and
 * Trusted Types, under which any HTML string reaching the DOM throws, so that a comment can
 * only ever be text.
 */
export const DASHBOARD_HEADERS = {
  ...COMMON_HEADERS,
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    'trusted-types',
  ].join('; '),
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const
