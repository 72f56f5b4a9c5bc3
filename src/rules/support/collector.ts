// Groups findings that share a resource, field and kind of problem, so a rule that discovers the
// same root cause once per host or port reports it once, listing the hosts.
import type { Path, RelatedRef, Resource, RuleFinding, Severity } from '../types.ts';
import { listForMessage } from './object.ts';

interface Group {
  resource: Resource;
  path: Path;
  severity?: Severity;
  absentOf?: (subjects: string) => string;
  subjects: string[];
  related: Map<string, RelatedRef>;
  render: (subjects: string) => { message: string; fix: string };
}

export class FindingCollector {
  private readonly groups = new Map<string, Group>();

  add(input: {
    key: string;
    resource: Resource;
    path: Path;
    subject: string;
    related?: readonly (RelatedRef | undefined)[];
    severity?: Severity;
    /** What is missing from the input when that absence is the finding's only evidence (see RuleFinding.absent). */
    absent?: (subjects: string) => string;
    render: (subjects: string) => { message: string; fix: string };
  }): void {
    const key = `${input.resource.uid}|${input.path.join('.')}|${input.key}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { resource: input.resource, path: input.path, subjects: [], related: new Map(), render: input.render };
      if (input.severity) group.severity = input.severity;
      if (input.absent) group.absentOf = input.absent;
      this.groups.set(key, group);
    }
    if (input.subject && !group.subjects.includes(input.subject)) group.subjects.push(input.subject);
    for (const ref of input.related ?? []) {
      if (ref && ref.resource.uid !== input.resource.uid) group.related.set(ref.resource.uid, ref);
    }
  }

  *findings(): Iterable<RuleFinding> {
    for (const group of this.groups.values()) {
      const { message, fix } = group.render(listForMessage(group.subjects));
      const finding: RuleFinding = {
        resource: group.resource,
        path: group.path,
        message,
        fix,
        related: [...group.related.values()],
        ...(group.severity ? { severity: group.severity } : {}),
        ...(group.absentOf ? { absent: group.absentOf(listForMessage(group.subjects)) } : {}),
      };
      yield finding;
    }
  }
}
