/**
 * A priority stated in the subject, where the tenant allows it: `[P1]`..`[Pn]` counts down the policy's
 * priorities from the most urgent (`[P1]` = interzen `blocking`, harmoni `urgent`), or the priority's own
 * name in brackets (`[high]`, `[critical]`), case-insensitive. The tag is taken out of the subject.
 */

export interface SubjectPriority {
  priority: string | undefined;
  /** The subject without the priority tag. */
  subject: string;
}

/** `priorities` is the policy's list, most urgent first. */
export function priorityFromSubject(subject: string, priorities: readonly string[]): SubjectPriority {
  const tag = /\[\s*([A-Za-z0-9_-]{1,20})\s*\]/g;
  for (const m of subject.matchAll(tag)) {
    const word = m[1]!;
    const numbered = /^P([1-9])$/i.exec(word);
    const priority = numbered
      ? priorities[Number(numbered[1]) - 1]
      : priorities.find((p) => p.toLowerCase() === word.toLowerCase());
    if (priority !== undefined) {
      const cleaned = (subject.slice(0, m.index) + subject.slice(m.index! + m[0].length))
        .replace(/\s{2,}/g, ' ')
        .trim();
      return { priority, subject: cleaned || subject };
    }
  }
  return { priority: undefined, subject };
}
