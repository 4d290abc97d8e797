import { formatNs } from '../engine/time.js';
import type {
  AvailabilityViolation,
  Candidate,
  ConvergenceViolation,
  GroupAtomicityViolation,
  IndicatorViolation,
  IoEndViolation,
  ReadAtomicityViolation,
  Span,
  IncrementalViolation,
  IsolationViolation,
  OpRef,
  Origin,
  PhaseRef,
  ProgressViolation,
  ReadViolation,
  RejectedCommandViolation,
  CommandTableViolation,
  DestageViolation,
  Verdict,
  Via,
} from './verdict.js';

/** One verdict as text for a person: the guarantee, the culprit, what was expected and what happened. */
export function formatVerdict(verdict: Verdict): string {
  switch (verdict.guarantee) {
    case 'snapshot-consistency':
    case 'no-lost-writes':
      return 'reason' in verdict ? formatDestage(verdict) : formatRead(verdict);
    case 'split-isolation':
      return formatIsolation(verdict);
    case 'mirror-convergence':
      return formatConvergence(verdict);
    case 'incremental-equals-full':
      return formatIncremental(verdict);
    case 'progress':
      return formatProgress(verdict);
    case 'rejected-commands-change-nothing':
      return 'reason' in verdict ? formatCommandTable(verdict) : formatRejected(verdict);
    case 'availability':
      return formatAvailability(verdict);
    case 'every-io-ends':
      return formatIoEnd(verdict);
    case 'reads-atomic':
      return verdict.reason === 'read-across-hiding' ? formatReadAtomicity(verdict) : formatGroupAtomicity(verdict);
    case 'restored-indicator':
      return formatIndicator(verdict);
  }
}

const at = (ns: number): string => (ns === Infinity ? '∞' : ns === -Infinity ? 'the start' : formatNs(ns));
const blocks = (start: number, count: number): string => (count === 1 ? `block ${start}` : `blocks ${start}–${start + count - 1}`);

export function formatOp(op: OpRef): string {
  const end = op.completeNs < 0 ? 'never completed' : at(op.completeNs);
  const outcome = op.error === null ? '' : `, failed: ${op.error}`;
  return `${op.write ? 'write' : 'read'} #${op.id} by host ${op.host} of ${op.volume} ${blocks(op.startBlock, op.blockCount)} [${at(op.issueNs)} → ${end}${outcome}]`;
}

export function formatOrigin(origin: Origin): string {
  switch (origin.kind) {
    case 'write':
      return `write #${origin.opId}`;
    case 'initial':
      return 'never written';
    case 'unconstrained':
      return 'unconstrained';
    case 'unknown':
      return 'no write in the history';
  }
}

export function formatVia(via: Via): string {
  const what = `${via.command} of pair ${via.pair} at ${at(via.atNs)}`;
  switch (via.effect) {
    case 'snapshot':
      return `the split snapshot of pair ${via.pair} at ${at(via.atNs)}`;
    case 'restore':
      return `restore of pair ${via.pair} at ${at(via.atNs)}`;
    case 'pre-restore':
      return `its value before the restore, possible again since the forced ${what}`;
    case 'unconstrained':
      return via.reason === 'forced split' ? `unconstrained since the forced ${what}` : `unconstrained: BCV hidden by the ${what}`;
  }
}

function formatCandidate(c: Candidate): string {
  const window = `possible ${at(c.fromNs)} → ${at(c.toNs)}`;
  if (c.origin.kind === 'unconstrained') return `any stamp (${c.via ? formatVia(c.via) : 'unconstrained'}, ${window})`;
  const via = c.via ? ` via ${formatVia(c.via)}` : '';
  return `${c.stamp} (${formatOrigin(c.origin)}${via}, ${window})`;
}

function formatRead(v: ReadViolation): string {
  const details = v.blocks.map(
    (b) => `block ${b.block}: returned stamp ${b.returned} (${formatOrigin(b.returnedBy)}), expected one of {${b.allowed.map(formatCandidate).join('; ')}}`,
  );
  const more = v.blocksWrong > v.blocks.length ? `; ${v.blocksWrong - v.blocks.length} more blocks wrong` : '';
  return `${v.guarantee} violated: ${formatOp(v.op)} — ${details.join('; ')}${more}`;
}

