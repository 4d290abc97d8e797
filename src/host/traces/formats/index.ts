import type { TraceFormat, TraceFormatName } from '../format.js';
import { ALIBABA } from './alibaba.js';
import { BLKPARSE } from './blkparse.js';
import { MQSIM } from './mqsim.js';
import { MSR } from './msr.js';
import { SPC } from './spc.js';
import { TENCENT } from './tencent.js';

export const FORMATS: Readonly<Record<TraceFormatName, TraceFormat>> = {
  mqsim: MQSIM,
  msr: MSR,
  spc: SPC,
  blkparse: BLKPARSE,
  alibaba: ALIBABA,
  tencent: TENCENT,
};
