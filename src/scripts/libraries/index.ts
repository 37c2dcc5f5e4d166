/** The npm libraries that scripts may require(), prebuilt for the QuickJS sandbox. */
export { SANDBOX_LIBRARIES, isSandboxLibrary, librarySource, sandboxLibraryDirectory } from './library-files.js';
