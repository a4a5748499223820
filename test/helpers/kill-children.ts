import { killAll } from './process';

// Jest's setupFilesAfterEnv: after every test file, whatever it started and left running is stopped.
afterAll(() => killAll());
