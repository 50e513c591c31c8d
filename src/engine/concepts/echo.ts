/** The short form in which error messages repeat a caller's input. */

/** How many characters of a caller's input an error message repeats. */
export const ECHO_PREFIX_LENGTH = 64;

/**
 * `text` as a JSON string for an error message; longer text is cut to its first
 * {@link ECHO_PREFIX_LENGTH} characters, followed by `…` and its full length.
 */
export function echo(text: string): string {
  if (text.length <= ECHO_PREFIX_LENGTH) {
    return JSON.stringify(text);
  }
  return `${JSON.stringify(text.slice(0, ECHO_PREFIX_LENGTH))}… (${text.length} characters)`;
}
