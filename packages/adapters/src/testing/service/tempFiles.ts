import { testTempFolder, type TestFolder } from '../../testRun';

/** A fresh temporary folder of this test run (see testRun), and a way to remove it. */
export const tempDirectory = (prefix: string): TestFolder => testTempFolder(prefix);