function formatIsolation(v: IsolationViolation): string {
  const w = v.write;
  const write = `${w.layer} write by ${w.source} at ${at(w.timeNs)} to ${w.volume} ${blocks(w.startBlock, w.blockCount)} (stamps ${w.stamps.join(', ')})`;
  const head = `split-isolation violated: BCV ${v.bcv} of pair ${v.pair}, split at ${at(v.splitNs)}, got a ${write}`;
  switch (v.reason) {
    case 'foreign-source':
      return `${head} — after the split only the BCV's own host writes may change it`;
    case 'foreign-stamp': {
      const of = v.stampOp ? `the stamp of ${formatOp(v.stampOp)}` : 'a stamp no host write carried';
      return `${head} — it carries ${of}, not that of a host write to ${v.bcv} in flight then`;
    }
    case 'destage-mismatch': {
      const wrong = v.blocks.map((b) => `block ${b.block}: expected ${b.expected} (the BCV's cache), wrote ${b.written}`);
      return `${head} — the drives received what the BCV's cache never held: ${wrong.join('; ')}`;
    }
  }
}

function formatConvergence(v: ConvergenceViolation): string {
  const wrong = v.blocks.map((b) => `block ${b.block}: ${v.std} has ${b.std} (${formatOrigin(b.stdOrigin)}), ${v.bcv} has ${b.bcv} (${formatOrigin(b.bcvOrigin)})`);
  const more = v.blocksDiffering > v.blocks.length ? `; ${v.blocksDiffering - v.blocks.length} more` : '';
  return `mirror-convergence violated: pair ${v.pair} is ${v.finalState} since ${at(v.sinceNs)} but its sides differ on ${v.blocksDiffering} blocks — ${wrong.join('; ')}${more}`;
}

export function formatPhase(p: PhaseRef): string {
  const scope = p.incremental ? 'incremental' : 'full';
  const protection = p.kind === 'restore' ? (p.protected ? ' protected' : ' unprotected') : '';
  const end = p.endNs < 0 ? 'still running' : `${p.ending} at ${at(p.endNs)}`;
  return `${scope}${protection} ${p.kind} of pair ${p.pair} (command #${p.commandId}, from ${at(p.startNs)}, ${end}) into ${p.target}`;
}

function formatIncremental(v: IncrementalViolation): string {
  const tracks = `${v.tracks.join(', ')}${v.tracksWrong > v.tracks.length ? ` and ${v.tracksWrong - v.tracks.length} more` : ''}`;
  const since = `changes counted since ${at(v.baselineNs)}`;
  switch (v.reason) {
    case 'copied-unchanged':
      return `incremental-equals-full violated: ${formatPhase(v.phase)} copied tracks no change named: ${tracks} (${since})`;
    case 'missed-changed':
      return `incremental-equals-full violated: ${formatPhase(v.phase)} finished without copying changed tracks ${tracks} (${since})`;
    case 'copied-twice':
      return `incremental-equals-full violated: ${formatPhase(v.phase)} copied tracks more than once: ${tracks}`;
  }
}

function formatProgress(v: ProgressViolation): string {
  if (v.reason === 'overran') {
    const ended = v.phase.endNs < 0 ? `is still running at ${at(v.atNs)}` : `took until ${at(v.phase.endNs)}`;
    return `progress violated: ${formatPhase(v.phase)} ${ended}, beyond its bound of ${at(v.boundNs)}`;
  }
  if (v.reason === 'over-concurrency') {
    const { underWay, concurrency } = v.overConcurrency!;
    return `progress violated: ${formatPhase(v.phase)} started a copy of track ${v.track} with ${underWay} under way, over its concurrency of ${concurrency} at ${at(v.atNs)}`;
  }
  if (v.reason === 'copy-while-down') {
    return `progress violated: ${formatPhase(v.phase)} started a copy of track ${v.track} at ${at(v.atNs)}, while ${v.whileDown}: a copy task runs on its director`;
  }
  if (v.reason === 'over-rate') {
    const { landedBefore, rateMBps, previousStartNs } = v.overRate!;
    if (previousStartNs !== undefined) {
      return `progress violated: ${formatPhase(v.phase)} started a copy of track ${v.track} at ${at(v.atNs)}, its previous at ${at(previousStartNs)}: its rate limit of ${rateMBps} MB/s allows the next at ${at(v.boundNs)}`;
    }
    return `progress violated: ${formatPhase(v.phase)} landed background copy #${landedBefore + 1} (track ${v.track}) at ${at(v.atNs)}, before its rate limit of ${rateMBps} MB/s allows (${at(v.boundNs)})`;
  }
  return `progress violated: ${formatPhase(v.phase)} copied track ${v.track} again at ${at(v.atNs)}: its restored indicator shrank (tracks restored ${v.restoredBefore} → ${v.restoredAfter} to copy it again)`;
}

