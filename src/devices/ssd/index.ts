export { Ssd } from './ssd.js';
export { SSD_DEFAULTS, resolveSsdConfig, ssdConfigProblem, transferNs, type SsdConfig, type SsdConfigProblem, type SsdOptions } from './ssd-config.js';
