// Public surface of the Quadlet language support (no vscode import anywhere below).
export { quadletService } from './service';
export { previewUnit, generateService, type PreviewInput, type PreviewResult, type PreviewError } from './generator';
export { quadletCli } from './cli';
export { quadletFromInspect, quadletFromPodmanRun } from './generate';
export { LANGUAGE_ID, UNIT_EXTENSIONS, classifyPath, standardSearchDirs } from './files';
export { SECTIONS, keyInfo } from './catalogue';
export { serviceOptions } from './document';
