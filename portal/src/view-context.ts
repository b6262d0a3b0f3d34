/** What a page may do to the portal around it. */
export interface ViewContext {
  go(hash: string): void;
  /** A message for everyone, screen readers included (a polite live region). */
  say(message: string, isError?: boolean): void;
  rerender(): void;
}
