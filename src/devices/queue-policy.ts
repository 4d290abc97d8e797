/**
 * How a drive picks the next request from its queue:
 * - `fifo`: arrival order;
 * - `sstf`: shortest seek (closest position to the head) first;
 * - `look`: elevator, sweeping up then down, turning at the last request;
 * - `clook`: circular elevator, sweeping up only, then jumping back to the lowest request.
 */
export type QueuePolicy = 'fifo' | 'sstf' | 'look' | 'clook';

export const QUEUE_POLICIES: readonly QueuePolicy[] = ['fifo', 'sstf', 'look', 'clook'];
