export { Hdd } from './hdd.js';
export { CHEETAH_15K5, defaultHddParams } from './defaults.js';
export { checkHddParams, HddConfigError } from './params-check.js';
export { Layout, Location } from './layout.js';
export { SeekTimes, seekSpecNs } from './seek.js';
export type * from './params.js';
