export { Ssd } from './ssd.js';
export { SSD_DEFAULTS, resolveSsdConfig, transferNs, type SsdConfig, type SsdOptions } from './ssd-config.js';
