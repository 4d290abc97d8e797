export { asDiskSimRunsIt, hddParamsFromDiskSim, loadDiskSimHddParams } from './load.js';
export { parseDiskSimModel, type DiskSimModel } from './model.js';
export { parseDiskSimSpecs, type DiskSimSpecs } from './diskspecs.js';
export { parseSeekFile } from './seek-file.js';
export { DiskSimFormatError, parseDiskSimText, type DsParam, type DsTopBlock, type DsValue } from './parse.js';
