// Vitest setup: every test file runs on the backend its project names (see vitest.config.ts).
import { setBackend } from '@chainrule/autograd';

const name = process.env.CHAINRULE_BACKEND;
if (name !== undefined) setBackend(name);
