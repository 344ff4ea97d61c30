/**
 * Runs after every test file (jest setupFilesAfterEnv): undoes process-wide
 * state a file may leave behind in its jest worker.
 */
import { uncapNative } from './backends';

afterAll(uncapNative);