function formatRejected(v: RejectedCommandViolation): string {
  const c = v.command;
  const refused = `rejected-commands-change-nothing violated: command #${c.id} (${c.command} ${c.target}) was refused with ${c.error} at ${at(c.completeNs)}`;
  if (v.sameRequest) {
    const { id, effectiveNs } = v.sameRequest;
    return `${refused}, yet command #${id} of the same host request took effect at ${at(effectiveNs)}: pair ${v.change.pair} went from ${v.previousLabel} to ${v.change.label}`;
  }
  return `${refused}, yet pair ${v.change.pair} went from ${v.previousLabel} to ${v.change.label} then`;
}

function formatDestage(v: DestageViolation): string {
  const more = v.alsoWrong > 0 ? ` (and ${v.alsoWrong} more block${v.alsoWrong === 1 ? '' : 's'} of ${v.volume})` : '';
  if (v.reason === 'destaged-unheld') {
    return `no-lost-writes violated: a destage at ${at(v.atNs)} wrote stamp ${v.disk} to ${v.volume} block ${v.block} on the drives, which its cache never held (it held ${v.cache})${more}`;
  }
  if (v.reason === 'split-settled-early') {
    return `no-lost-writes violated: a split settled at ${at(v.atNs)} with ${v.volume} block ${v.block} holding stamp ${v.disk} on the drives; its cache held ${v.cache} when the split took effect, and a split settles only once those writes are destaged${more}`;
  }
  return `no-lost-writes violated: the run fell idle at ${at(v.atNs)} with ${v.volume} block ${v.block} holding stamp ${v.disk} on the drives and ${v.cache} in the cache: a write was never destaged${more}`;
}

function formatCommandTable(v: CommandTableViolation): string {
  const head = 'rejected-commands-change-nothing violated';
  if (!v.command) {
    const { change } = v;
    return `${head}: pair ${change!.pair} went from ${v.before} to ${v.got} by ${change!.cause} at ${at(change!.atNs)}; the design's table says ${v.expected}`;
  }
  const c = v.command;
  if (v.reason === 'off-schedule') {
    return `${head}: command #${c.id} (${c.command} ${c.target}, issued at ${at(c.issueNs)}) — ${v.before} at ${at(Number(v.got))}; the history's command and split-step times say ${at(Number(v.expected))}`;
  }
  const options = Object.entries(c.options).filter(([, value]) => value === true).map(([key]) => ` --${key}`).join('');
  const what = `command #${c.id} (${c.command}${options} ${c.target}, issued at ${at(c.issueNs)}) in ${v.before}`;
  switch (v.reason) {
    case 'illegal-accepted':
      return `${head}: ${what} was accepted; the design's table refuses it there (${v.expected})`;
    case 'legal-refused':
      return `${head}: ${what} was refused with ${v.got}; the design's table accepts it there, to ${v.expected}`;
    case 'wrong-refusal':
      return `${head}: ${what} was refused with ${v.got}; the design's table refuses it with ${v.expected}`;
    case 'wrong-legal-list':
      return `${head}: ${what} was refused naming as legal: ${v.got}; the design's table: ${v.expected}`;
    case 'std-busy-accepted':
    case 'std-busy-refused':
      return `${head}: ${what} was ${v.got}; it should have been ${v.expected}`;
    case 'message-incomplete':
      return `${head}: ${what} was refused with the message ${v.got}; expected ${v.expected}`;
    default:
      return `${head}: ${what} took its pair to ${v.got}; the design's table says ${v.expected}`;
  }
}

function formatAvailability(v: AvailabilityViolation): string {
  const states = v.states.length > 0 ? ` (pair ${v.states[0]!.pair}: ${v.states.map((s) => `${s.label} from ${at(s.fromNs)}`).join(', ')})` : '';
  return `availability violated: ${formatOp(v.op)} — ${v.why}${states}`;
}

function formatIoEnd(v: IoEndViolation): string {
  const from = v.loadEndNs !== null && v.loadEndNs > v.op.issueNs ? `the load's end at ${at(v.loadEndNs)}` : 'its issue';
  const what = v.reason === 'late' ? `ended after its deadline of ${at(v.deadlineNs)}` : `never ended, though the history runs to ${at(v.runEndNs)}, past its deadline of ${at(v.deadlineNs)}`;
  return `every-io-ends violated: ${formatOp(v.op)} ${what} (${at(v.boundNs)} from ${from})`;
}

