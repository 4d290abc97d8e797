import type { ParsedRequest } from './formats/fields.js';

/** The block-trace formats mirrorsim reads (docs/traces.md describes each). */
export const TRACE_FORMATS = ['mqsim', 'msr', 'spc', 'blkparse', 'alibaba', 'tencent'] as const;
export type TraceFormatName = (typeof TRACE_FORMATS)[number];

/** Reads one trace's lines, in order (a parser may keep state: blkparse's summary ends its events). */
export interface LineParser {
  /**
   * Reads line `lineNumber` (not blank) into `into`: true for a request,
   * false for a line that holds none (a header, a blkparse action other than
   * Q). Throws `LineProblem` for a line the format does not allow.
   */
  parse(line: string, lineNumber: number, into: ParsedRequest): boolean;
}

export interface TraceFormat {
  readonly name: TraceFormatName;
  /** Where the format comes from, in a few words. */
  readonly title: string;
  /** A request line's fields, as the format's description names them. */
  readonly layout: string;
  /** What identifies a device (or volume) in this format: what `devices:` selects. */
  readonly device: string;
  readonly parser: () => LineParser;
}

/** A parser that keeps no state. */
export const stateless = (parse: LineParser['parse']): (() => LineParser) => () => ({ parse });
