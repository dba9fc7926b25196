/**
 * Writing files, safely: the one output directory mechanism every command and back end uses (guarded,
 * planned before written), the marker that tells craft's files from the user's, and file names made from
 * model names, capped in length.
 */
export { OutputDir, OutputError, OutsideError, type OutputDirOptions, type OutputFile, type Planned, type Status, type Written } from './output-dir.js';
export { isMarked, markPng, marker, markText, type TextFormat } from './marker.js';
export { cappedFileName, fileStem, maxComponentBytes, maxFileNameBytes } from './file-names.js';