const spans = (list: readonly Span[]): string => (list.length === 0 ? 'never' : list.map((s) => `${at(s.fromNs)} → ${at(s.toNs)}`).join(', '));

function formatReadAtomicity(v: ReadAtomicityViolation): string {
  const details = v.blocks.map(
    (b) => `block ${b.block}: returned stamp ${b.returned} (${formatOrigin(b.returnedBy)}), held while it answered: {${b.allowed.map(formatCandidate).join('; ')}}`,
  );
  const more = v.blocksWrong > v.blocks.length ? `; ${v.blocksWrong - v.blocks.length} more blocks wrong` : '';
  return `reads-atomic violated: ${formatOp(v.op)} returned what ${v.op.volume} never held while it answered (${spans(v.answered)}) — ${details.join('; ')}${more}`;
}

function formatGroupAtomicity(v: GroupAtomicityViolation): string {
  const members = v.members.map((m) => `${m.pair} (#${m.commandId}: ${m.error ?? `effective ${at(m.effectiveNs)}, applied ${at(m.appliedNs)}`})`).join(', ');
  const head = `reads-atomic violated: ${v.command} of group ${v.group} issued at ${at(v.issueNs)}`;
  switch (v.reason) {
    case 'group-partly-refused':
      return `${head} took effect for some members and was refused for others: ${members}`;
    case 'group-member-missing':
      return `${head} has no record for ${v.missing.join(', ')}: ${members}`;
    case 'consistent-split-instants-differ':
      return `${head} is consistent, yet its members took effect at different instants: ${members}`;
  }
}

function formatIndicator(v: IndicatorViolation): string {
  const restore = v.restoreNs >= 0 ? `the restore of pair ${v.pair} from ${at(v.restoreNs)}` : `pair ${v.pair}`;
  switch (v.reason) {
    case 'marked-twice':
      return `restored-indicator violated: ${restore} marked track ${v.track} restored at ${at(v.atNs)}, though it was ${v.fromStart ? 'restored from the start' : 'marked already'}: the indicator shrank`;
    case 'marked-outside-restore':
      return `restored-indicator violated: pair ${v.pair} marked track ${v.track} restored at ${at(v.atNs)}, when no restore of it was running${v.restoreNs >= 0 ? ` (the one from ${at(v.restoreNs)} had ended)` : ''}`;
    case 'incomplete-at-restored': {
      const more = v.tracksWrong > v.tracks.length ? ` and ${v.tracksWrong - v.tracks.length} more` : '';
      return `restored-indicator violated: ${restore} entered Restored at ${at(v.atNs)} with tracks not restored: ${v.tracks.join(', ')}${more}`;
    }
    case 'not-snapshot': {
      const when = v.fromStart ? `counted restored from the start at ${at(v.atNs)}` : `marked restored at ${at(v.atNs)}`;
      const details = v.blocks.map((b) => `block ${b.block}: STD held ${b.held} (${formatOrigin(b.heldBy)}), the model allows {${b.allowed.map(formatCandidate).join('; ')}}`);
      const more = v.blocksWrong > v.blocks.length ? `; ${v.blocksWrong - v.blocks.length} more blocks wrong` : '';
      return `restored-indicator violated: ${restore}: track ${v.track}, ${when}, did not hold the snapshot's data — ${details.join('; ')}${more}`;
    }
    case 'copy-on-read-when-off':
      return `restored-indicator violated: a read restored track ${v.track} of pair ${v.pair} at ${at(v.atNs)} (a copy-on-read write), though the history's settings turn copy-on-read off`;
    case 'copy-before-write-when-refused':
      return `restored-indicator violated: a BCV write restored track ${v.track} of pair ${v.pair} at ${at(v.atNs)} (a copy-before-write write), though the history's settings refuse BCV writes during a protected restore`;
    case 'merge-of-covered-track':
      return `restored-indicator violated: a host write merged track ${v.track} of pair ${v.pair} at ${at(v.atNs)} (read the rest from the BCV), though it covered the whole track: it restores it by overwriting`;
    case 'read-before-restored':
      return `restored-indicator violated: ${restore}: a host read of track ${v.track} answered at ${at(v.atNs)} before the track was restored, though copy-on-read is on (a read of an unrestored track restores it first)`;
    case 'query-disagrees': {
      const q = v.query!;
      return `restored-indicator violated: query of pair ${v.pair} at ${at(v.atNs)} answered ${q.field} ${q.answered}; the history says ${q.expected}`;
    }
  }
}
