import type { RunResult } from '../../scenario/results.js';
import { heading, paragraph, table, type Block } from './blocks.js';
import { secondsText } from './format.js';

/** The faults injected during the run, and how the array coped with them. */
export function faultSection(result: RunResult): Block[] {
  if (result.faults.length === 0) return [];
  const r = result.recovery;
  const failed = result.hosts.reduce((sum, host) => sum + host.failed, 0);
  return [
    heading('Faults'),
    table(
      ['simulated s', 'fault', 'target', 'detail'],
      result.faults.map((f) => [secondsText(f.atNs), f.fault, f.target, f.detail || '-']),
    ),
    paragraph(
      `Recovery: ${r.mirrorReads} reads served by the other mirror, ${r.repairs} bad sectors rewritten from it, ${r.destageRetries} destages retried, ` +
        `${r.hostRetries} host I/Os retried on another path; ${failed} host I/Os failed with an error.`,
    ),
  ];
}
