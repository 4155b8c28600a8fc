// How a message shows a text it was sent, on the server and in the dashboard alike.

/** A text from a request as a message shows it: at most 60 characters, so that no answer echoes much of a request. */
export const shortened = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s)

/**
 * The characters a message never echoes raw, beyond those JSON escapes (U+0000–U+001F): DEL and
 * the C1 controls (a terminal reads U+009B as an escape sequence), the line and paragraph
 * separators, and the marks and controls of text direction (they reorder what a log shows).
 */
const UNSAFE = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** JSON text with the characters of `UNSAFE` written as escapes (`\u009b`), as JSON allows. */
export const escaped = (json: string) => json.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** A name or value for a message: shortened, in quotes, its control characters escaped. */
export const quote = (s: string) => escaped(JSON.stringify(shortened(s)))
