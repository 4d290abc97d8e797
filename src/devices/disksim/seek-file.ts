import type { SeekPoint } from '../hdd/params.js';
import { DiskSimFormatError } from './parse.js';

const NS_PER_MS = 1_000_000;

/**
 * Reads a DiskSim `.seek` file: a header `Seek distances measured: N`, then
 * N lines `distance, milliseconds` with distances increasing.
 */
export function parseSeekFile(file: string, text: string): SeekPoint[] {
  const lines = text.split(/\r?\n/);
  let declared = -1;
  const points: SeekPoint[] = [];
  lines.forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const lineNo = index + 1;
    if (declared < 0) {
      const header = /^Seek distances measured:\s*(\d+)$/.exec(line);
      if (!header) throw new DiskSimFormatError(file, lineNo, `expected "Seek distances measured: N", found "${line}"`);
      declared = Number(header[1]);
      return;
    }
    points.push(parsePoint(file, lineNo, line, points[points.length - 1]));
  });
  if (declared < 0) throw new DiskSimFormatError(file, 0, 'empty file: expected "Seek distances measured: N"');
  if (points.length !== declared) {
    throw new DiskSimFormatError(file, 0, `header announces ${declared} seek distances, found ${points.length}`);
  }
  return points;
}

function parsePoint(file: string, lineNo: number, line: string, previous: SeekPoint | undefined): SeekPoint {
  const match = /^(\d+)\s*,\s*(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)$/.exec(line);
  if (!match) throw new DiskSimFormatError(file, lineNo, `expected "distance, milliseconds", found "${line}"`);
  const distanceCylinders = Number(match[1]);
  if (distanceCylinders < 1 || (previous && distanceCylinders <= previous.distanceCylinders)) {
    throw new DiskSimFormatError(file, lineNo, `seek distances must be ≥ 1 and increasing, found ${distanceCylinders}`);
  }
  return { distanceCylinders, seekNs: Number(match[2]) * NS_PER_MS };
}
