import { statSync } from 'node:fs';
import { readMqsimTraceFile, TraceParseError } from '../host/mqsim-trace.js';
import { WorkloadSpecError } from '../host/resolve.js';
import { traceRequests } from '../host/trace-replay.js';

/** How a trace is laid onto its volume: what decides whether it can be replayed. */
export interface TraceMapping {
  readonly volumeBlocks: number;
  readonly sectorsPerBlock: number;
  readonly device: number | undefined;
}

/** Verdicts already reached, by file version and mapping: a sweep loads the same scenario once per point. */
const verdicts = new Map<string, string | null>();
const VERDICTS_MAX = 256;

/**
 * Why the MQSim trace at `path` (a readable file) cannot be replayed as the
 * run would replay it — a line that does not parse, a request larger than
 * the volume — or null when it can. The run reads it again when it builds
 * its hosts; here it is read once per version of the file.
 */
export function traceProblem(path: string, mapping: TraceMapping): string | null {
  const stats = statSync(path, { throwIfNoEntry: false });
  const key = `${path}\u0000${stats?.size}\u0000${stats?.mtimeMs}\u0000${mapping.volumeBlocks}\u0000${mapping.sectorsPerBlock}\u0000${mapping.device}`;
  const known = verdicts.get(key);
  if (known !== undefined) return known;
  const verdict = replayProblem(path, mapping);
  if (verdicts.size >= VERDICTS_MAX) verdicts.clear();
  verdicts.set(key, verdict);
  return verdict;
}

function replayProblem(path: string, mapping: TraceMapping): string | null {
  try {
    const trace = readMqsimTraceFile(path);
    traceRequests(trace, {
      volume: 0,
      sizeBlocks: mapping.volumeBlocks,
      sectorsPerBlock: mapping.sectorsPerBlock,
      ...(mapping.device !== undefined && { devices: [mapping.device] }),
    });
    return null;
  } catch (error) {
    if (error instanceof TraceParseError) return `the trace cannot be replayed: ${error.message}`;
    if (error instanceof WorkloadSpecError) return `the trace cannot be replayed: ${error.field}: expected ${error.expected}, got ${JSON.stringify(error.got)}`;
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return `cannot read ${path} (${code})`;
    throw error;
  }
}
